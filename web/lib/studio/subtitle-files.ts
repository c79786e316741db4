/** Which subtitle language a file is for, from its name: lesson.uz.srt, lesson.ro.crlf.srt, tg.vtt. */
import { UI_LANGS, type UiLang } from '../i18n/index.ts';

export const SUBTITLE_LANGS: readonly UiLang[] = UI_LANGS;
export const SUBTITLE_ACCEPT = '.srt,.vtt,.ass,.ssa,text/vtt,application/x-subrip';

/**
 * The language named by a dot-separated part of the file name before its .srt/.vtt/.ass extension:
 * the nearest one to the extension wins ("lesson.ru.uz.srt" → uz); 'mo' counts as ro. Also matches
 * a bare "uz.srt". Null when no part names one of the six languages.
 */
export function langFromFileName(fileName: string): UiLang | null {
  const m = /^(.*)\.(srt|vtt|ass|ssa)$/i.exec(fileName.trim());
  if (!m) return null;
  const parts = m[1].split('.').map((p) => p.toLowerCase());
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i] === 'mo' ? 'ro' : parts[i];
    if ((SUBTITLE_LANGS as readonly string[]).includes(p)) return p as UiLang;
  }
  return null;
}
