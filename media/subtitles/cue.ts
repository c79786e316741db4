import type { SubtitleProblem } from './errors.js';

export type SubtitleFormat = 'srt' | 'vtt' | 'ass';

// Times are seconds with millisecond precision; `text` keeps only <b>, <i> and <u> as markup (every other
// '<', '>' or '&' is a literal character) with '\n' between lines; `line` is the source line of the timing
// line (or of the Dialogue line for ASS).
export interface Cue {
  start: number;
  end: number;
  text: string;
  line: number;
}

export interface ParsedSubtitles {
  format: SubtitleFormat;
  encoding: string;
  cues: Cue[];
  warnings: SubtitleProblem[];
}

// What a format parser hands to the normaliser: times in whole milliseconds (integers, so comparisons
// and sorting are exact) and text already stripped of the format's own markup, not yet normalised.
export interface RawCue {
  startMs: number;
  endMs: number;
  text: string;
  line: number;
}

export interface RawParse {
  cues: RawCue[];
  problems: SubtitleProblem[];
}
