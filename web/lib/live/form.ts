/**
 * The studio's broadcast form (create and edit) read into LiveService's input (pure; unit-tested in
 * test/unit/web/live-form.test.ts). The service checks every value and names the field at fault;
 * this only reads the form's shape.
 */
import type { BroadcastI18n } from './types.ts';
import { formText as str, textsFromForm } from '../studio/texts-form.ts';

/** server/live/service.ts BroadcastInput, as the form fills it. */
export interface BroadcastFormInput {
  title: string;
  description: string;
  i18n: BroadcastI18n;
  scheduledAt: string | null;
  replayReview: boolean;
  dvrMinutes?: number;
}

/** What the form sends back after a failure, so the producer does not type it all again. */
export type BroadcastFormValues = Record<string, string | boolean>;

/**
 * Field names: title, description, i18n.<lang>.title, i18n.<lang>.description, scheduledAt (ISO
 * with the browser's offset, filled from the datetime-local field), replayReview (checkbox),
 * dvrMinutes. An empty dvrMinutes leaves the service's value (30 for a new broadcast); a value that
 * is not a number goes through as NaN, which the service refuses naming the field.
 */
export function broadcastInputFromForm(form: FormData): BroadcastFormInput {
  const dvr = str(form, 'dvrMinutes').trim();
  const scheduledAt = str(form, 'scheduledAt').trim();
  return {
    ...textsFromForm(form),
    scheduledAt: scheduledAt || null,
    replayReview: form.get('replayReview') === 'on',
    ...(dvr ? { dvrMinutes: Number(dvr) } : {})
  };
}

/** The submitted values, to refill the form after the service refused it. */
export function formValues(form: FormData): BroadcastFormValues {
  const out: BroadcastFormValues = {};
  for (const [k, v] of form) if (typeof v === 'string' && k !== 'scheduledAt') out[k] = v;
  out.replayReview = form.get('replayReview') === 'on';
  return out;
}
