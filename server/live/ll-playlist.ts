/**
 * What a Low-Latency HLS media playlist lists at its live end, and what a blocking playlist reload
 * (RFC 8216bis 6.2.5.2: `?_HLS_msn=N[&_HLS_part=P]`) asks of it. Pure: tested in
 * test/unit/server/ll-playlist.test.ts against playlists written by hls-parser, as the worker writes
 * them (media/llhls/).
 *
 * Why a scanner and not hls-parser's parse: a blocking reload re-reads the playlist after every part
 * (three times a second per rung), and a 30-minute DVR window is 1,800 segments; hls-parser builds
 * every segment object (3–20 ms a parse on these machines), while the few tags below are one pass over
 * the lines (well under a millisecond). Only the tags a blocking reload needs are read.
 */

/** A position in the stream: part `part` of segment `msn`; `part` Infinity = segment `msn` complete. */
export interface Position {
  msn: number;
  part: number;
}

export interface LlPlaylistState {
  targetDuration: number;
  /** EXT-X-PART-INF PART-TARGET (seconds), 0 without one. */
  partTarget: number;
  /** EXT-X-SERVER-CONTROL CAN-BLOCK-RELOAD=YES: the only playlists a blocking reload may wait on. */
  canBlockReload: boolean;
  endlist: boolean;
  /** The newest thing listed: the last complete segment, or the last part of the one in progress. Null for an empty playlist. */
  last: Position | null;
  /** The last complete segment's media sequence number (-1: none yet). */
  lastCompleteMsn: number;
  /** EXT-X-PRELOAD-HINT TYPE=PART: the part the worker writes next. */
  hint: { uri: string; msn: number; part: number } | null;
}

const attr = (line: string, name: string): string | null => {
  const m = new RegExp(`(?:^|[:,])${name}=("([^"]*)"|[^,]*)`).exec(line);
  return m ? (m[2] ?? m[1]!) : null;
};

/** The live end of a media playlist (any playlist; one without LL tags has partTarget 0, canBlockReload false). */
export function llPlaylistState(text: string): LlPlaylistState {
  let targetDuration = 0;
  let partTarget = 0;
  let canBlockReload = false;
  let endlist = false;
  let msn = 0; // the media sequence number of the segment being listed
  let parts = 0; // parts listed so far for it
  let lastCompleteMsn = -1;
  let hint: LlPlaylistState['hint'] = null;
  let headerDone = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line[0] !== '#') {
      // A segment's URI closes it: its parts (if any were listed) are all there.
      lastCompleteMsn = msn;
      msn++;
      parts = 0;
      hint = null;
      headerDone = true;
      continue;
    }
    if (line.startsWith('#EXT-X-PART:')) {
      parts++;
      hint = null;
      headerDone = true;
    } else if (line.startsWith('#EXTINF:')) headerDone = true;
    else if (line.startsWith('#EXT-X-PRELOAD-HINT:')) {
      const uri = attr(line, 'URI');
      if (attr(line, 'TYPE') === 'PART' && uri) hint = { uri, msn, part: parts };
    } else if (!headerDone && line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) msn = Number(line.slice(22)) || 0;
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(line.slice(22)) || 0;
    else if (line.startsWith('#EXT-X-PART-INF:')) partTarget = Number(attr(line, 'PART-TARGET')) || 0;
    else if (line.startsWith('#EXT-X-SERVER-CONTROL:')) canBlockReload = attr(line, 'CAN-BLOCK-RELOAD') === 'YES';
    else if (line === '#EXT-X-ENDLIST') endlist = true;
  }
  const last: Position | null = parts > 0 ? { msn, part: parts - 1 } : lastCompleteMsn >= 0 ? { msn: lastCompleteMsn, part: Infinity } : null;
  return { targetDuration, partTarget, canBlockReload, endlist, last, lastCompleteMsn, hint };
}

/** A blocking reload's request; `part` null = "segment `msn` complete". */
export interface BlockingRequest {
  msn: number;
  part: number | null;
}

const DECIMAL = /^\d{1,15}$/;

/**
 * The query's delivery directives: null for a plain request, an error message for a malformed one
 * (RFC 8216bis: `_HLS_part` without `_HLS_msn` is invalid; both are decimal integers).
 */
export function blockingRequest(query: Record<string, unknown>): BlockingRequest | null | { error: string } {
  const msn = query._HLS_msn;
  const part = query._HLS_part;
  if (msn === undefined && part === undefined) return null;
  if (msn === undefined) return { error: '_HLS_part without _HLS_msn' };
  if (typeof msn !== 'string' || !DECIMAL.test(msn)) return { error: '_HLS_msn must be a decimal integer' };
  if (part !== undefined && (typeof part !== 'string' || !DECIMAL.test(part))) return { error: '_HLS_part must be a decimal integer' };
  return { msn: Number(msn), part: part === undefined ? null : Number(part) };
}

/** Whether the playlist lists what the request waits for: part P of N (or a later one), or segment N complete. */
export function satisfies(state: LlPlaylistState, req: BlockingRequest): boolean {
  if (state.lastCompleteMsn >= req.msn) return true;
  if (req.part === null || !state.last) return false;
  return state.last.msn > req.msn || (state.last.msn === req.msn && state.last.part >= req.part);
}

/**
 * RFC 8216bis: a request more than two segments past the playlist's last one, or more than the
 * Advance Part Limit past its last part (3 / PART-TARGET parts when parts are under a second, else
 * 3), is answered 400 at once: the client is confused, and waiting would hold a socket for nothing.
 */
export function tooFarAhead(state: LlPlaylistState, req: BlockingRequest): boolean {
  const last = state.last ?? { msn: -1, part: Infinity };
  if (req.msn > last.msn + 2) return true;
  if (req.part === null) return false;
  const limit = state.partTarget > 0 && state.partTarget < 1 ? Math.ceil(3 / state.partTarget) : 3;
  // Parts ahead of the last one listed: in the same segment, or from the start of a later one.
  const ahead = req.msn === last.msn && Number.isFinite(last.part) ? req.part - last.part : req.msn > last.msn ? req.part + 1 : 0;
  return ahead > limit;
}

/**
 * How long a blocking reload (or a preload-hinted part) is held at most: three target durations
 * (what RFC 8216bis lets a client expect before it gives up), within [1 s, 12 s] whatever the
 * playlist says, so no socket is held long.
 */
export function holdMs(state: Pick<LlPlaylistState, 'targetDuration'>): number {
  const td = state.targetDuration > 0 ? state.targetDuration : 2;
  return Math.min(12_000, Math.max(1000, td * 3000));
}

/**
 * Cache-Control of a blocking reload's answer. Its URL names the part it waited for, so an answer
 * that lists it never goes out of date for that URL: a CDN (the query in its cache key) may keep it
 * for a few target durations and answer every viewer asking the same part from it. An answer given
 * after the hold ran out does NOT list the part: cached like the plain playlist (1 s), or a CDN would
 * hand it to the next viewers asking for that part, who would then wait again for nothing.
 */
export function blockingCacheControl(state: LlPlaylistState, satisfied: boolean): string {
  if (!satisfied) return 'public, max-age=1';
  return `public, max-age=${Math.max(1, Math.round(6 * (state.targetDuration || 1)))}`;
}

/** part<msn>.<i>.m4s, as the worker names a part (the contract in docs/architecture.md, "Live broadcasts"). */
export function partOfName(name: string): Position | null {
  const m = /^part(\d{6,})\.(\d{1,4})\.m4s$/.exec(name);
  return m ? { msn: Number(m[1]), part: Number(m[2]) } : null;
}
