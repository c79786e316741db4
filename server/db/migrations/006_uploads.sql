-- Unfinished tus uploads (issue 10), one row each, so that every web instance sees the same ones:
-- one active upload per draft (the unique video_id), and each producer's quota counts the declared
-- lengths of their unfinished uploads beside their stored sources. A row goes when its upload
-- finishes, is cancelled, is replaced after going idle, or expires with its files.
create table uploads (
  -- the tus upload id, <videoId>-<24 hex>: also the file's name in DATA_DIR/uploads/
  id text primary key,
  video_id text not null unique references videos(id) on delete cascade,
  -- whose quota it counts against: the draft's owner (not an admin uploading for them)
  owner_id text references users(id) on delete cascade,
  declared_length bigint not null check (declared_length >= 0),
  created_at timestamptz not null default now()
);
create index uploads_owner_idx on uploads(owner_id);
