/**
 * A replay's chapters as the viewer reads them: the opening chapter (media/chapters.ts, stored as
 * «Начало» like the broadcast's Russian title) in the UI language; the others are the questions
 * answered on air, in the words they were asked.
 */
import { OPENING_CHAPTER } from '../../../media/chapters.ts';
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  opening: ['Начало', 'Boshlanishi', 'Оғоз', 'Başlanğıc', 'Început', 'Beginning']
} satisfies Record<string, [string, string, string, string, string, string]>;

export const CHAPTER_NAME_ROWS: Record<keyof typeof ROWS, readonly string[]> = ROWS;
const cn = messageTable<keyof typeof ROWS>(ROWS);

export function localizeChapters<C extends { start: number; title: string }>(chapters: readonly C[], lang: string): C[] {
  return chapters.map((c) => (Math.floor(c.start) === 0 && c.title === OPENING_CHAPTER ? { ...c, title: cn(lang, 'opening') } : c));
}
