-- Accounts. Viewers have no row: they are an anonymous signed cookie identity.
create table users (
  id text primary key,
  email text not null unique,
  display_name text not null,
  role text not null check (role in ('admin', 'producer', 'moderator')),
  password_hash text not null,
  created_at timestamptz not null default now()
);

-- Sessions: the cookie carries the id; the csrf token is sent back by pages in x-csrf-token.
create table sessions (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions(user_id);

-- A video in the library. `state` is about processing; `published_at` is the producer's choice.
-- A viewer sees a video only when state = 'ready' and published_at is set and current_rev is set.
create table videos (
  id text primary key,
  owner_id text references users(id) on delete set null,
  title text not null,
  description text not null default '',
  origin text not null default 'upload' check (origin in ('upload', 'import', 'youtube', 'live')),
  state text not null check (state in ('uploading', 'processing', 'ready', 'failed')),
  error text,
  source_name text,
  source_path text,
  source_size bigint,
  probe jsonb,
  -- what the ladder step made (rungs, segment duration, MPEG-TS start offset), needed again by subtitle-only runs
  ladder jsonb,
  duration double precision,
  width integer,
  height integer,
  -- the complete, immutable output directory media/<id>/<current_rev>/ players read
  current_rev integer,
  auto_publish boolean not null default false,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index videos_library_idx on videos(published_at desc) where published_at is not null;
create index videos_owner_idx on videos(owner_id, created_at desc);

-- The subtitle file a producer attached for one language (one per language: a second replaces it).
create table video_subtitles (
  video_id text not null references videos(id) on delete cascade,
  lang text not null check (lang in ('ru', 'uz', 'tg', 'az', 'ro', 'en')),
  file_name text not null,
  format text not null,
  encoding text not null,
  cue_count integer not null,
  warnings jsonb not null default '[]',
  stored_path text not null,
  updated_at timestamptz not null default now(),
  primary key (video_id, lang)
);

-- One processing run (a BullMQ flow): the full pipeline, or subtitles only.
create table processing_runs (
  id text primary key,
  video_id text not null references videos(id) on delete cascade,
  rev integer not null,
  kind text not null check (kind in ('full', 'subtitles')),
  state text not null check (state in ('queued', 'active', 'completed', 'failed')),
  step text,
  progress real not null default 0,
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (video_id, rev)
);
create index processing_runs_open_idx on processing_runs(state) where state in ('queued', 'active');
