// A checker of LL-HLS media playlists against RFC 8216bis's rules, read line by line on its own
// (not with the library that writes them), for the unit and integration tests. Safari's native
// player refuses a playlist that breaks these; hls.js is more forgiving, so tests must not rely
// on it. Each rule cites the draft's section (draft-pantos-hls-rfc8216bis).

export interface CheckedPart {
  uri: string;
  duration: number;
  independent: boolean;
}

export interface CheckedSegment {
  msn: number;
  uri: string | null;
  duration: number | null;
  parts: CheckedPart[];
  discontinuity: boolean;
  gap: boolean;
  map: string | null;
  programDateTime: string | null;
}

export interface ParsedLl {
  version: number | null;
  targetDuration: number | null;
  mediaSequence: number;
  partTarget: number | null;
  partHoldBack: number | null;
  canBlockReload: boolean;
  segments: CheckedSegment[];
  hints: { type: string; uri: string }[];
  reports: { uri: string; lastMsn: number; lastPart: number | null }[];
  endlist: boolean;
}

function attrs(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  for (let m = re.exec(list); m; m = re.exec(list)) out[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  return out;
}

/** Reads a media playlist's LL-HLS structure. Throws on what is not a media playlist at all. */
export function parseLl(text: string): ParsedLl {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines[0] !== '#EXTM3U') throw new Error('not a playlist: no #EXTM3U first line');
  const p: ParsedLl = {
    version: null, targetDuration: null, mediaSequence: 0, partTarget: null, partHoldBack: null,
    canBlockReload: false, segments: [], hints: [], reports: [], endlist: false
  };
  let cur: CheckedSegment | null = null;
  let map: string | null = null;
  const segment = (): CheckedSegment => {
    cur ??= { msn: p.mediaSequence + p.segments.length, uri: null, duration: null, parts: [], discontinuity: false, gap: false, map, programDateTime: null };
    return cur;
  };
  for (const line of lines.slice(1)) {
    const [tag, value = ''] = line.startsWith('#') ? [line.slice(0, line.indexOf(':') < 0 ? undefined : line.indexOf(':')), line.slice(line.indexOf(':') + 1)] : ['', ''];
    if (!line.startsWith('#')) {
      const s = segment();
      s.uri = line;
      s.map = map;
      p.segments.push(s);
      cur = null;
      continue;
    }
    switch (tag) {
      case '#EXT-X-VERSION': p.version = Number(value); break;
      case '#EXT-X-TARGETDURATION': p.targetDuration = Number(value); break;
      case '#EXT-X-MEDIA-SEQUENCE': p.mediaSequence = Number(value); break;
      case '#EXT-X-PART-INF': p.partTarget = Number(attrs(value)['PART-TARGET']); break;
      case '#EXT-X-SERVER-CONTROL': {
        const a = attrs(value);
        p.canBlockReload = a['CAN-BLOCK-RELOAD'] === 'YES';
        p.partHoldBack = a['PART-HOLD-BACK'] === undefined ? null : Number(a['PART-HOLD-BACK']);
        break;
      }
      case '#EXT-X-MAP': map = attrs(value).URI ?? null; segment().map = map; break;
      case '#EXT-X-DISCONTINUITY': segment().discontinuity = true; break;
      case '#EXT-X-GAP': segment().gap = true; break;
      case '#EXT-X-PROGRAM-DATE-TIME': segment().programDateTime = value; break;
      case '#EXTINF': segment().duration = Number(value.split(',')[0]); break;
      case '#EXT-X-PART': {
        const a = attrs(value);
        segment().parts.push({ uri: a.URI!, duration: Number(a.DURATION), independent: a.INDEPENDENT === 'YES' });
        break;
      }
      case '#EXT-X-PRELOAD-HINT': {
        const a = attrs(value);
        p.hints.push({ type: a.TYPE!, uri: a.URI! });
        break;
      }
      case '#EXT-X-RENDITION-REPORT': {
        const a = attrs(value);
        p.reports.push({ uri: a.URI!, lastMsn: Number(a['LAST-MSN']), lastPart: a['LAST-PART'] === undefined ? null : Number(a['LAST-PART']) });
        break;
      }
      case '#EXT-X-ENDLIST': p.endlist = true; break;
      default: break;
    }
  }
  // Parts after the last full segment: the segment in progress (no URI yet).
  if (cur && (cur as CheckedSegment).parts.length) p.segments.push(cur);
  return p;
}

