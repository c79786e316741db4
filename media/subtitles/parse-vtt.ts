import type { RawParse } from './cue.js';
import { decodeEntities, keepOnlyBasicTags } from './cue-text.js';
import { parseTimedBlocks } from './timed-blocks.js';

// WebVTT cue text may carry class spans (<c.yellow>), voices (<v Speaker>), language spans, ruby and
// karaoke timestamps (<00:00:01.000>). Only <b>/<i>/<u> are kept; the other spans keep their text.
// Tags are removed before entities are decoded so that "&lt;c&gt;" stays the text "<c>".
export function cleanVttCueText(lines: string[]): string {
  return decodeEntities(keepOnlyBasicTags(lines.join('\n').replace(/<\d[^<>]*>/g, '')));
}

export function parseVtt(text: string): RawParse {
  const lines = text.split('\n');
  const problems: RawParse['problems'] = [];
  let from = 0;
  if (/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? '')) {
    // The header block runs to the first blank line (it may hold X-TIMESTAMP-MAP, Kind:, Language:).
    // Some tools forget that blank line, so a timing line also ends it.
    from = 1;
    while (from < lines.length && lines[from]!.trim() !== '' && !lines[from]!.includes('-->')) from++;
  } else {
    problems.push({ line: 1, code: 'missing_header', message: 'missing "WEBVTT" header; read as WebVTT anyway' });
  }
  const parsed = parseTimedBlocks(lines, from, {
    hoursRequired: false,
    expectedTiming: 'HH:MM:SS.mmm --> HH:MM:SS.mmm',
    isSkippedBlockStart: (line) => /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(line),
    cleanText: cleanVttCueText
  });
  return { cues: parsed.cues, problems: [...problems, ...parsed.problems] };
}
