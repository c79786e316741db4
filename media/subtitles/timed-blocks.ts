import type { RawCue, RawParse } from './cue.js';
import type { SubtitleProblem } from './errors.js';
import { looksLikeTimingLine, parseTimingLine } from './timestamps.js';

export interface TimedBlockOptions {
  /** WebVTT allows MM:SS.mmm; SubRip always writes the hours. */
  hoursRequired: boolean;
  /** Shown in the malformed-timing message so the producer sees what was expected. */
  expectedTiming: string;
  /** WebVTT NOTE / STYLE / REGION blocks: skipped up to the next blank line. */
  isSkippedBlockStart?: (line: string) => boolean;
  /** SubRip numbers its cues: a bare number after a blank line that is not followed by a timing line is a broken cue. */
  numberedCues?: boolean;
  /** Turns the cue's source lines into cue text (format-specific markup handling). */
  cleanText: (lines: string[]) => string;
}

// SubRip and WebVTT share one structure: an optional identifier line, a "start --> end" line, then text.
// The parser is line-driven rather than split on blank lines because producers' files are not tidy:
// cue text with a blank line in the middle, cues with no blank line between them, missing indexes.
// A timing line always starts a new cue; a blank line never ends one by itself.
export function parseTimedBlocks(lines: readonly string[], from: number, options: TimedBlockOptions): RawParse {
  const cues: RawCue[] = [];
  const problems: SubtitleProblem[] = [];
  let current: { startMs: number; endMs: number; line: number; text: string[] } | null = null;
  // 'dropped': text of a cue whose timing was broken, ignored up to the next cue. 'skipped': a NOTE-like
  // block, ignored up to the next blank line.
  let mode: 'outside' | 'cue' | 'dropped' | 'skipped' = 'outside';
  let afterBlank = true;
  let strayReported = false;

  const finish = () => {
    if (current) cues.push({ startMs: current.startMs, endMs: current.endMs, line: current.line, text: options.cleanText(current.text) });
    current = null;
  };

  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    if (line.trim() === '') {
      afterBlank = true;
      if (mode === 'skipped') mode = 'outside';
      continue;
    }
    const wasAfterBlank = afterBlank;
    afterBlank = false;

    if (looksLikeTimingLine(line)) {
      finish();
      const timing = parseTimingLine(line, options.hoursRequired);
      if (timing) {
        current = { ...timing, line: lineNo, text: [] };
        mode = 'cue';
        strayReported = false;
      } else {
        problems.push({ line: lineNo, code: 'malformed_timing', params: { text: line.trim(), expected: options.expectedTiming }, message: `malformed timing line "${line.trim()}" (expected ${options.expectedTiming}); cue dropped` });
        mode = 'dropped';
      }
      continue;
    }

    if (wasAfterBlank && options.isSkippedBlockStart?.(line)) {
      finish();
      mode = 'skipped';
      continue;
    }
    if (mode === 'skipped') continue;

    const next = lines[i + 1];
    const nextIsTiming = next !== undefined && looksLikeTimingLine(next);
    const isNumber = /^\s*\d+\s*$/.test(line);
    // The identifier (SubRip index, WebVTT cue id) is the line right before the timing line. A bare
    // number counts even without a blank line before it, because some writers omit the blank line.
    if (nextIsTiming && (wasAfterBlank || isNumber)) continue;

    if (options.numberedCues && isNumber && wasAfterBlank && mode !== 'outside') {
      finish();
      const hasNext = next !== undefined && next.trim() !== '';
      problems.push({
        line: hasNext ? lineNo + 1 : lineNo,
        ...(hasNext
          ? { code: 'no_timing_line' as const, params: { cue: line.trim(), expected: options.expectedTiming, text: next!.trim() } }
          : { code: 'no_timing_line_end' as const, params: { cue: line.trim() } }),
        message: hasNext
          ? `cue ${line.trim()} has no timing line: expected ${options.expectedTiming}, found "${next!.trim()}"; cue dropped`
          : `cue ${line.trim()} has no timing line; cue dropped`
      });
      mode = 'dropped';
      continue;
    }

    if (mode === 'cue') current!.text.push(line);
    else if (mode === 'outside' && !strayReported) {
      problems.push({ line: lineNo, code: 'stray_text', params: { text: line.trim() }, message: `text outside any cue ignored: "${line.trim()}"` });
      strayReported = true;
    }
  }
  finish();
  return { cues, problems };
}
