import { describe, expect, it } from 'vitest';
import { localizeChapters } from '../../../web/lib/live/chapter-names.ts';

describe("the replay's opening chapter", () => {
  it('reads in the UI language; the answered questions keep their words', () => {
    const stored = [{ start: 0, title: 'Начало' }, { start: 95, title: 'Как продлить патент?' }];
    expect(localizeChapters(stored, 'az').map((c) => c.title)).toEqual(['Başlanğıc', 'Как продлить патент?']);
    expect(localizeChapters(stored, 'en')[0]!.title).toBe('Beginning');
    expect(localizeChapters(stored, 'ru')[0]!.title).toBe('Начало');
    expect(localizeChapters([{ start: 40, title: 'Начало' }], 'en')[0]!.title).toBe('Начало');
  });
});
