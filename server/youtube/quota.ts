/**
 * The Data API's quota, as pure functions: what each method costs (units, as Google's quota
 * calculator lists them) and which quota day an instant belongs to. YouTube resets the quota at
 * midnight Pacific time (America/Los_Angeles, with its daylight-saving changes), so the quota day is
 * the Pacific calendar date, not the UTC one.
 */

/** Units per call of each method Efir makes (https://developers.google.com/youtube/v3/determine_quota_cost). */
export const UNITS = {
  'channels.list': 1,
  'playlists.list': 1,
  'playlistItems.list': 1,
  'videos.list': 1,
  'search.list': 100,
  'captions.list': 50,
  'captions.download': 200,
  'captions.insert': 400,
  'captions.update': 450,
  'videos.insert': 1600,
  'videos.update': 50,
  // the OAuth token endpoint is not the Data API: it costs nothing, but the ledger never books 0
  // (a ledger row has units >= 1); H2's connect flow books channels.list instead
} as const satisfies Record<string, number>;

export type YoutubeMethod = keyof typeof UNITS;

export const QUOTA_TIME_ZONE = 'America/Los_Angeles';

const pacific = new Intl.DateTimeFormat('en-CA', {
  timeZone: QUOTA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
});

function pacificParts(at: Date): { y: number; m: number; d: number; h: number; min: number } {
  const parts = Object.fromEntries(pacific.formatToParts(at).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), min: Number(parts.minute) };
}

/** The quota day of an instant: its Pacific calendar date, 'YYYY-MM-DD'. */
export function quotaDay(at: Date): string {
  const { y, m, d } = pacificParts(at);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The instant the quota next resets: the next Pacific midnight after `at`. Midnight Pacific is 08:00
 * UTC in standard time and 07:00 UTC in daylight time; the clocks change at 02:00, so midnight is
 * never skipped nor doubled and one of the two candidates is it.
 */
export function nextQuotaReset(at: Date): Date {
  const { y, m, d } = pacificParts(at);
  for (const utcHour of [7, 8]) {
    const candidate = new Date(Date.UTC(y, m - 1, d + 1, utcHour));
    const p = pacificParts(candidate);
    if (p.h === 0 && p.min === 0) return candidate;
  }
  // unreachable for America/Los_Angeles; a safe answer if the zone data were odd
  return new Date(Date.UTC(y, m - 1, d + 1, 8));
}

/** Units that enumerating `videos` uploads with search.list would cost (50 per page, 100 units a page). */
export function searchListUnits(videos: number): number {
  return Math.max(1, Math.ceil(videos / 50)) * UNITS['search.list'];
}
