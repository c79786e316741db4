-- Live broadcasts and their Q&A (issue 3). The video side of a broadcast (ingest, HLS, replay) adds
-- its own columns in a later migration; here a broadcast is a title, a schedule, a state and the
-- Q&A settings moderators change during the show.
create table broadcasts (
  id text primary key,
  owner_id text references users(id) on delete set null,
  title text not null,
  description text not null default '',
  scheduled_at timestamptz,
  state text not null default 'scheduled' check (state in ('scheduled', 'live', 'ended')),
  started_at timestamptz,
  ended_at timestamptz,
  qa_open boolean not null default true,
  -- pre: every question waits for a moderator; post: questions appear at once unless held
  qa_mode text not null default 'pre' check (qa_mode in ('pre', 'post')),
  slow_mode_seconds integer not null default 0 check (slow_mode_seconds between 0 and 3600),
  -- lower-cased NFC words; a question containing one is held for review even in post-moderation
  blocked_words jsonb not null default '[]',
  on_air_question_id text,
  -- The Q&A event sequence: every event row takes last_seq + 1 in the transaction that writes it,
  -- so the row lock orders events and a rolled-back write leaves no hole.
  last_seq bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index broadcasts_schedule_idx on broadcasts(coalesce(scheduled_at, created_at) desc);

-- viewer_id is the signed viewer cookie's identity; ip_hash is sha256(secret + ip), never the IP.
create table qa_questions (
  id text primary key,
  broadcast_id text not null references broadcasts(id) on delete cascade,
  viewer_id text not null,
  ip_hash text not null,
  -- the client's id for this question (its `ref`): a retry after a lost acknowledgement finds
  -- the stored question instead of asking it twice
  client_ref text not null,
  author_name text not null default '',
  lang text not null check (lang in ('ru', 'uz', 'tg', 'az', 'ro', 'en')),
  text text not null,
  -- what the viewer typed, kept when a moderator edits the text
  original_text text,
  state text not null check (state in ('pending', 'approved', 'rejected', 'answered', 'hidden', 'merged')),
  -- why a question waits: premoderation, or a blocked word (held even in post-moderation)
  held_for text check (held_for in ('premoderation', 'blocked_word')),
  -- the blocked words found in the text when it was asked or edited, shown to moderators
  blocked_hits jsonb not null default '[]',
  votes integer not null default 0 check (votes >= 0),
  merged_into text references qa_questions(id) on delete set null,
  answered_at timestamptz,
  -- seconds from the start of the broadcast to the answer, for the replay
  answered_offset double precision,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (broadcast_id, viewer_id, client_ref)
);
create index qa_questions_broadcast_idx on qa_questions(broadcast_id, created_at desc);
create index qa_questions_viewer_idx on qa_questions(broadcast_id, viewer_id, created_at desc);
create index qa_questions_ip_idx on qa_questions(broadcast_id, ip_hash, created_at desc);

-- One vote per identity and question: the primary key is the rule.
create table qa_votes (
  question_id text not null references qa_questions(id) on delete cascade,
  voter_id text not null,
  created_at timestamptz not null default now(),
  primary key (question_id, voter_id)
);
create index qa_votes_voter_idx on qa_votes(voter_id);

-- Timeouts and bans, by identity and by IP hash; they hold across broadcasts.
create table qa_sanctions (
  id text primary key,
  kind text not null check (kind in ('timeout', 'ban')),
  viewer_id text not null,
  ip_hash text not null,
  broadcast_id text references broadcasts(id) on delete set null,
  question_id text references qa_questions(id) on delete set null,
  reason text not null default '',
  created_by text references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  lifted_at timestamptz,
  lifted_by text references users(id) on delete set null
);
create index qa_sanctions_viewer_idx on qa_sanctions(viewer_id) where lifted_at is null;
create index qa_sanctions_ip_idx on qa_sanctions(ip_hash) where lifted_at is null;

-- Who did what, when, with the state before and after.
create table qa_audit (
  id bigserial primary key,
  broadcast_id text not null references broadcasts(id) on delete cascade,
  actor_id text references users(id) on delete set null,
  actor_name text not null,
  action text not null,
  target_id text,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index qa_audit_broadcast_idx on qa_audit(broadcast_id, id desc);

-- Every event of a broadcast, as each audience sees it: moderators (mod), the question's author
-- (own, else pub) and everyone else (pub; null = not shown to them). A client that reconnects
-- reads what it missed from here.
create table qa_events (
  broadcast_id text not null references broadcasts(id) on delete cascade,
  seq bigint not null,
  mod jsonb not null,
  pub jsonb,
  own jsonb,
  author text,
  created_at timestamptz not null default now(),
  primary key (broadcast_id, seq)
);
