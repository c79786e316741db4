/**
 * The texts every studio form with translations sends (broadcasts, collections, videos): title and
 * description in Russian, i18n.<lang>.title / i18n.<lang>.description for the five translations.
 * Pure; the services check the values and name the field at fault.
 */
import { TRANSLATION_LANGS } from '../live/types.ts';

export interface TextsFromForm {
  title: string;
  description: string;
  i18n: Record<string, { title: string; description: string }>;
}

/** A form field as text ('' when missing or a file). */
export const formText = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export function textsFromForm(form: FormData): TextsFromForm {
  const i18n: TextsFromForm['i18n'] = {};
  for (const lang of TRANSLATION_LANGS) {
    i18n[lang] = { title: formText(form, `i18n.${lang}.title`), description: formText(form, `i18n.${lang}.description`) };
  }
  return { title: formText(form, 'title'), description: formText(form, 'description'), i18n };
}

/** What was sent, to refill the form after the service refused it. */
export function sentValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
  return out;
}
