import type { Cue, RawCue } from './cue.js';
import { normaliseCueText } from './cue-text.js';
import type { SubtitleProblem } from './errors.js';
import { formatVttTimestamp } from './timestamps.js';

const ASS_OVERRIDE = /\{\\[^}]*\}/g;

// Turns what a format parser found into publishable cues. Nothing here rejects the file: a bad cue is
// dropped and reported so the producer can fix it, while the rest of the subtitles go online.
export function normaliseCues(raw: readonly RawCue[], parseProblems: readonly SubtitleProblem[]): { cues: Cue[]; warnings: SubtitleProblem[] } {
  const warnings = [...parseProblems];
  const kept: { cue: Cue; startMs: number; endMs: number }[] = [];

  for (const r of raw) {
    // ASS override blocks ({\i1}, {\an8}) that a tool left in an SRT or WebVTT file would show as text.
    const withoutAss = r.text.replace(ASS_OVERRIDE, '');
    if (withoutAss !== r.text) warnings.push({ line: r.line, code: 'ass_tags_removed', message: 'ASS override tags ({\\…}) removed from the cue text' });
    const text = normaliseCueText(withoutAss);
    if (r.endMs <= r.startMs) {
      warnings.push({
        line: r.line,
        code: 'ends_before_start',
        params: { end: formatVttTimestamp(r.endMs / 1000), start: formatVttTimestamp(r.startMs / 1000) },
        message: `cue ends (${formatVttTimestamp(r.endMs / 1000)}) at or before it starts (${formatVttTimestamp(r.startMs / 1000)}); cue dropped`
      });
      continue;
    }
    if (text === '') {
      warnings.push({ line: r.line, code: 'empty_cue', message: 'cue has no text; cue dropped' });
      continue;
    }
    kept.push({ cue: { start: r.startMs / 1000, end: r.endMs / 1000, text, line: r.line }, startMs: r.startMs, endMs: r.endMs });
  }

  // Array.prototype.sort is stable, so cues starting together keep their file order (top line first).
  kept.sort((a, b) => a.startMs - b.startMs);

  // Overlaps are legitimate (two speakers, a sign and a line of dialogue) and stay, but an overlap is
  // also what a typo in a timestamp looks like, so the producer is told about each one.
  let latest: (typeof kept)[number] | undefined;
  for (const k of kept) {
    if (latest && k.startMs < latest.endMs) {
      warnings.push({
        line: k.cue.line,
        code: 'overlap',
        params: { start: formatVttTimestamp(k.cue.start), other: latest.cue.line, until: formatVttTimestamp(latest.cue.end) },
        message: `cue at line ${k.cue.line} (${formatVttTimestamp(k.cue.start)}) overlaps cue at line ${latest.cue.line} (until ${formatVttTimestamp(latest.cue.end)})`
      });
    }
    if (!latest || k.endMs > latest.endMs) latest = k;
  }

  warnings.sort((a, b) => a.line - b.line);
  return { cues: kept.map((k) => k.cue), warnings };
}
