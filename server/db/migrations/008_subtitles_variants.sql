-- Issue 12: the cue editor (every saved state of a track is a version), machine-translation drafts,
-- and subtitled MP4 variants for messengers (one per video and language).

-- The track's current version: a save names the version it was made from, and the update
-- `where version = <that>` refuses the later of two concurrent saves (409 subtitle_conflict), on
-- every instance alike. machine_cues > 0: viewers see the track labelled machine-translated.
alter table video_subtitles add column version integer not null default 1;
alter table video_subtitles add column machine_cues integer not null default 0;

-- Every saved state of a track, restorable. Tracks stored before 008 have no row for their
-- version 1: the editor reads that one from the stored file.
create table subtitle_versions (
  video_id text not null references videos(id) on delete cascade,
  lang text not null check (lang in ('ru', 'uz', 'tg', 'az', 'ro', 'en')),
  version integer not null check (version >= 1),
  -- upload: a producer's file (or the YouTube channel's track); edit: the cue editor; draft: machine
  -- translation; restore: an older version brought back (restored_from names it)
  kind text not null check (kind in ('upload', 'edit', 'draft', 'restore')),
  author_id text references users(id) on delete set null,
  -- [{start, end, text, machine?}] in seconds; the same cues the stored file holds
  cues jsonb not null,
  cue_count integer not null,
  machine_cues integer not null default 0,
  warnings jsonb not null default '[]',
  restored_from integer,
  created_at timestamptz not null default now(),
  primary key (video_id, lang, version)
);

-- A subtitled MP4 for messengers: one per (video, language), made from the source with that
-- language's subtitles burned in. It belongs to one version of the track and one revision of the
-- video; when either changes the row and its file go (and it is made again if it had been asked for).
create table video_variants (
  video_id text not null references videos(id) on delete cascade,
  lang text not null check (lang in ('ru', 'uz', 'tg', 'az', 'ro', 'en')),
  subtitle_version integer not null,
  source_rev integer not null,
  state text not null check (state in ('queued', 'active', 'ready', 'failed')),
  progress real not null default 0,
  -- the batch (one ffmpeg run, one BullMQ flow) that makes it; several languages share one
  batch_id text,
  -- the plan (media/variants.ts): output height, video bitrate, expected size, and whether the
  -- readable floor won over the size cap (the page says so before the download)
  height integer not null,
  video_kbps integer not null,
  estimated_bytes bigint not null,
  over_cap boolean not null default false,
  -- when ready: the file relative to DATA_DIR, its size and duration
  file_path text,
  bytes bigint,
  seconds real,
  error text,
  requested_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (video_id, lang)
);
create index video_variants_batch_idx on video_variants(batch_id);
