import { describe, expect, it } from 'vitest';
import { SubtitleError, detectFormat, parseSubtitles } from '../../../media/subtitles/index.js';

const parse = (text: string, fileName: string) => parseSubtitles(new TextEncoder().encode(text), fileName);
const texts = (text: string, fileName: string) => parse(text, fileName).cues.map((c) => c.text);

describe('detectFormat', () => {
  it('trusts a WEBVTT header over a .srt extension', () => {
    expect(detectFormat('WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n', 'renamed.srt')).toBe('vtt');
  });

  it('recognises ASS by its sections whatever the extension', () => {
    expect(detectFormat('[Script Info]\nTitle: x\n\n[Events]\n', 'export.txt')).toBe('ass');
  });

  it('recognises SubRip by a comma before the milliseconds even in a .vtt file', () => {
    expect(detectFormat('1\n00:00:01,000 --> 00:00:02,000\nHi\n', 'wrong.vtt')).toBe('srt');
  });

  it('falls back to the extension when the content has no signature', () => {
    expect(detectFormat('00:01.000 --> 00:02.000\nHi\n', 'headerless.vtt')).toBe('vtt');
    expect(detectFormat('nothing here', 'x.SRT')).toBe('srt');
    expect(detectFormat('nothing here', 'x.ssa')).toBe('ass');
  });

  it('reads dotted timing lines in a file without a known extension as SubRip', () => {
    expect(detectFormat('1\n00:00:01.000 --> 00:00:02.000\nHi\n', 'upload.txt')).toBe('srt');
  });

  it('throws for text that is no subtitle format', () => {
    expect(() => detectFormat('Dear producer,', 'letter.txt')).toThrow(SubtitleError);
  });
});

describe('SubRip', () => {
  it('keeps <b>, <i>, <u> (lower-cased) and removes <font> and ASS override blocks', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#ffff00">Жёлтый</font> <I>курсив</I>, <b>жирный</b>, <u>подчёркнутый</u>\n';
    expect(texts(srt, 'a.srt')).toEqual(['Жёлтый <i>курсив</i>, <b>жирный</b>, <u>подчёркнутый</u>']);
  });

  it('leaves a "<" that is not a tag as text', () => {
    expect(texts('1\n00:00:01,000 --> 00:00:02,000\n2 < 3 & 5 > 4 <3\n', 'a.srt')).toEqual(['2 < 3 & 5 > 4 <3']);
  });

  it('keeps line breaks, trims trailing spaces and removes blank lines inside a cue', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\n  First line   \n\nsecond line\t\n\n2\n00:00:03,000 --> 00:00:04,000\nNext\n';
    expect(texts(srt, 'a.srt')).toEqual(['  First line\nsecond line', 'Next']);
  });

  it('accepts a dot separator, 1-3 digit fractions, long hours and no index lines', () => {
    const srt = '00:00:01.5 --> 00:00:02,25\nA\n\n100:00:00,000 --> 100:00:01,000\nB\n';
    const { cues } = parse(srt, 'a.srt');
    expect(cues.map((c) => [c.start, c.end, c.line])).toEqual([
      [1.5, 2.25, 1],
      [360000, 360001, 4]
    ]);
  });

  it('accepts cues with no blank line between them and keeps SubRip coordinates out of the text', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20 Y1:5 Y2:9\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n';
    expect(parse(srt, 'a.srt').cues.map((c) => [c.start, c.text, c.line])).toEqual([
      [1, 'A', 2],
      [3, 'B', 5]
    ]);
  });

  it('keeps non-numeric cue identifiers out of the text', () => {
    expect(texts('intro\n00:00:01,000 --> 00:00:02,000\nHi\n', 'a.srt')).toEqual(['Hi']);
  });

  it('NFC-normalises decomposed letters', () => {
    // s + COMBINING COMMA BELOW and а + COMBINING BREVE... й typed as и + U+0306.
    const [text] = texts('1\n00:00:01,000 --> 00:00:02,000\npas\u0326aport \u0438\u0306\n', 'ro.srt');
    expect(text).toBe('pa\u0219aport \u0439');
  });
});