export interface RuleOptions {
  /** The bytes of a file the playlist names (relative URI), to check that a segment is its parts. */
  read?: (uri: string) => Buffer | null;
  /** Rendition reports expected (the other variants). */
  reports?: number;
}

/** Every rule the playlist breaks, as readable sentences; [] when it is fine. */
export function checkLlPlaylist(text: string, opts: RuleOptions = {}): string[] {
  const problems: string[] = [];
  let p: ParsedLl;
  try {
    p = parseLl(text);
  } catch (err) {
    return [(err as Error).message];
  }
  const eps = 1e-9;
  if (p.targetDuration === null || !Number.isInteger(p.targetDuration)) problems.push('EXT-X-TARGETDURATION missing or not an integer (4.4.3.1)');
  if (p.partTarget === null || !(p.partTarget > 0)) problems.push('EXT-X-PART-INF:PART-TARGET missing (4.4.3.7)');
  if (!p.canBlockReload) problems.push('EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES missing (4.4.3.8)');
  if (p.partTarget !== null && (p.partHoldBack === null || p.partHoldBack < 3 * p.partTarget - 1e-6)) {
    problems.push(`PART-HOLD-BACK ${p.partHoldBack} is less than three PART-TARGETs (${p.partTarget}) (4.4.3.8, 6.2.2)`);
  }
  if (p.version !== null && p.version < 6) problems.push(`EXT-X-VERSION ${p.version}: EXT-X-MAP needs 6 (7)`);
  const td = p.targetDuration ?? 0;
  const pt = p.partTarget ?? 0;

  const full = p.segments.filter((s) => s.uri !== null);
  const last = p.segments.at(-1);
  for (const [i, s] of p.segments.entries()) {
    const name = `segment ${s.msn}`;
    if (!s.map) problems.push(`${name}: no EXT-X-MAP before it (4.4.4.5)`);
    // Dates of the segments in between follow from the durations (RFC 8216bis 4.4.4.6); a
    // discontinuity breaks that chain, and players start on the segments with parts.
    if (!s.programDateTime && (i === 0 || s.discontinuity || s.parts.length > 0)) problems.push(`${name}: no EXT-X-PROGRAM-DATE-TIME`);
    if (s.discontinuity && i > 0 && s.map === p.segments[i - 1]!.map) problems.push(`${name}: a discontinuity without a new EXT-X-MAP`);
    if (s.uri !== null && s.duration === null) problems.push(`${name}: no EXTINF`);
    if (s.duration !== null && Math.round(s.duration) > td) problems.push(`${name}: EXTINF ${s.duration} rounds above TARGETDURATION ${td} (4.4.3.1)`);
    const complete = s.uri !== null;
    for (const [j, part] of s.parts.entries()) {
      if (part.duration > pt + eps) problems.push(`${name} part ${j}: DURATION ${part.duration} exceeds PART-TARGET ${pt} (4.4.4.9)`);
      const final = j === s.parts.length - 1;
      // 4.4.3.7: at least 85% of PART-TARGET, except INDEPENDENT parts and a segment's last part
      // (not known for the segment in progress).
      if (!part.independent && !final && part.duration < 0.85 * pt - eps) problems.push(`${name} part ${j}: DURATION ${part.duration} is under 85% of PART-TARGET (4.4.3.7)`);
    }
    if (complete && s.parts.length && s.duration !== null) {
      const total = s.parts.reduce((a, x) => a + x.duration, 0);
      if (Math.abs(total - s.duration) > 0.001 + 1e-5 * s.parts.length) problems.push(`${name}: its parts last ${total.toFixed(5)} s, its EXTINF says ${s.duration} (4.4.4.9)`);
      if (opts.read && !s.gap) {
        const seg = opts.read(s.uri!);
        const parts = s.parts.map((x) => opts.read!(x.uri));
        if (seg && parts.every(Boolean) && !seg.equals(Buffer.concat(parts as Buffer[]))) problems.push(`${name}: its bytes are not its parts' bytes, in order (4.4.4.9)`);
        if (!seg) problems.push(`${name}: ${s.uri} cannot be read`);
      }
    }
    if (s.gap && s.parts.length) problems.push(`${name}: a GAP segment with parts`);
  }
  // Parts are listed for the last segments only, without holes (4.4.4.9): none more than three
  // target durations from the end, and enough for a player to start PART-HOLD-BACK from the end.
  const firstWithParts = p.segments.findIndex((s) => s.parts.length > 0);
  const length = (s: CheckedSegment) => s.duration ?? s.parts.reduce((b, x) => b + x.duration, 0);
  if (firstWithParts >= 0) {
    const after = p.segments.slice(firstWithParts);
    if (after.some((s) => !s.parts.length && !s.gap)) problems.push('a segment without parts after one with parts (parts only in the last segments)');
    const withParts = after.reduce((a, s) => a + length(s), 0);
    const total = p.segments.reduce((a, s) => a + length(s), 0);
    if (withParts - length(after[0]!) > 3 * td + 1e-6) problems.push(`parts listed ${withParts.toFixed(2)} s from the end: more than three target durations (4.4.4.9)`);
    if (p.partHoldBack !== null && withParts < Math.min(p.partHoldBack, total) - 1e-6) problems.push(`parts listed over ${withParts.toFixed(2)} s only, less than PART-HOLD-BACK`);
  } else if (full.length) {
    problems.push('no EXT-X-PART at all');
  }
  // One preload hint of TYPE=PART, after the last part, naming a part not listed yet.
  const partHints = p.hints.filter((h) => h.type === 'PART');
  if (partHints.length > 1) problems.push('more than one EXT-X-PRELOAD-HINT:TYPE=PART (4.4.5.3)');
  const listedUris = new Set(p.segments.flatMap((s) => [s.uri, ...s.parts.map((x) => x.uri)]));
  for (const h of partHints) if (listedUris.has(h.uri)) problems.push(`the preload hint ${h.uri} is already listed`);
  if (!p.endlist && partHints.length === 0) problems.push('a live playlist without EXT-X-PRELOAD-HINT:TYPE=PART');
  if (opts.reports !== undefined && p.reports.length !== opts.reports) problems.push(`${p.reports.length} EXT-X-RENDITION-REPORT, expected ${opts.reports}`);
  for (const r of p.reports) if (!(r.lastMsn >= 0)) problems.push(`rendition report ${r.uri} without LAST-MSN`);
  if (last && last.uri === null && !last.parts.length) problems.push('an empty segment at the end');
  return problems;
}

