import { describe, expect, it } from 'vitest';
import { SubtitleError, cuesFromWebVtt, parseSubtitles, toWebVtt, type Cue } from '../../../media/subtitles/index.js';
import { FIXTURES, fixtureBytes } from './fixture-expectations.js';

const withoutLine = (cues: Cue[]) => cues.map(({ start, end, text }) => ({ start, end, text }));

describe('toWebVtt', () => {
  it('writes the header, HH:MM:SS.mmm timings and blank lines between cues', () => {
    const vtt = toWebVtt([
      { start: 0.5, end: 3.5, text: 'Салом!', line: 3 },
      { start: 3661.001, end: 3662.25, text: 'Two\nlines', line: 6 }
    ]);
    expect(vtt).toBe('WEBVTT\n\n00:00:00.500 --> 00:00:03.500\nСалом!\n\n01:01:01.001 --> 01:01:02.250\nTwo\nlines\n');
  });

  it('writes an empty but valid file for no cues', () => {
    expect(toWebVtt([])).toBe('WEBVTT\n\n');
  });

  it('escapes & < > but keeps <b>, <i> and <u>', () => {
    const vtt = toWebVtt([{ start: 1, end: 2, text: '<i>Tom</i> & <b>Jerry</b> <3 -->\n<u>a</u> <c>b</c> &amp;', line: 1 }]);
    expect(vtt.split('\n').slice(3, 5)).toEqual(['<i>Tom</i> &amp; <b>Jerry</b> &lt;3 --&gt;', '<u>a</u> &lt;c&gt;b&lt;/c&gt; &amp;amp;']);
  });

  it('never writes a blank line inside a cue, which would cut it short', () => {
    const vtt = toWebVtt([{ start: 1, end: 2, text: 'a\n\n \nb', line: 1 }]);
    expect(vtt).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\nb\n');
  });
});

describe('cuesFromWebVtt', () => {
  for (const fx of FIXTURES) {
    it(`gives back the cues of ${fx.file} after toWebVtt`, () => {
      const { cues } = parseSubtitles(fixtureBytes(fx.file), fx.file);
      const back = cuesFromWebVtt(toWebVtt(cues));
      expect(withoutLine(back)).toEqual(withoutLine(cues));
      expect(back.map((c) => c.text)).toEqual(fx.texts);
    });
  }

  it('gives back text with markup, entities, look-alike tags and literal "-->"', () => {
    const cues: Cue[] = [
      { start: 0, end: 1.001, text: '<b>bold</b> & <i>it</i> &amp; <3 > 2 <c.x>not a tag</c>', line: 1 },
      { start: 59.999, end: 3600, text: 'a --> b\n  indented\n<u>u</u>', line: 2 }
    ];
    expect(withoutLine(cuesFromWebVtt(toWebVtt(cues)))).toEqual(withoutLine(cues));
  });

  it('numbers cues by their timing line in the WebVTT text', () => {
    const back = cuesFromWebVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\n00:00:03.000 --> 00:00:04.000\nB\n');
    expect(back.map((c) => c.line)).toEqual([3, 6]);
  });

  it('throws on a malformed timing line instead of silently losing a cue', () => {
    expect(() => cuesFromWebVtt('WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nA\n')).toThrow(SubtitleError);
  });

  it('throws on text without a WEBVTT header', () => {
    expect(() => cuesFromWebVtt('00:00:01.000 --> 00:00:02.000\nA\n')).toThrow(/WEBVTT/);
  });
});
