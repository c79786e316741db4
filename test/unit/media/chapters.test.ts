import { describe, expect, it } from 'vitest';
import {
  CHAPTER_END_MARGIN,
  MAX_CHAPTER_TITLE,
  chaptersFromAnswers,
  chaptersVtt,
  cleanChapterTitle,
  localOpening,
  OPENING_CHAPTER,
  replayTime,
  withOpening,
  type RecordingPart
} from '../../../media/chapters.js';

const at = (hhmmss: string): Date => new Date(`2025-03-01T${hhmmss}Z`);

// 18:00:00-18:10:00 recorded (600 s), the publisher dropped, 18:12:00-18:17:00 recorded (300 s).
const parts: RecordingPart[] = [
  { startedAt: at('18:00:00'), duration: 600 },
  { startedAt: at('18:12:00'), duration: 300 }
];

describe('replayTime', () => {
  it('maps a moment inside the first part to its offset from the start', () => {
    expect(replayTime(at('18:05:30'), parts)).toBe(330);
  });

  it('maps a moment inside the second part after the whole first part', () => {
    expect(replayTime(at('18:13:00'), parts)).toBe(600 + 60);
  });

  it('maps a moment in the gap between parts to where the recording resumed', () => {
    expect(replayTime(at('18:11:00'), parts)).toBe(600);
    // The exact end of a part is already the gap.
    expect(replayTime(at('18:10:00'), parts)).toBe(600);
  });

  it('maps a moment before the recording to 0', () => {
    expect(replayTime(at('17:59:00'), parts)).toBe(0);
  });

  it('maps a moment after the recording to just before its end', () => {
    expect(replayTime(at('18:30:00'), parts)).toBe(900 - CHAPTER_END_MARGIN);
    expect(replayTime(at('18:30:00'), [{ startedAt: at('18:00:00'), duration: 0.4 }])).toBe(0);
    expect(replayTime(at('18:30:00'), [])).toBe(0);
  });

  it('keeps sub-second precision', () => {
    expect(replayTime(new Date(at('18:00:01').getTime() + 250), parts)).toBe(1.25);
  });
});

describe('cleanChapterTitle', () => {
  it('collapses whitespace and line breaks to single spaces and trims', () => {
    expect(cleanChapterTitle('  Нархи  нон\nчанд\r\n\tаст?  ')).toBe('Нархи нон чанд аст?');
  });

  it("removes '-->', even when removing one makes another", () => {
    expect(cleanChapterTitle('A --> B')).toBe('A B');
    expect(cleanChapterTitle('x---->>y')).toBe('xy');
    expect(cleanChapterTitle('a -> b')).toBe('a -> b');
  });

  it(`cuts at ${MAX_CHAPTER_TITLE} characters with an ellipsis`, () => {
    const exact = 'а'.repeat(MAX_CHAPTER_TITLE);
    expect(cleanChapterTitle(exact)).toBe(exact);
    const cut = cleanChapterTitle('б'.repeat(MAX_CHAPTER_TITLE + 1));
    expect(Array.from(cut)).toHaveLength(MAX_CHAPTER_TITLE);
    expect(cut).toBe(`${'б'.repeat(MAX_CHAPTER_TITLE - 1)}…`);
  });

  it('never cuts an emoji in half and drops a trailing space before the ellipsis', () => {
    const emoji = cleanChapterTitle('😀'.repeat(100));
    expect(emoji).toBe(`${'😀'.repeat(79)}…`);
    expect(cleanChapterTitle(`${'x'.repeat(78)} yyy`)).toBe(`${'x'.repeat(78)}…`);
  });
});

