/**
 * The one check of a subtitle language a request names (the studio's files, the cue editor, drafts,
 * variants): one of Efir's six, else 400 unsupported_language naming the field.
 */
import { EfirError } from '../errors.ts';
import { SUBTITLE_LANGUAGES, isLang, type Lang } from '../../media/subtitles/index.ts';

export function checkSubtitleLang(lang: string): asserts lang is Lang {
  if (!isLang(lang)) {
    throw new EfirError('unsupported_language', `Subtitle language "${lang}" is not supported; use one of: ${SUBTITLE_LANGUAGES.join(', ')}`, {
      field: 'lang'
    });
  }
}
