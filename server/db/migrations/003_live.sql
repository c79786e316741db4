-- The video side of broadcasts (issue 4): translations and a poster for the listing, the secret
-- stream key OBS publishes with, what the ingest is doing, the live DVR window and the replay.
-- (The recording's parts are listed by the live worker in live/<id>/recording/parts.json: workers
-- never touch the database.)
alter table broadcasts
  -- {"uz": {"title": "…", "description": "…"}, …}: the Russian original stays in title/description
  add column i18n jsonb not null default '{}',
  -- relative to the data directory's posters folder: <id>/<hash>.<ext>
  add column poster_path text,
  -- the secret in rtmp://host:1935/live/<stream_key>; never in a page for viewers, never logged
  add column stream_key text,
  add column stream_key_rotated_at timestamptz,
  -- true: the replay waits in the studio for the producer to publish it
  add column replay_review boolean not null default false,
  add column dvr_seconds integer not null default 1800 check (dvr_seconds between 60 and 14400),
  -- idle: no publisher; publishing: one is sending; reconnecting: it dropped, the grace period runs
  add column ingest_state text not null default 'idle' check (ingest_state in ('idle', 'publishing', 'reconnecting')),
  add column ingest_lost_at timestamptz,
  -- why the last publish could not be transcoded (no video, unreadable stream…), for the producer
  add column ingest_error text,
  -- each live transcode has its own folder live/<id>/<live_run>/ so a stale player never mixes two
  add column live_run text,
  add column replay_video_id text references videos(id) on delete set null;
create unique index broadcasts_stream_key_idx on broadcasts(stream_key) where stream_key is not null;

-- A replay's chapters ([{"start": seconds, "title": "…"}]), from the questions answered on air.
alter table videos add column chapters jsonb;
