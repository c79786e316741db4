import { describe, expect, it } from 'vitest';
import { broadcastInputFromForm, formValues } from '../../../web/lib/live/form.ts';

function form(entries: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
}

describe('broadcastInputFromForm', () => {
  it('reads every field into the service input', () => {
    const input = broadcastInputFromForm(
      form({
        title: 'Патент',
        description: 'Вопросы и ответы',
        'i18n.uz.title': 'Patent',
        'i18n.tg.description': 'Саволу ҷавоб',
        scheduledLocal: '2025-05-01T19:00',
        scheduledAt: '2025-05-01T19:00:00+05:00',
        replayReview: 'on',
        dvrMinutes: '45'
      })
    );
    expect(input).toEqual({
      title: 'Патент',
      description: 'Вопросы и ответы',
      i18n: {
        uz: { title: 'Patent', description: '' },
        tg: { title: '', description: 'Саволу ҷавоб' },
        az: { title: '', description: '' },
        ro: { title: '', description: '' },
        en: { title: '', description: '' }
      },
      scheduledAt: '2025-05-01T19:00:00+05:00',
      replayReview: true,
      dvrMinutes: 45
    });
  });
  it('leaves the DVR window to the service when empty, and passes a bad one on for it to refuse', () => {
    expect(broadcastInputFromForm(form({ title: 'x' }))).not.toHaveProperty('dvrMinutes');
    expect(broadcastInputFromForm(form({ title: 'x', dvrMinutes: 'abc' })).dvrMinutes).toBeNaN();
  });
  it('clears the start time and the review flag when they are empty', () => {
    const input = broadcastInputFromForm(form({ title: 'x', scheduledAt: '' }));
    expect(input.scheduledAt).toBeNull();
    expect(input.replayReview).toBe(false);
  });
});

describe('formValues', () => {
  it('keeps what was typed (not the computed ISO time) to refill the form', () => {
    expect(formValues(form({ title: 'x', scheduledLocal: '2025-05-01T19:00', scheduledAt: '2025-05-01T19:00:00+05:00' }))).toEqual({
      title: 'x',
      scheduledLocal: '2025-05-01T19:00',
      replayReview: false
    });
  });
});
