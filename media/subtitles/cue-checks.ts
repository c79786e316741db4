/**
 * Checks on a cue list a person edited (the studio's cue editor, server and browser alike): what is
 * refused (naming the cue), what is cleaned with a warning naming the cue, and what is only flagged.
 * Pure: no EfirError here (the browser imports it); the service turns a CueCheckError into 400 bad_cue.
 */
import { keepOnlyBasicTags, normaliseCueText } from './cue-text.js';
import { formatVttTimestamp } from './timestamps.js';

/** A cue as the editor holds it: seconds, text with only <b>/<i>/<u>, and whether a machine wrote it. */
export interface EditorCue {
  start: number;
  end: number;
  text: string;
  /** Made by machine translation and not yet saved by a person. */
  machine?: boolean;
}

/** Worth a look but kept as written: the editor marks the cue and the save answers them as warnings. */
export type CueFlag = 'overlap' | 'too_fast' | 'line_too_long';
/** What cleaning changed. */
export type CueFix = 'ass_tags' | 'html_tags' | 'empty' | 'end_clamped';
export type CueWarningCode = CueFlag | CueFix;

export interface CueWarning {
  /** 1-based number of the cue in the list as it was submitted. */
  cue: number;
  /** Its start, seconds (the editor and the message show it). */
  start: number;
  /**
   * The cue's timing line in the WebVTT file written from the cleaned list (the studio's subtitle
   * table shows warnings as file:line); a dropped cue gets the line where it would have been.
   */
  line: number;
  code: CueWarningCode;
  message: string;
}

/** Readable at a glance: faster than this many characters a second is flagged. */
export const MAX_CHARS_PER_SECOND = 20;
/** The usual broadcast limit for one subtitle line. */
export const MAX_LINE_LENGTH = 42;

/** A cue that cannot be saved as it is; `field` names it as the request does (cues[3].end, 1-based). */
export class CueCheckError extends Error {
  constructor(
    readonly cue: number,
    readonly field: string,
    message: string
  ) {
    super(message);
    this.name = 'CueCheckError';
  }
}

// ASS/SSA override blocks ({\i1}, {\pos(10,10)}, {\an8}) pasted from an .ass file or a translation tool.
const ASS_OVERRIDE = /\{\\[^}]*\}/g;
const TAGS = /<[^<>]*>/g;
// A tag as cue-text.ts reads one (a name starting with a letter): "a < b" and "<3" are text.
const TAG_NAME = /<\/?([a-zA-Z][a-zA-Z0-9]*)(?:[.\s][^<>]*)?>/g;

const plain = (text: string) => text.replace(TAGS, '');
const at = (n: number, start: number) => `cue ${n} (${formatVttTimestamp(Math.max(0, start))})`;

/** Visible characters per second of display (tags and line breaks not counted). */
export function charsPerSecond(cue: Pick<EditorCue, 'start' | 'end' | 'text'>): number {
  const chars = [...plain(cue.text).replace(/\n/g, '')].length;
  const seconds = cue.end - cue.start;
  return seconds > 0 ? chars / seconds : Infinity;
}

/** Per cue (same order as given), the flags it earns. */
export function cueFlags(cues: readonly EditorCue[]): CueFlag[][] {
  const flags: Set<CueFlag>[] = cues.map(() => new Set<CueFlag>());
  // Overlaps: in start order, each cue against the one reaching furthest among those before it.
  const order = cues.map((_, i) => i).sort((a, b) => cues[a]!.start - cues[b]!.start);
  let reach = -1;
  for (const i of order) {
    const c = cues[i]!;
    if (reach >= 0 && c.start < cues[reach]!.end) {
      flags[i]!.add('overlap');
      flags[reach]!.add('overlap');
    }
    if (reach < 0 || c.end > cues[reach]!.end) reach = i;
  }
  cues.forEach((c, i) => {
    if (c.text.trim() && charsPerSecond(c) > MAX_CHARS_PER_SECOND) flags[i]!.add('too_fast');
    if (plain(c.text).split('\n').some((l) => [...l].length > MAX_LINE_LENGTH)) flags[i]!.add('line_too_long');
  });
  return flags.map((s) => [...s]);
}

/**
 * The refusals, cue by cue: times that are not numbers, an end at or before the start, a start at or
 * past the video's end. Throws CueCheckError for the first; the editor calls it to mark the field.
 */
export function cueRefusal(cue: EditorCue, n: number, duration: number | null): CueCheckError | null {
  const i = n - 1;
  if (!Number.isFinite(cue.start) || cue.start < 0) return new CueCheckError(n, `cues[${i}].start`, `cue ${n}: the start is not a valid time`);
  if (!Number.isFinite(cue.end)) return new CueCheckError(n, `cues[${i}].end`, `${at(n, cue.start)}: the end is not a valid time`);
  if (cue.end <= cue.start) {
    return new CueCheckError(n, `cues[${i}].end`, `${at(n, cue.start)}: ends (${formatVttTimestamp(Math.max(0, cue.end))}) at or before it starts`);
  }
  if (duration !== null && cue.start >= duration) {
    return new CueCheckError(n, `cues[${i}].start`, `${at(n, cue.start)}: starts at or after the end of the video (${formatVttTimestamp(duration)})`);
  }
  return null;
}

