import type { Cue } from './cue.js';
import { escapeCueText, normaliseCueText } from './cue-text.js';
import { SubtitleError } from './errors.js';
import { formatVttTimestamp } from './timestamps.js';
import { parseVtt } from './parse-vtt.js';

/** One cue as a WebVTT block: timing line then escaped text, no trailing newline. */
export function webVttCueBlock(cue: Cue): string {
  // normaliseCueText drops blank lines: one inside a cue would end it early in every WebVTT parser.
  return `${formatVttTimestamp(cue.start)} --> ${formatVttTimestamp(cue.end)}\n${escapeCueText(normaliseCueText(cue.text))}`;
}

export function toWebVtt(cues: readonly Cue[]): string {
  return 'WEBVTT\n\n' + cues.map((c) => webVttCueBlock(c) + '\n').join('\n');
}

/**
 * Reads back WebVTT written by toWebVtt or segmentWebVtt. Strict on purpose: it exists to check our own
 * output, so a malformed line is a bug to surface, not something to skip. `line` is the line of the
 * timing line in this WebVTT text, not in the producer's original file.
 */
export function cuesFromWebVtt(text: string): Cue[] {
  const parsed = parseVtt(text.replace(/\r\n?/g, '\n'));
  const problem = parsed.problems[0];
  if (problem) throw new SubtitleError('WebVTT', problem.message, problem.line, 'no_valid_cue', { cause: problem.code, ...problem.params });
  return parsed.cues.map((c) => ({ start: c.startMs / 1000, end: c.endMs / 1000, text: normaliseCueText(c.text), line: c.line }));
}
