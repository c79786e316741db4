import type { RawParse } from './cue.js';
import { keepOnlyBasicTags } from './cue-text.js';
import { parseTimedBlocks } from './timed-blocks.js';

// SubRip: "index / HH:MM:SS,mmm --> HH:MM:SS,mmm / text". Its markup is an informal mix of HTML
// (<b>, <i>, <u>, <font color=...>) and ASS override blocks ({\an8}, {\i1}) left by converters; only
// <b>/<i>/<u> survive. ASS blocks inside SubRip are removed outright (not converted): they are almost
// always positioning ({\an8}), and SubRip players that do show them disagree on what they mean.
// normaliseCues removes them, with a warning (WebVTT files get the same).
export function parseSrt(text: string): RawParse {
  return parseTimedBlocks(text.split('\n'), 0, {
    hoursRequired: true,
    expectedTiming: 'HH:MM:SS,mmm --> HH:MM:SS,mmm',
    numberedCues: true,
    cleanText: (lines) => keepOnlyBasicTags(lines.join('\n'))
  });
}
