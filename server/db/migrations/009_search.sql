-- Issue 14: search inside every video (titles, descriptions, the cues of every subtitle track, the
-- answered questions of a replay's Q&A), typed the way people really type. One normalising function,
-- efir_norm, is used at index time (the generated columns and expression indexes below) and at query
-- time (server/repositories/search.ts); server/search/normalize.ts mirrors it character by character
-- in TypeScript, only to put <mark> around what matched.
-- PGlite loads both extensions from @electric-sql/pglite/contrib (server/db/index.ts).
create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- unaccent(text) is only STABLE (it looks its dictionary up through search_path); naming the
-- dictionary makes the result fixed, so it may be used in generated columns and indexes.
create function efir_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- lower(); unaccent (ё→е, ș ş→s, ț ţ→t, ă â î→a a i, ğ ç ö ü→g c o u, ı→i, ʻ ʼ ‘ ’→'); then what
-- unaccent leaves: Tajik letters folded to the Russian ones people type on phones without a Tajik
-- keyboard (ӣ→и ӯ→у ҳ→х ҷ→ч қ→к ғ→г), Azerbaijani ə→e, and the apostrophe-likes of Uzbek oʻ gʻ
-- deleted (ʻ ʼ ‘ ’ ` '), so o' o‘ o` and plain o all meet. Names everything it calls with its schema:
-- a restore (pg_restore runs with an empty search_path) rebuilds the generated columns through it.
create function efir_norm(text) returns text
  language sql immutable parallel safe strict
  as $$ select pg_catalog.translate(public.efir_unaccent(pg_catalog.lower($1)), 'ӣӯҳҷқғəıʻʼ‘’`''', 'иухчкгei') $$;

-- One row per cue of the current version of every subtitle track. `words` finds whole words and
-- prefixes in every language, `stem` the other forms of a word where PostgreSQL has a stemmer
-- (Russian, Romanian, English; none for Uzbek, Tajik, Azerbaijani), `norm` with pg_trgm the typos.
-- `version` is the track's version the rows were made from.
create table search_cues (
  video_id text not null references videos(id) on delete cascade,
  lang text not null,
  version integer not null,
  idx integer not null,
  start_s double precision not null,
  end_s double precision not null,
  text text not null,
  norm text generated always as (efir_norm(text)) stored,
  words tsvector generated always as (to_tsvector('simple', efir_norm(text))) stored,
  stem tsvector generated always as (case lang
    when 'ru' then to_tsvector('russian', efir_norm(text))
    when 'ro' then to_tsvector('romanian', efir_norm(text))
    when 'en' then to_tsvector('english', efir_norm(text))
    else null end) stored,
  primary key (video_id, lang, idx)
);
-- fastupdate off: a new track's entries go into the indexes at once instead of a pending list that
-- every query scans until a vacuum merges it (PGlite has no autovacuum; bench:search measured a typo
-- query at 263 ms with an upload's pending entries against 32 ms without). An upload's few hundred
-- entries cost a little more to write; queries stay as fast as after a vacuum.
create index search_cues_words_idx on search_cues using gin (words) with (fastupdate = off);
create index search_cues_stem_idx on search_cues using gin (stem) with (fastupdate = off);
create index search_cues_norm_idx on search_cues using gin (norm gin_trgm_ops) with (fastupdate = off);

-- The index follows the current version of each track by itself, whoever changes it (an upload, the
-- cue editor, a draft, a restore, the YouTube mirror, a deletion): the track's rows are replaced by
-- the cues of subtitle_versions where version = video_subtitles.version. Deferred to the commit, so a
-- save that writes its version row and bumps the track in either order is indexed complete; the
-- second of its two events finds the rows at the current version already and does nothing.
-- Tracks stored before 008 have no version row: a backfill indexes their stored files
-- (server/search/backfill.ts), and this leaves those rows alone until the track's next version.
create function efir_search_cues_refresh() returns trigger language plpgsql as $$
declare
  v text;
  l text;
  current_version integer;
begin
  if tg_op = 'DELETE' then
    v := old.video_id; l := old.lang;
  else
    v := new.video_id; l := new.lang;
  end if;
  select s.version into current_version from public.video_subtitles s where s.video_id = v and s.lang = l;
  if current_version is null then
    delete from public.search_cues where video_id = v and lang = l;
    return null;
  end if;
  if exists (select 1 from public.search_cues where video_id = v and lang = l and version = current_version)
     or not exists (select 1 from public.subtitle_versions where video_id = v and lang = l and version = current_version) then
    return null;
  end if;
  delete from public.search_cues where video_id = v and lang = l;
  insert into public.search_cues (video_id, lang, version, idx, start_s, end_s, text)
  select sv.video_id, sv.lang, sv.version, (e.ord - 1)::integer,
         coalesce((e.cue->>'start')::double precision, 0), coalesce((e.cue->>'end')::double precision, 0),
         coalesce(e.cue->>'text', '')
    from public.subtitle_versions sv
   cross join lateral jsonb_array_elements(sv.cues) with ordinality as e(cue, ord)
   where sv.video_id = v and sv.lang = l and sv.version = current_version;
  return null;
end $$;

create constraint trigger video_subtitles_search
  after insert or update of version or delete on video_subtitles
  deferrable initially deferred
  for each row execute function efir_search_cues_refresh();
create constraint trigger subtitle_versions_search
  after insert on subtitle_versions
  deferrable initially deferred
  for each row execute function efir_search_cues_refresh();

-- Titles and descriptions, with every translation of them, as one normalised text: `search_doc` for
-- the trigram index (typos), `search_words` its words, stored so ranking a title hit reads the vector
-- instead of parsing the text again (a generated column cannot read another, hence the function).
create function efir_video_doc(title text, description text, i18n jsonb) returns text
  language sql immutable parallel safe
  as $$ select public.efir_norm(title || ' ' || description
  || ' ' || coalesce(i18n->'ru'->>'title', '') || ' ' || coalesce(i18n->'ru'->>'description', '')
  || ' ' || coalesce(i18n->'uz'->>'title', '') || ' ' || coalesce(i18n->'uz'->>'description', '')
  || ' ' || coalesce(i18n->'tg'->>'title', '') || ' ' || coalesce(i18n->'tg'->>'description', '')
  || ' ' || coalesce(i18n->'az'->>'title', '') || ' ' || coalesce(i18n->'az'->>'description', '')
  || ' ' || coalesce(i18n->'ro'->>'title', '') || ' ' || coalesce(i18n->'ro'->>'description', '')
  || ' ' || coalesce(i18n->'en'->>'title', '') || ' ' || coalesce(i18n->'en'->>'description', '')) $$;
alter table videos add column search_doc text generated always as (efir_video_doc(title, description, i18n)) stored;
alter table videos add column search_words tsvector generated always as (to_tsvector('simple', efir_video_doc(title, description, i18n))) stored;
create index videos_search_words_idx on videos using gin (search_words);
create index videos_search_norm_idx on videos using gin (search_doc gin_trgm_ops);

-- Answered questions of a broadcast belong to its replay (broadcasts.replay_video_id), at
-- answered_offset; only they are searched.
create index qa_questions_search_words_idx on qa_questions using gin (to_tsvector('simple', efir_norm(text))) where state = 'answered';
create index qa_questions_search_norm_idx on qa_questions using gin (efir_norm(text) gin_trgm_ops) where state = 'answered';
