/** The cue editor's checks (media/subtitles/cue-checks.ts): refused, cleaned with a warning, flagged. */
import { describe, expect, it } from 'vitest';
import { CueCheckError, cleanCues, cueFlags, formatCueTime, parseCueTime, type EditorCue } from '../../../media/subtitles/cue-checks.ts';

const cue = (start: number, end: number, text: string, machine?: boolean): EditorCue => ({ start, end, text, ...(machine ? { machine } : {}) });

describe('flags', () => {
  it('overlaps mark both cues; too fast and long lines their own cue', () => {
    const flags = cueFlags([
      cue(0, 2, 'Салом'),
      cue(1.5, 3, 'Ду'),
      cue(4, 5, 'Ин матн барои як сония хеле дароз аст, хеле.'),
      cue(6, 9, 'Як сатри хеле дароз, ки аз чилу ду аломат зиёд аст, ҳа')
    ]);
    expect(flags[0]).toEqual(['overlap']);
    expect(flags[1]).toEqual(['overlap']);
    expect(flags[2]).toContain('too_fast');
    expect(flags[3]).toEqual(['line_too_long']);
  });

  it('tags and line breaks do not count as characters', () => {
    expect(cueFlags([cue(0, 1, '<i>12345678901234567890</i>')])[0]).toEqual([]);
    expect(cueFlags([cue(0, 1, '1234567890\n12345678901')])[0]).toEqual(['too_fast']);
  });
});

describe('cleanCues', () => {
  it('strips ASS override and HTML tags (b/i/u kept), drops empty cues, clamps the end: each with a warning naming the cue', () => {
    const { cues, warnings } = cleanCues(
      [
        cue(0, 1, '{\\an8}{\\i1}Салом{\\i0}'),
        cue(1, 2, '<font color="red">Ду</font> <b>се</b>'),
        cue(2, 3, '  <i></i> '),
        cue(3, 12, 'Охир', true)
      ],
      10
    );
    expect(cues).toEqual([cue(0, 1, 'Салом'), cue(1, 2, 'Ду <b>се</b>'), { start: 3, end: 10, text: 'Охир', machine: true }]);
    expect(warnings.map((w) => [w.cue, w.code])).toEqual([
      [1, 'ass_tags'],
      [2, 'html_tags'],
      [3, 'empty'],
      [4, 'end_clamped']
    ]);
    expect(warnings[0]!.message).toBe('cue 1 (00:00:00.000): ASS override tags removed');
    expect(warnings[3]!.message).toMatch(/^cue 4 \(00:00:03\.000\): ended after the video/);
    // Lines in the written WebVTT: cue 1 at line 3, cue 2 at 6, cue 4 at 9 (dropped cue 3: where it was).
    expect(warnings.map((w) => w.line)).toEqual([3, 6, 9, 9]);
  });

  it('sorts by start and reports flags as warnings', () => {
    const { cues, warnings } = cleanCues([cue(5, 6, 'b'), cue(0, 5.5, 'a')], null);
    expect(cues.map((c) => c.text)).toEqual(['a', 'b']);
    expect(warnings.map((w) => [w.cue, w.code])).toEqual([
      [1, 'overlap'],
      [2, 'overlap']
    ]);
  });

  it.each([
    [[cue(0, 1, 'a'), cue(2, 2, 'b')], 'cues[1].end', /^cue 2 \(00:00:02\.000\): ends \(00:00:02\.000\) at or before it starts/],
    [[cue(3, 1, 'a')], 'cues[0].end', /at or before it starts/],
    [[cue(0, 1, 'a'), cue(1, 2, 'b'), cue(10, 11, 'c')], 'cues[2].start', /^cue 3 .*starts at or after the end of the video/],
    [[cue(NaN, 1, 'a')], 'cues[0].start', /not a valid time/],
    [[cue(0, Infinity, 'a')], 'cues[0].end', /not a valid time/]
  ])('refuses %#, naming the cue', (cues, field, message) => {
    try {
      cleanCues(cues, 10);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CueCheckError);
      expect((err as CueCheckError).field).toBe(field);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('times in the editor', () => {
  it('reads and writes mm:ss.mmm', () => {
    expect(formatCueTime(83.5)).toBe('01:23.500');
    expect(formatCueTime(3723.004)).toBe('01:02:03.004');
    expect(parseCueTime('01:23.5')).toBe(83.5);
    expect(parseCueTime('1:02:03,004')).toBeCloseTo(3723.004, 6);
    expect(parseCueTime('12.25')).toBe(12.25);
    expect(parseCueTime('1:75.000')).toBeNaN();
    expect(parseCueTime('abc')).toBeNaN();
  });
});

describe('uploaded files', () => {
  it('SRT and WebVTT cue text loses ASS override tags, with a warning on its line', async () => {
    const { parseSubtitles } = await import('../../../media/subtitles/index.ts');
    const srt = parseSubtitles(Buffer.from('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Салом {\\i1}дунё{\\i0}\n'), 'tg.srt');
    expect(srt.cues[0]!.text).toBe('Салом дунё');
    expect(srt.warnings).toMatchObject([{ line: 2, message: 'ASS override tags ({\\…}) removed from the cue text' }]);
    const vtt = parseSubtitles(Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n{\\b1}Hi\n'), 'en.vtt');
    expect(vtt.cues[0]!.text).toBe('Hi');
    expect(vtt.warnings).toHaveLength(1);
  });
});