describe('chaptersFromAnswers', () => {
  it('maps, cleans and sorts the answers', () => {
    const chapters = chaptersFromAnswers(
      [
        { answeredAt: at('18:13:00'), title: 'Second part\nquestion' },
        { answeredAt: at('18:01:00'), title: 'First question' },
        { answeredAt: at('18:11:00'), title: 'Asked during the drop' },
        { answeredAt: at('17:58:00'), title: 'Before we went live' },
        { answeredAt: at('18:40:00'), title: 'After the end' }
      ],
      parts
    );
    expect(chapters).toEqual([
      { start: 0, title: 'Before we went live' },
      { start: 60, title: 'First question' },
      { start: 600, title: 'Asked during the drop' },
      { start: 660, title: 'Second part question' },
      { start: 899, title: 'After the end' }
    ]);
  });

  it('keeps only the first chapter of a second, and drops empty titles and invalid dates', () => {
    const chapters = chaptersFromAnswers(
      [
        { answeredAt: new Date(at('18:01:00').getTime() + 300), title: 'Kept' },
        { answeredAt: new Date(at('18:01:00').getTime() + 900), title: 'Same second' },
        { answeredAt: at('18:01:01'), title: 'Next second' },
        { answeredAt: at('18:02:00'), title: ' \n --> ' },
        { answeredAt: new Date(Number.NaN), title: 'Bad date' }
      ],
      parts
    );
    expect(chapters).toEqual([
      { start: 60.3, title: 'Kept' },
      { start: 61, title: 'Next second' }
    ]);
  });

  it('keeps the input order of answers at the same moment', () => {
    const chapters = chaptersFromAnswers(
      [
        { answeredAt: at('18:02:00'), title: 'One' },
        { answeredAt: at('18:02:00'), title: 'Two' }
      ],
      parts
    );
    expect(chapters).toEqual([{ start: 120, title: 'One' }]);
  });
});

describe('withOpening', () => {
  it('prepends an opening chapter when the first starts later', () => {
    expect(withOpening([{ start: 60, title: 'Q1' }], 'Opening')).toEqual([
      { start: 0, title: 'Opening' },
      { start: 60, title: 'Q1' }
    ]);
    expect(withOpening([], 'Opening')).toEqual([{ start: 0, title: 'Opening' }]);
  });

  it('leaves chapters that start in the first second alone', () => {
    const chapters = [{ start: 0.5, title: 'Q1' }];
    expect(withOpening(chapters, 'Opening')).toBe(chapters);
  });
});

describe('chaptersVtt', () => {
  it('writes one cue per chapter, up to the next chapter and the last to the end', () => {
    const vtt = chaptersVtt(
      [
        { start: 0, title: 'Opening' },
        { start: 61.5, title: 'Нархи нон' },
        { start: 3725.25, title: 'Last' }
      ],
      3730
    );
    expect(vtt).toBe(
      [
        'WEBVTT',
        '',
        'chapter-1',
        '00:00:00.000 --> 00:01:01.500',
        'Opening',
        '',
        'chapter-2',
        '00:01:01.500 --> 01:02:05.250',
        'Нархи нон',
        '',
        'chapter-3',
        '01:02:05.250 --> 01:02:10.000',
        'Last',
        ''
      ].join('\n')
    );
  });

  it('skips cues of zero or negative length and numbers the rest consecutively', () => {
    // 'A' ends where 'Same time' starts, at its own start: it has no length.
    const vtt = chaptersVtt(
      [
        { start: 10, title: 'A' },
        { start: 10, title: 'Same time' },
        { start: 20, title: 'B' },
        { start: 40, title: 'After the end' }
      ],
      30
    );
    expect(vtt).toBe('WEBVTT\n\nchapter-1\n00:00:10.000 --> 00:00:20.000\nSame time\n\nchapter-2\n00:00:20.000 --> 00:00:30.000\nB\n');
  });

  it('cleans titles that would break the file', () => {
    expect(chaptersVtt([{ start: 0, title: 'a\n\nb --> c' }], 5)).toBe('WEBVTT\n\nchapter-1\n00:00:00.000 --> 00:00:05.000\na b c\n');
  });

  it('is a valid empty file without chapters', () => {
    expect(chaptersVtt([], 100)).toBe('WEBVTT\n');
  });

  it('throws on a non-finite duration', () => {
    expect(() => chaptersVtt([{ start: 0, title: 'A' }], Number.NaN)).toThrow(/duration/);
    expect(() => chaptersVtt([{ start: 0, title: 'A' }], Infinity)).toThrow(/duration/);
  });
});

describe('localOpening', () => {
  it('titles the stored opening in the viewer’s language, and only it', () => {
    const stored = withOpening([{ start: 60, title: OPENING_CHAPTER }], OPENING_CHAPTER);
    expect(localOpening(stored, 'Boshlanishi')).toEqual([
      { start: 0, title: 'Boshlanishi' },
      { start: 60, title: OPENING_CHAPTER } // a question that happens to read so is a question
    ]);
    expect(localOpening([{ start: 0, title: 'Q1' }], 'Boshlanishi')).toEqual([{ start: 0, title: 'Q1' }]);
    expect(localOpening([], 'Boshlanishi')).toEqual([]);
  });
});
