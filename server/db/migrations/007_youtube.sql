-- The YouTube channel's mirror (issue 11): mirrored videos, the channel's playlists and producers'
-- own series as collections, the connection, the ledger of API calls, the channel's caption tracks
-- waiting to be brought in, and tutorials published to YouTube.

-- Videos: translations (as broadcasts have them) and the mirror's side of a video.
alter table videos
  -- {"uz": {"title": "…", "description": "…"}, …}: the Russian original stays in title/description
  add column i18n jsonb not null default '{}',
  -- the YouTube video id: set for mirrored videos (origin 'youtube') and for uploads published to YouTube
  add column youtube_id text,
  -- what the mirror last saw: {hash, etag, privacyStatus, liveBroadcastContent, scheduledStartTime,
  -- actualStartTime, actualEndTime, thumbnailUrl, channelId}; `hash` covers the fields Efir keeps
  add column youtube jsonb,
  -- the mirror hid it (private, deleted, or gone from the uploads playlist): never destroyed, and it
  -- comes back when the channel shows it again
  add column hidden_at timestamptz,
  -- a poster fetched once from YouTube and stored under DATA_DIR/posters/ (relative to that folder),
  -- used while the video has no revision of its own
  add column poster_path text;
create unique index videos_youtube_idx on videos(youtube_id) where youtube_id is not null;

-- A collection: one of the channel's playlists (youtube_playlist_id) or a producer's own series.
create table collections (
  id text primary key,
  owner_id text references users(id) on delete set null,
  youtube_playlist_id text unique,
  title text not null,
  description text not null default '',
  i18n jsonb not null default '{}',
  -- {hash, etag, privacyStatus} as the mirror last saw the playlist
  youtube jsonb,
  -- hidden by the mirror (the playlist went private or was deleted) or by its producer
  hidden_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table collection_items (
  collection_id text not null references collections(id) on delete cascade,
  video_id text not null references videos(id) on delete cascade,
  -- 0, 1, 2… in the order shown; a producer reorders by hand
  position integer not null,
  primary key (collection_id, video_id)
);
create index collection_items_video_idx on collection_items(video_id);
create index collection_items_order_idx on collection_items(collection_id, position);

-- The one channel connection (a single row, id = 1). Settings the admin page saves override the
-- environment's YOUTUBE_CHANNEL_ID / YOUTUBE_API_KEY; secrets are stored encrypted (AES-256-GCM under
-- YOUTUBE_TOKEN_KEY), never in the clear.
create table youtube_connection (
  id integer primary key default 1 check (id = 1),
  channel_id text,
  api_key_enc text,
  channel_title text,
  uploads_playlist_id text,
  -- OAuth: the refresh token of the account that consented, encrypted; the scopes granted
  refresh_token_enc text,
  oauth_scopes text,
  oauth_connected_at timestamptz,
  -- the anti-forgery state of a consent in progress, and who started it
  oauth_state text,
  oauth_state_expires_at timestamptz,
  -- health: ok | error | paused (quota) | unconfigured, and the last problem {code, message, at}
  status text not null default 'unconfigured',
  last_error jsonb,
  last_sync_at timestamptz,
  last_full_sync_at timestamptz,
  next_sync_at timestamptz,
  -- no call before this instant (quotaExceeded or the day's budget spent: the next Pacific midnight)
  paused_until timestamptz,
  -- the last sync's figures (the JSON line `npm run youtube:sync` prints)
  last_result jsonb,
  -- ETags of list answers, by request key, for If-None-Match
  etags jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

-- Every call to the Data API with its cost, errors included (each costs at least 1 unit).
-- quota_day is the Pacific-time date the quota belongs to (YouTube resets it at midnight Pacific).
create table youtube_api_calls (
  id bigserial primary key,
  at timestamptz not null default now(),
  quota_day date not null,
  method text not null,
  units integer not null check (units >= 1),
  purpose text not null,
  status integer,
  error text,
  ms integer
);
create index youtube_api_calls_day_idx on youtube_api_calls(quota_day);

-- The channel's own caption tracks (captions.list), waiting to be downloaded as Efir subtitle tracks.
create table youtube_captions (
  caption_id text primary key,
  video_id text not null references videos(id) on delete cascade,
  -- the Efir language it becomes (ru uz tg az ro en); tracks in other languages are not listed here
  lang text not null check (lang in ('ru', 'uz', 'tg', 'az', 'ro', 'en')),
  yt_language text not null,
  track_kind text,
  name text,
  -- snippet.lastUpdated: a newer one puts the track back in the backlog
  yt_updated_at timestamptz,
  state text not null check (state in ('waiting', 'fetched', 'failed', 'skipped')),
  error text,
  fetched_at timestamptz
);
create index youtube_captions_waiting_idx on youtube_captions(state) where state = 'waiting';

-- A tutorial published to YouTube: one row per video, so a retry resumes the same upload session
-- instead of making a second copy.
create table youtube_publications (
  video_id text primary key references videos(id) on delete cascade,
  state text not null check (state in ('queued', 'uploading', 'captions', 'done', 'failed')),
  -- the resumable session URI (valid about a week), the bytes YouTube confirmed, the file's size
  session_uri text,
  bytes_sent bigint not null default 0,
  total_bytes bigint,
  -- set once videos.insert answered: from then on a retry never uploads again
  youtube_video_id text,
  -- languages whose caption track is on YouTube
  captions_done jsonb not null default '[]',
  error text,
  requested_by text references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
