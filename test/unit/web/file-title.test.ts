import { describe, expect, test } from 'vitest';
import { titleFromFileName } from '../../../web/lib/studio/file-title.ts';

describe('titleFromFileName', () => {
  test.each([
    ['urok_patent-2025.mp4', 'Urok patent 2025'],
    ['Патент__шаг-за-шагом.MOV', 'Патент шаг за шагом'],
    ['C:\\Videos\\регистрация – 2 часть.mkv', 'Регистрация 2 часть'],
    ['/home/me/lesson.v1.5 final.webm', 'Lesson.v1.5 final'],
    ['  spaces   inside  .mp4', 'Spaces inside'],
    ['no-extension', 'No extension'],
    ['ish_haqi.m2ts', 'Ish haqi'],
    ['____.mp4', ''],
    ['.mp4', '']
  ])('%s → %s', (name, title) => {
    expect(titleFromFileName(name)).toBe(title);
  });

  test('at most 200 characters, counted as people count them', () => {
    const t = titleFromFileName(`${'ё'.repeat(250)}.mp4`);
    expect([...t]).toHaveLength(200);
  });
});
