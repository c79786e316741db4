import type { SubtitleFormat } from './cue.js';
import { SubtitleError } from './errors.js';

// Content decides before the extension: producers rename files freely (a WebVTT file saved as .srt,
// an .ass exported as .txt), but the header or the shape of the timing lines does not lie.
export function detectFormat(text: string, fileName: string): SubtitleFormat {
  const body = text.replace(/^\uFEFF/, '');
  if (/^WEBVTT(?:[ \t\n]|$)/.test(body.trimStart())) return 'vtt';
  if (/^\s*\[(?:Script Info|Events|V4\+? Styles)\]\s*$/im.test(body) || /^Dialogue:\s*\d/m.test(body)) return 'ass';
  // A comma before the milliseconds is SubRip's signature; WebVTT only allows a dot.
  if (/^\s*\d+:\d{1,2}:\d{1,2},\d{1,3}\s*-->/m.test(body)) return 'srt';

  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'srt') return 'srt';
  if (extension === 'vtt' || extension === 'webvtt') return 'vtt';
  if (extension === 'ass' || extension === 'ssa') return 'ass';

  // Dotted timing lines without a WEBVTT header: SubRip written by tools that use '.', which the SubRip
  // parser accepts.
  if (/^\s*\d+:\d{1,2}:\d{1,2}\.\d{1,3}\s*-->/m.test(body)) return 'srt';
  throw new SubtitleError(fileName, 'not a subtitle file: expected SubRip (.srt), WebVTT (.vtt) or ASS/SSA (.ass)', undefined, 'not_subtitles');
}