/**
 * Cleans an edited list for saving: refuses what cannot be saved (CueCheckError), strips ASS override
 * tags and HTML tags other than b/i/u, drops empty cues, clamps an end past the video's end (each with
 * a warning naming the cue), sorts by start, and adds the flags as warnings. `duration` null: unknown
 * (a draft not processed yet), no end checks. Times are rounded to milliseconds, as WebVTT writes them.
 */
export function cleanCues(input: readonly EditorCue[], duration: number | null): { cues: EditorCue[]; warnings: CueWarning[] } {
  const kept: { cue: EditorCue; n: number }[] = [];
  const fixes: Omit<CueWarning, 'line'>[] = [];
  input.forEach((raw, i) => {
    const n = i + 1;
    const refusal = cueRefusal(raw, n, duration);
    if (refusal) throw refusal;
    const start = roundMs(raw.start);
    let end = roundMs(raw.end);
    let text = raw.text.replace(/\r\n?/g, '\n');
    const noAss = text.replace(ASS_OVERRIDE, '');
    if (noAss !== text) fixes.push({ cue: n, start, code: 'ass_tags', message: `${at(n, start)}: ASS override tags removed` });
    const noHtml = keepOnlyBasicTags(noAss);
    if ([...noAss.matchAll(TAG_NAME)].some((m) => !/^[biu]$/i.test(m[1]!))) {
      fixes.push({ cue: n, start, code: 'html_tags', message: `${at(n, start)}: tags other than <b>, <i>, <u> removed` });
    }
    text = normaliseCueText(noHtml);
    if (plain(text).trim() === '') {
      fixes.push({ cue: n, start, code: 'empty', message: `${at(n, start)}: no text; cue dropped` });
      return;
    }
    if (duration !== null && end > duration) {
      end = roundMs(duration);
      fixes.push({ cue: n, start, code: 'end_clamped', message: `${at(n, start)}: ended after the video (${formatVttTimestamp(duration)}); end moved there` });
    }
    kept.push({ cue: { start, end, text, ...(raw.machine ? { machine: true } : {}) }, n });
  });
  kept.sort((a, b) => a.cue.start - b.cue.start);
  const cues = kept.map((k) => k.cue);

  // Lines in the file toWebVtt writes: "WEBVTT", blank, then per cue its timing line, text, blank.
  const lines: number[] = [];
  let line = 3;
  for (const c of cues) {
    lines.push(line);
    line += c.text.split('\n').length + 2;
  }
  const lineOfN = new Map(kept.map((k, i) => [k.n, lines[i]!]));
  const lineFor = (n: number, start: number) => lineOfN.get(n) ?? lines[cues.findIndex((c) => c.start >= start)] ?? line;

  const flagWarnings: Omit<CueWarning, 'line'>[] = [];
  cueFlags(cues).forEach((flags, i) => {
    const { n } = kept[i]!;
    const c = cues[i]!;
    for (const f of flags) flagWarnings.push({ cue: n, start: c.start, code: f, message: `${at(n, c.start)}: ${FLAG_TEXT[f](c)}` });
  });
  const warnings = [...fixes, ...flagWarnings]
    .map((w) => ({ ...w, line: lineFor(w.cue, w.start) }))
    .sort((a, b) => a.cue - b.cue);
  return { cues, warnings };
}

const FLAG_TEXT: Record<CueFlag, (c: EditorCue) => string> = {
  overlap: () => 'overlaps another cue',
  too_fast: (c) => `${Math.round(charsPerSecond(c))} characters a second (more than ${MAX_CHARS_PER_SECOND})`,
  line_too_long: () => `a line is longer than ${MAX_LINE_LENGTH} characters`
};

function roundMs(s: number): number {
  return Math.round(s * 1000) / 1000;
}

/** "mm:ss.mmm" (hours when needed) for the editor's time fields. */
export function formatCueTime(seconds: number): string {
  const full = formatVttTimestamp(Math.max(0, seconds));
  return full.startsWith('00:') ? full.slice(3) : full;
}

/** Reads "mm:ss.mmm", "h:mm:ss.mmm", "ss.mmm" or a comma for the dot; NaN for anything else. */
export function parseCueTime(text: string): number {
  const m = /^\s*(?:(?:(\d+):)?(\d{1,2}):)?(\d+)(?:[.,](\d{1,3}))?\s*$/.exec(text);
  if (!m) return NaN;
  const [, h, min, s, ms] = m;
  const minutes = Number(min ?? 0);
  const secs = Number(s);
  if ((min !== undefined && secs >= 60) || (h !== undefined && minutes >= 60)) return NaN;
  return Number(h ?? 0) * 3600 + minutes * 60 + secs + Number((ms ?? '0').padEnd(3, '0')) / 1000;
}
