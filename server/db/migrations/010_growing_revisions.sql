-- Watchable first, complete later (issue 15): a new upload is published after one phone-sized rung
-- and the other rungs join the same revision; a producer may hold publication until the full ladder.
alter table videos add column hold_full_ladder boolean not null default false;
-- What the run was started with, so its progress bar and its steps follow the same choice even if
-- the video's setting changes meanwhile. Runs from before made every rung at once.
alter table processing_runs add column publish_early boolean not null default false;
