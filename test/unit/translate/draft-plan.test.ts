import { describe, expect, it } from 'vitest';
import { assembleDraft, batches, overlaps, planDraft, type PlanCue } from '../../../server/translate/draft-plan.ts';

const ru: PlanCue[] = [
  { start: 0, end: 2, text: 'Привет' },
  { start: 2, end: 4, text: 'Как дела?' },
  { start: 5, end: 7, text: 'Хорошо' },
  { start: 8, end: 9, text: '   ' },
  { start: 10, end: 12, text: 'Пока' }
];

describe('draft planning', () => {
  it('translates every Russian cue when the target is empty, timing kept', () => {
    const plan = planDraft(ru, []);
    expect(plan.translate.map((c) => c.text)).toEqual(['Привет', 'Как дела?', 'Хорошо', 'Пока']); // the blank one is skipped
    expect(plan.kept).toEqual([]);
    const out = assembleDraft(plan, ['Салом', 'Чӣ хел?', 'Хуб', 'Хайр']);
    expect(out).toEqual([
      { start: 0, end: 2, text: 'Салом', machine: true },
      { start: 2, end: 4, text: 'Чӣ хел?', machine: true },
      { start: 5, end: 7, text: 'Хуб', machine: true },
      { start: 10, end: 12, text: 'Хайр', machine: true }
    ]);
  });

  it('keeps human cues as they are and skips the Russian cues they overlap', () => {
    const target: PlanCue[] = [
      { start: 1.5, end: 2.5, text: 'человек' }, // overlaps 0–2 and 2–4
      { start: 12, end: 13, text: 'после' } // touches 10–12 only at its end: not an overlap
    ];
    const plan = planDraft(ru, target);
    expect(plan.translate.map((c) => c.text)).toEqual(['Хорошо', 'Пока']);
    expect(plan.kept).toEqual(target);
    const out = assembleDraft(plan, ['A', 'B']);
    expect(out).toEqual([
      { start: 1.5, end: 2.5, text: 'человек' },
      { start: 5, end: 7, text: 'A', machine: true },
      { start: 10, end: 12, text: 'B', machine: true },
      { start: 12, end: 13, text: 'после' }
    ]);
  });

  it('replaces the machine cues of an earlier draft, even where they overlap', () => {
    const target: PlanCue[] = [
      { start: 0, end: 2, text: 'old machine', machine: true },
      { start: 5, end: 7, text: 'human', machine: false },
      { start: 10, end: 12, text: 'old machine 2', machine: true }
    ];
    const plan = planDraft(ru, target);
    expect(plan.replaced).toBe(2);
    expect(plan.kept.map((c) => c.text)).toEqual(['human']);
    expect(plan.translate.map((c) => c.text)).toEqual(['Привет', 'Как дела?', 'Пока']);
  });

  it('drops a translation that came back empty and refuses a count that does not match', () => {
    const plan = planDraft(ru.slice(0, 2), []);
    expect(assembleDraft(plan, ['x', ' '])).toEqual([{ start: 0, end: 2, text: 'x', machine: true }]);
    expect(() => assembleDraft(plan, ['x'])).toThrow(/1 translations for 2 cues/);
  });

  it('overlap is strict and batches are at most the size', () => {
    expect(overlaps({ start: 0, end: 1, text: '' }, { start: 1, end: 2, text: '' })).toBe(false);
    expect(overlaps({ start: 0, end: 1.01, text: '' }, { start: 1, end: 2, text: '' })).toBe(true);
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 3)).toEqual([]);
  });
});
