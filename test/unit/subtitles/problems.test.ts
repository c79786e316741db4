import { describe, expect, it } from 'vitest';
import { SubtitleError, parseSubtitles } from '../../../media/subtitles/index.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function parseError(text: string | Uint8Array, fileName = 'talk.srt'): SubtitleError {
  try {
    parseSubtitles(typeof text === 'string' ? utf8(text) : text, fileName);
  } catch (e) {
    expect(e).toBeInstanceOf(SubtitleError);
    return e as SubtitleError;
  }
  throw new Error('expected parseSubtitles to throw');
}

describe('SubtitleError', () => {
  it('prefixes the message with the file name and, when known, the line', () => {
    const withLine = new SubtitleError('a.srt', 'bad thing', 7);
    expect(withLine.message).toBe('a.srt: line 7: bad thing');
    expect([withLine.fileName, withLine.line, withLine.reason]).toEqual(['a.srt', 7, 'bad thing']);
    const withoutLine = new SubtitleError('a.srt', 'bad thing');
    expect(withoutLine.message).toBe('a.srt: bad thing');
    expect(withoutLine.line).toBeUndefined();
    expect(withoutLine).toBeInstanceOf(Error);
  });
});

describe('parseSubtitles on bad input', () => {
  it('refuses an empty file', () => {
    const err = parseError(new Uint8Array(0));
    expect(err.message).toBe('talk.srt: file is empty (0 bytes)');
  });

  it('refuses a file with no cue at all', () => {
    const err = parseError('This is a transcript, not subtitles.\nSecond line.\n');
    expect(err.reason).toMatch(/^no valid cue found/);
  });

  it('refuses a text file that is not recognisable as any subtitle format', () => {
    expect(parseError('just some notes\n', 'notes.txt').reason).toMatch(/not a subtitle file/);
  });

  it('drops a cue with a malformed timestamp and names its line, keeping the others', () => {
    const { cues, warnings } = parseSubtitles(
      utf8('1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:0x,000 --> 00:00:04,000\nTwo\n\n3\n00:00:05,000 --> 00:00:06,000\nThree\n'),
      'talk.srt'
    );
    expect(cues.map((c) => c.text)).toEqual(['One', 'Three']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.line).toBe(6);
    expect(warnings[0]!.message).toMatch(/malformed timing line "00:00:0x,000 --> 00:00:04,000"/);
  });

  it('treats minutes or seconds above 59 as malformed', () => {
    const { cues, warnings } = parseSubtitles(
      utf8('1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:61,000 --> 00:01:04,000\nTwo\n'),
      'talk.srt'
    );
    expect(cues).toHaveLength(1);
    expect(warnings.map((w) => w.line)).toEqual([6]);
  });

  it('reports a one-dash arrow as a malformed timing line instead of taking it for text', () => {
    const { cues, warnings } = parseSubtitles(
      utf8('1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:03,000 - 00:00:04,000\nTwo\n'),
      'talk.srt'
    );
    expect(cues.map((c) => c.text)).toEqual(['One']);
    expect(warnings.map((w) => w.line)).toEqual([6]);
  });

  it('names the first bad line when every timing line is broken', () => {
    const err = parseError('1\n00:00:01.000 -> 00:00:02.000\nOne\n\n2\n0:0:3 --> 0:0:4\nTwo\n');
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/^talk\.srt: line 2: no valid cue found \(malformed timing line/);
  });

  it('drops a cue that ends before or when it starts, reporting its line', () => {
    const { cues, warnings } = parseSubtitles(
      utf8('1\n00:00:05,000 --> 00:00:04,000\nBackwards\n\n2\n00:00:06,000 --> 00:00:06,000\nZero length\n\n3\n00:00:07,000 --> 00:00:08,000\nFine\n'),
      'talk.srt'
    );
    expect(cues.map((c) => c.text)).toEqual(['Fine']);
    expect(warnings.map((w) => w.line)).toEqual([2, 6]);
    expect(warnings[0]!.message).toBe('cue ends (00:00:04.000) at or before it starts (00:00:05.000); cue dropped');
  });

  it('refuses the file when the only cues end before they start, naming the first', () => {
    const err = parseError('1\n00:00:05,000 --> 00:00:04,000\nBackwards\n');
    expect(err.line).toBe(2);
    expect(err.reason).toMatch(/^no valid cue found \(cue ends/);
  });

  it('keeps overlapping cues but warns with both line numbers', () => {
    const { cues, warnings } = parseSubtitles(
      utf8('1\n00:00:01,000 --> 00:00:05,000\nSpeaker A\n\n2\n00:00:03,000 --> 00:00:04,000\nSpeaker B\n\n3\n00:00:06,000 --> 00:00:07,000\nLater\n'),
      'talk.srt'
    );
    expect(cues).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.line).toBe(6);
    expect(warnings[0]!.message).toMatch(/line 6 .*overlaps cue at line 2/);
  });

  it('does not call cues that touch end to start an overlap', () => {
    const { warnings } = parseSubtitles(utf8('1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:02,000 --> 00:00:03,000\nB\n'), 'talk.srt');
    expect(warnings).toEqual([]);
  });

  it('sorts cues by start time, keeping file order for equal starts', () => {
    const { cues } = parseSubtitles(
      utf8('1\n00:00:09,000 --> 00:00:10,000\nLast\n\n2\n00:00:01,000 --> 00:00:02,000\nFirst top\n\n3\n00:00:01,000 --> 00:00:02,000\nFirst bottom\n'),
      'talk.srt'
    );
    expect(cues.map((c) => [c.text, c.line])).toEqual([
      ['First top', 6],
      ['First bottom', 10],
      ['Last', 2]
    ]);
  });

  it('drops a numbered SubRip cue whose timing line is missing and names the line where it should be', () => {
    const { cues, warnings } = parseSubtitles(
      utf8('1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\nTwo without timing\n\n3\n00:00:05,000 --> 00:00:06,000\nThree\n'),
      'talk.srt'
    );
    expect(cues.map((c) => c.text)).toEqual(['One', 'Three']);
    expect(warnings.map((w) => w.line)).toEqual([6]);
    expect(warnings[0]!.message).toMatch(/cue 2 has no timing line/);
  });

  it('drops a cue whose text is empty after markup is removed', () => {
    const { cues, warnings } = parseSubtitles(utf8('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="red"></font>\n\n2\n00:00:03,000 --> 00:00:04,000\nText\n'), 'talk.srt');
    expect(cues.map((c) => c.text)).toEqual(['Text']);
    // The ASS override block is removed with its own warning (issue 12: cleaned visibly).
    expect(warnings).toMatchObject([
      { line: 2, message: 'ASS override tags ({\\…}) removed from the cue text' },
      { line: 2, message: 'cue has no text; cue dropped' }
    ]);
  });

  it('reports text that stands before the first cue', () => {
    const { cues, warnings } = parseSubtitles(utf8('Translated by volunteers\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n'), 'talk.srt');
    expect(cues.map((c) => c.text)).toEqual(['Hi']);
    expect(warnings).toMatchObject([{ line: 1, message: 'text outside any cue ignored: "Translated by volunteers"' }]);
  });

  it('reports a malformed WebVTT timestamp with its line', () => {
    const { cues, warnings } = parseSubtitles(utf8('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:03.00 --> 00:04.000\nB\n'), 'talk.vtt');
    expect(cues.map((c) => c.text)).toEqual(['A', 'B']);
    expect(warnings).toEqual([]);
    const bad = parseSubtitles(utf8('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:03.000 --> 00:04:000\nB\n'), 'talk.vtt');
    expect(bad.cues.map((c) => c.text)).toEqual(['A']);
    expect(bad.warnings.map((w) => w.line)).toEqual([6]);
  });

  it('reports a malformed ASS time with the Dialogue line', () => {
    const ass = '[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Good\nDialogue: 0,0:00:03.00,0:0x:04.00,Default,,0,0,0,,Bad\n';
    const { cues, warnings } = parseSubtitles(utf8(ass), 'talk.ass');
    expect(cues.map((c) => c.text)).toEqual(['Good']);
    expect(warnings).toMatchObject([{ line: 4, message: 'malformed time "0:0x:04.00" (expected H:MM:SS.cc); cue dropped' }]);
  });
});