/**
 * Rules across two successive versions of one playlist (6.2.1, 6.2.2): media sequence numbers
 * only grow, a segment keeps its URI and duration, and the part the first hinted is in the second
 * (listed, or still hinted), unless a discontinuity (an ffmpeg restart) came in between.
 */
export function checkLlSuccession(beforeText: string, afterText: string): string[] {
  const problems: string[] = [];
  const a = parseLl(beforeText);
  const b = parseLl(afterText);
  if (b.mediaSequence < a.mediaSequence) problems.push(`EXT-X-MEDIA-SEQUENCE went back from ${a.mediaSequence} to ${b.mediaSequence}`);
  const bByMsn = new Map(b.segments.map((s) => [s.msn, s]));
  for (const s of a.segments) {
    const t = bByMsn.get(s.msn);
    if (!t) {
      if (s.msn >= b.mediaSequence) problems.push(`segment ${s.msn} disappeared from the end`);
      continue;
    }
    if (s.uri !== null && t.uri !== s.uri) problems.push(`segment ${s.msn} changed its URI`);
    if (s.duration !== null && t.duration !== s.duration) problems.push(`segment ${s.msn} changed its duration`);
    for (const [j, part] of s.parts.entries()) {
      if (t.parts.length && t.parts[j]?.uri !== part.uri) problems.push(`segment ${s.msn} part ${j} changed`);
    }
  }
  const hint = a.hints.find((h) => h.type === 'PART');
  if (hint) {
    const listed = b.segments.some((s) => s.parts.some((x) => x.uri === hint.uri));
    const stillHinted = b.hints.some((h) => h.uri === hint.uri);
    const lastMsnBefore = a.segments.at(-1)?.msn ?? -1;
    const restarted = b.segments.some((s) => s.msn >= lastMsnBefore && s.discontinuity);
    const olderThanWindow = b.segments.some((s) => s.msn > lastMsnBefore + 1);
    // The segment in progress ended before the hinted part (ffmpeg stopped): the hint is abandoned,
    // which clients tolerate (a 404 for it); its segment is then complete with the parts it had.
    const inProgress = a.segments.at(-1);
    const closedEarly = !!inProgress && inProgress.uri === null && (bByMsn.get(inProgress.msn)?.uri ?? null) !== null;
    if (!listed && !stillHinted && !restarted && !olderThanWindow && !closedEarly) problems.push(`the preload hint ${hint.uri} did not become a part`);
  }
  return problems;
}
