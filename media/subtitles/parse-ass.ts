import type { RawCue, RawParse } from './cue.js';
import type { SubtitleProblem } from './errors.js';
import { parseClock } from './timestamps.js';

// Aegisub and most tools write this Format line; it is also what libass assumes when [Events] has none.
const DEFAULT_EVENT_FORMAT = ['layer', 'start', 'end', 'style', 'name', 'marginl', 'marginr', 'marginv', 'effect', 'text'];

// ASS / SSA: only Dialogue lines of [Events] become cues (Comment, Picture, Sound... are not shown).
// Columns are located by the section's Format line, because SSA v4 and some tools order them
// differently. Text is the last column and keeps its commas. Style-level formatting (a style that is
// italic as a whole) is not applied: Efir's player styles subtitles itself.
export function parseAss(text: string): RawParse {
  const lines = text.split('\n');
  const cues: RawCue[] = [];
  const problems: SubtitleProblem[] = [];
  let inEvents = false;
  let format = DEFAULT_EVENT_FORMAT;

  lines.forEach((raw, i) => {
    const line = raw.trim();
    const lineNo = i + 1;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      inEvents = section[1]!.trim().toLowerCase() === 'events';
      return;
    }
    if (!inEvents) return;
    const field = /^([A-Za-z]+):\s?(.*)$/.exec(line);
    if (!field) return;
    const [, kind, rest] = field;
    if (kind!.toLowerCase() === 'format') {
      format = rest!.split(',').map((c) => c.trim().toLowerCase());
      return;
    }
    if (kind!.toLowerCase() !== 'dialogue') return;

    const values = splitFields(rest!, format.length);
    const column = (name: string) => {
      const at = format.indexOf(name);
      return at < 0 ? undefined : values[at];
    };
    const start = column('start');
    const end = column('end');
    const body = column('text');
    if (values.length < format.length || start === undefined || end === undefined || body === undefined) {
      problems.push({ line: lineNo, code: 'ass_fields', params: { found: values.length, expected: format.length }, message: `Dialogue line has ${values.length} fields, the Format line names ${format.length}; cue dropped` });
      return;
    }
    const startMs = parseClock(start, true);
    const endMs = parseClock(end, true);
    if (startMs === null || endMs === null) {
      const bad = startMs === null ? start : end;
      problems.push({ line: lineNo, code: 'ass_malformed_time', params: { text: bad.trim(), expected: 'H:MM:SS.cc' }, message: `malformed time "${bad.trim()}" (expected H:MM:SS.cc); cue dropped` });
      return;
    }
    cues.push({ startMs, endMs, text: assTextToCueText(body), line: lineNo });
  });
  return { cues, problems };
}

// Splits on the first (count - 1) commas: the last column is the text and may contain commas.
function splitFields(rest: string, count: number): string[] {
  const parts = rest.split(',');
  if (parts.length <= count) return parts;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join(',')];
}

type Style = 'b' | 'i' | 'u';

/**
 * Turns ASS dialogue text into cue text. Override blocks are removed, except that bold, italic and
 * underline switches ({\b1}...{\b0}, {\i1}, {\u1}, reset {\r}) become <b>, <i>, <u>, the same markup
 * SubRip and WebVTT cues keep, so a producer's italics survive whichever format they export.
 * \N and \n become line breaks, \h a space. Drawings ({\p1}...{\p0}) are vector commands, not text.
 */
export function assTextToCueText(text: string): string {
  const open: Style[] = [];
  let out = '';
  let drawing = false;

  const set = (style: Style, on: boolean) => {
    const at = open.indexOf(style);
    if (on && at < 0) {
      out += `<${style}>`;
      open.push(style);
    } else if (!on && at >= 0) {
      // WebVTT tags must nest: close the styles opened after this one, then reopen them.
      const reopen = open.splice(at);
      for (const s of [...reopen].reverse()) out += `</${s}>`;
      for (const s of reopen.slice(1)) {
        out += `<${s}>`;
        open.push(s);
      }
    }
  };

  for (const part of text.split(/(\{[^}]*\})/)) {
    if (part.startsWith('{') && part.endsWith('}')) {
      // Every {...} is invisible in ASS renderers (a block without tags is a comment).
      for (const tag of part.slice(1, -1).split('\\').slice(1)) {
        const m = /^([biup])(\d+)$/.exec(tag.trim());
        if (m) {
          const n = Number(m[2]);
          if (m[1] === 'p') drawing = n > 0;
          // \b also takes a font weight: 700 and above is bold, 100..600 is not.
          else set(m[1] as Style, m[1] === 'b' ? n === 1 || n >= 700 : n === 1);
        } else if (/^r/.test(tag.trim())) {
          for (const s of [...open]) set(s, false);
        }
      }
      continue;
    }
    if (!drawing) out += part.replace(/\\[Nn]/g, '\n').replace(/\\h/g, ' ');
  }
  for (const s of [...open].reverse()) set(s, false);
  // Switches that enclose nothing ({\i1}{\i0}, or italics around a drawing) would be empty tags.
  let prev;
  do {
    prev = out;
    out = out.replace(/<([biu])>(\s*)<\/\1>/g, '$2');
  } while (out !== prev);
  return out;
}
