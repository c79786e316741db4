/**
 * The studio's collection form read into CollectionsService's input (pure): title and description
 * in Russian, i18n.<lang>.title / i18n.<lang>.description for the five translations. The service
 * checks every value and names the field at fault.
 */
import { textsFromForm, type TextsFromForm } from './texts-form.ts';

export type CollectionFormInput = TextsFromForm;

export function collectionInputFromForm(form: FormData): CollectionFormInput {
  return textsFromForm(form);
}

/** The submitted text, to refill the form after a refusal. */
export function collectionFormValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
  return out;
}
