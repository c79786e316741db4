/**
 * Back to the live edge when a live viewer has drifted behind it without meaning to.
 *
 * hls.js holds its distance from the edge (hls.targetLatency) by playing up to 10 % faster, but only
 * while it is within one target duration of that distance; further behind it takes the viewer for
 * one who rewound and does nothing. With 1 s segments that is a narrow band: a slow start (the first
 * parts fetched one after another while the edge moves on) or a stall leaves the player 2–4 s behind
 * for good (bench:live measured LL-HLS at 3.5–5 s from capture to screen before this). So once a
 * second: if playing, not rewound by the viewer, further behind than the target plus a target
 * duration (where hls.js gives up), and the point to be at is already buffered, jump there (a seek
 * within the buffer: no fetch, no stall; a skip of a second or two, once).
 *
 * Not after the viewer sought away (`viewerAway`: video.js's liveTracker knows a seek made on the
 * seek bar or by a hotkey from hls.js's own start and gap seeks). Self-contained (bench:live's page
 * runs it as text), hence the structural type.
 */
export interface CatchUpHls {
  latency: number;
  targetLatency: number | null;
  liveSyncPosition: number | null;
  media: HTMLMediaElement | null;
  latestLevelDetails: { live: boolean; targetduration: number } | null;
}

/** One check; true when it jumped. */
export function liveCatchUp(hls: CatchUpHls, viewerAway: boolean): boolean {
  const media = hls.media;
  const details = hls.latestLevelDetails;
  const target = hls.targetLatency;
  const sync = hls.liveSyncPosition;
  if (viewerAway || !media || media.paused || media.seeking) return false;
  if (!details || !details.live || target == null || sync == null || !Number.isFinite(hls.latency)) return false;
  // Within hls.js's own band it catches up by playing faster; outside it, nobody would.
  if (hls.latency <= target + details.targetduration) return false;
  const buffered = media.buffered;
  for (let i = 0; i < buffered.length; i++) {
    if (buffered.start(i) <= sync && sync < buffered.end(i) - 0.1) {
      media.currentTime = sync;
      return true;
    }
  }
  return false;
}
