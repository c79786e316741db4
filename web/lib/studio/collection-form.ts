/**
 * The studio's collection form read into CollectionsService's input (pure): title and description
 * in Russian, i18n.<lang>.title / i18n.<lang>.description for the five translations. The service
 * checks every value and names the field at fault.
 */
import { TRANSLATION_LANGS } from '../live/types.ts';

export interface CollectionFormInput {
  title: string;
  description: string;
  i18n: Record<string, { title: string; description: string }>;
}

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export function collectionInputFromForm(form: FormData): CollectionFormInput {
  const i18n: CollectionFormInput['i18n'] = {};
  for (const lang of TRANSLATION_LANGS) i18n[lang] = { title: str(form, `i18n.${lang}.title`), description: str(form, `i18n.${lang}.description`) };
  return { title: str(form, 'title'), description: str(form, 'description'), i18n };
}

/** The submitted text, to refill the form after a refusal. */
export function collectionFormValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
  return out;
}
