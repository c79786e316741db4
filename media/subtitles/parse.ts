import { parseAss } from './parse-ass.js';
import type { ParsedSubtitles, RawParse, SubtitleFormat } from './cue.js';
import { decodeSubtitleBytes } from './decode.js';
import { detectFormat } from './detect-format.js';
import { SubtitleError } from './errors.js';
import { normaliseCues } from './normalise.js';
import { parseSrt } from './parse-srt.js';
import { parseVtt } from './parse-vtt.js';

const PARSERS: Record<SubtitleFormat, (text: string) => RawParse> = { srt: parseSrt, vtt: parseVtt, ass: parseAss };

// The whole path from an uploaded file to cues ready for toWebVtt. Throws SubtitleError only when
// nothing can be published; everything else comes back as warnings next to the cues.
export function parseSubtitles(bytes: Uint8Array, fileName: string): ParsedSubtitles {
  if (bytes.length === 0) throw new SubtitleError(fileName, 'file is empty (0 bytes)', undefined, 'empty_file');
  const { text, encoding } = decodeSubtitleBytes(bytes, fileName);
  if (text.trim() === '') throw new SubtitleError(fileName, 'file is empty (only whitespace)', undefined, 'blank_file');
  const format = detectFormat(text, fileName);
  const raw = PARSERS[format](text);
  const { cues, warnings } = normaliseCues(raw.cues, raw.problems);
  if (cues.length === 0) {
    // Point at the first thing that went wrong: usually the first broken timing line.
    const first = warnings.find((w) => w.code !== 'missing_header') ?? warnings[0];
    throw first
      ? new SubtitleError(fileName, `no valid cue found (${first.message})`, first.line, 'no_valid_cue', { cause: first.code, ...first.params })
      : new SubtitleError(fileName, 'no valid cue found', undefined, 'no_valid_cue');
  }
  return { format, encoding, cues, warnings };
}