describe('WebVTT', () => {
  it('skips the header, NOTE, STYLE and REGION blocks and cue identifiers', () => {
    const vtt = [
      'WEBVTT - Efir lesson',
      'Kind: captions',
      'Language: tg',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'REGION',
      'id:bottom width:40%',
      '',
      'NOTE reviewed by',
      'the Dushanbe team',
      '',
      'intro-1',
      '00:00:01.000 --> 00:00:02.000 line:90% align:center',
      'Салом!',
      '',
      'NOTE',
      'another comment',
      '',
      '00:03.500 --> 00:04.000',
      'Кӯтоҳ',
      ''
    ].join('\n');
    const { cues, warnings } = parse(vtt, 'tg.vtt');
    expect(warnings).toEqual([]);
    expect(cues.map((c) => [c.start, c.end, c.text, c.line])).toEqual([
      [1, 2, 'Салом!', 15],
      [3.5, 4, 'Кӯтоҳ', 21]
    ]);
  });

  it('removes class, voice, language and timestamp tags but keeps their text and <b>/<i>/<u>', () => {
    const vtt = 'WEBVTT\n\n00:01.000 --> 00:05.000\n<v Teacher>Hello</v> <c.yellow.bg_blue>world</c>\n<lang en>one</lang> <00:00:02.000><i>two</i> <b.loud>three</b>\n';
    expect(texts(vtt, 'a.vtt')).toEqual(['Hello world\none <i>two</i> <b>three</b>']);
  });

  it('decodes character references', () => {
    const vtt = 'WEBVTT\n\n00:01.000 --> 00:02.000\nTom &amp; Jerry &lt;3 &gt; a&nbsp;b &#x021B; &#537; &unknown;\n';
    expect(texts(vtt, 'a.vtt')).toEqual(['Tom & Jerry <3 > a\u00a0b \u021B \u0219 &unknown;']);
  });

  it('warns about a missing WEBVTT header but still reads the cues', () => {
    const { cues, warnings } = parse('00:01.000 --> 00:02.000\nHi\n', 'a.vtt');
    expect(cues.map((c) => c.text)).toEqual(['Hi']);
    expect(warnings).toMatchObject([{ line: 1, message: 'missing "WEBVTT" header; read as WebVTT anyway' }]);
  });
});

describe('ASS / SSA', () => {
  const header = '[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n';
  const dialogue = (text: string, start = '0:00:01.00', end = '0:00:02.00') => `Dialogue: 0,${start},${end},Default,,0,0,0,,${text}\n`;
  const assTexts = (...lines: string[]) => texts(header + lines.join(''), 'a.ass');

  it('reads centiseconds and keeps commas in the text column', () => {
    const { cues } = parse(header + dialogue('Bir, iki, üç', '1:02:03.45', '1:02:04.5'), 'a.ass');
    expect(cues.map((c) => [c.start, c.end, c.text, c.line])).toEqual([[3723.45, 3724.5, 'Bir, iki, üç', 6]]);
  });

  it('finds the columns by the Format line, whatever their order', () => {
    const ass = '[Events]\nFormat: Start, End, Style, Text\nDialogue: 0:00:05.00,0:00:06.00,Default,Hello, world\n';
    expect(parse(ass, 'a.ass').cues.map((c) => [c.start, c.end, c.text])).toEqual([[5, 6, 'Hello, world']]);
  });

  it('uses only Dialogue lines of [Events]', () => {
    const ass = header + 'Comment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,translator note\n' + dialogue('Shown');
    expect(texts(ass, 'a.ass')).toEqual(['Shown']);
  });

  it('turns \\N and \\n into line breaks and \\h into a space', () => {
    expect(assTexts(dialogue('Birinci\\Nikinci\\nüçüncü\\hson'))).toEqual(['Birinci\nikinci\nüçüncü son']);
  });

  it('removes override blocks and comments but turns bold, italic and underline switches into tags', () => {
    expect(assTexts(dialogue('{\\an8\\pos(640,50)\\c&H00FFFF&}Yuxarı {\\i1}kursiv{\\i0} {\\b1}qalın{\\b0} {\\u1}alt{\\u0}{not a tag}'))).toEqual([
      'Yuxarı <i>kursiv</i> <b>qalın</b> <u>alt</u>'
    ]);
  });

  it('closes switches left open at the end of the line and after a reset', () => {
    expect(assTexts(dialogue('{\\i1}açıq'), dialogue('{\\b1\\i1}hər ikisi{\\r} adi', '0:00:03.00', '0:00:04.00'))).toEqual([
      '<i>açıq</i>',
      '<b><i>hər ikisi</i></b> adi'
    ]);
  });

  it('keeps tags properly nested when switches are closed out of order', () => {
    expect(assTexts(dialogue('{\\b1}a{\\i1}b{\\b0}c{\\i0}d'))).toEqual(['<b>a<i>b</i></b><i>c</i>d']);
  });

  it('does not take other tags starting with b, i, u or p (\\bord, \\blur, \\iclip, \\pos) for switches', () => {
    expect(assTexts(dialogue('{\\bord2\\blur3\\be1\\iclip(0,0,1,1)\\pos(1,2)}düz'))).toEqual(['düz']);
  });

  it('reads \\b700 as bold and \\b400 as normal weight', () => {
    expect(assTexts(dialogue('{\\b700}qalın{\\b400} adi'))).toEqual(['<b>qalın</b> adi']);
  });

  it('removes vector drawings', () => {
    expect(assTexts(dialogue('{\\p1}m 0 0 l 100 0 100 100 0 100{\\p0}Mətn'))).toEqual(['Mətn']);
  });

  it('reports a Dialogue line with too few fields', () => {
    const { warnings } = parse(header + dialogue('ok') + 'Dialogue: 0,0:00:03.00,0:00:04.00\n', 'a.ass');
    expect(warnings.map((w) => w.line)).toEqual([7]);
  });

  it('refuses an ASS file without any Dialogue line', () => {
    expect(() => parse(header, 'a.ass')).toThrow(/no valid cue found/);
  });
});
