-- Q&A sanctions that hit the right person (issue 10, item 7).
-- A sanction applies to its broadcast, or to every broadcast when the moderator chose so. Those made
-- before this migration held everywhere; they keep doing so.
alter table qa_sanctions
  add column scope text not null default 'all' check (scope in ('broadcast', 'all'));
alter table qa_sanctions alter column scope set default 'broadcast';

-- When each viewer identity (the viewer cookie) was first seen on the Q&A. A sanction's address
-- match catches only an identity first seen after the sanction was made (a fresh cookie), never a
-- viewer already known behind the same address (a dormitory, a café, one mobile NAT).
create table qa_viewers (
  viewer_id text primary key,
  first_seen timestamptz not null
);
-- Everyone who asked or voted before this migration is known since then.
insert into qa_viewers (viewer_id, first_seen)
select viewer_id, min(at) from (
  select viewer_id, created_at as at from qa_questions
  union all
  select voter_id, created_at from qa_votes
) seen group by viewer_id;

-- The address match looks up recent sanctions by address.
create index qa_sanctions_ip_recent_idx on qa_sanctions(ip_hash, created_at desc) where lifted_at is null;
