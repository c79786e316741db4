/**
 * One function that words any error or warning for a person in their UI language, from its stable
 * code and values (never from the server's English): API refusals ({code, message, params}), form
 * action problems, a video's or run's stored error (media/coded-message.ts), a subtitle file's
 * warnings. The file and line stay in front, as the server's message had them. An unknown code falls
 * back to a generic sentence of the family, never to English in a Russian page.
 */
import type { MessageKey, Translator } from './index.ts';
import { readCoded } from '../../../media/coded-message.ts';

export type ErrorParams = Record<string, string | number | undefined>;

export interface ErrorLike {
  code: string | null | undefined;
  message?: string;
  /** The API's params; the older flat fields (file, line, field, retryAfter, reason) are read too. */
  params?: ErrorParams;
  file?: string;
  line?: number;
  field?: string;
  retryAfter?: number;
  reason?: string;
}

/** A key of the `errors` namespace (web/lib/i18n/catalogues): `bad_media.too_long`, `sub.malformed_timing`… */
type ErrorKey = KeyIn<MessageKey>;
type KeyIn<M> = M extends `errors.${infer K}` ? K : never;

const has = (tr: Translator, key: string): key is ErrorKey => tr.has(`errors.${key}`);

/** An `errors` message, the values given filled in. */
export function errorRow(tr: Translator, key: ErrorKey, params: ErrorParams = {}): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) values[k] = v;
  return tr.t(`errors.${key}`, values);
}

/** Capitalises the first letter (a message that follows "file: " starts small, alone it starts big). */
const capital = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** "{file}, line {line}: " (or "{file}: "), or '' when the error names no file. */
function where(tr: Translator, p: ErrorParams): string {
  if (!p.file) return '';
  return p.line !== undefined ? errorRow(tr, 'at.line', p) : errorRow(tr, 'at.file', p);
}

/** A subtitle file's warning (media/subtitles/errors.ts codes, or the editor's cue_*), without the place. */
export function warningText(tr: Translator, w: { code?: string; params?: ErrorParams; message: string; line?: number }): string {
  const p = w.params ?? {};
  if (w.code && has(tr, `sub.${w.code}`)) return errorRow(tr, `sub.${w.code}` as ErrorKey, p);
  if (w.code && w.code.startsWith('cue_') && has(tr, w.code)) return errorRow(tr, w.code as ErrorKey, p);
  // A row stored before warnings had codes: its English says where and what; better than nothing.
  return w.message;
}

/** The words for an error in the translator's language. */
export function errorText(tr: Translator, e: ErrorLike): string {
  const p: ErrorParams = { file: e.file, line: e.line, field: e.field, retryAfter: e.retryAfter, reason: e.reason, ...e.params };
  const code = e.code ?? '';
  // A form field: "<field name>: <rule>".
  if ((code === 'invalid_request' || code === 'invalid_field') && typeof p.field === 'string' && typeof p.rule === 'string' && has(tr, `rule.${p.rule}`)) {
    const name = fieldName(tr, p.field);
    return `${name}: ${errorRow(tr, `rule.${p.rule}` as ErrorKey, p)}`;
  }
  const problem = typeof p.problem === 'string' ? p.problem : null;
  let text: string;
  const kind = typeof p.kind === 'string' ? p.kind : null;
  if (problem && kind && has(tr, `${code}.${problem}.${kind}`)) {
    text = errorRow(tr, `${code}.${problem}.${kind}` as ErrorKey, p);
  } else if (problem && has(tr, `${code}.${problem}`)) {
    text = errorRow(tr, `${code}.${problem}` as ErrorKey, p);
    // A subtitle file with no readable cue: say what the first problem was, in the same words as the warnings.
    if (problem === 'no_valid_cue' && typeof p.cause === 'string' && has(tr, `sub.${p.cause}`)) {
      text = `${text} ${capital(errorRow(tr, `sub.${p.cause}` as ErrorKey, p))}`;
    }
  } else if (has(tr, code)) {
    text = errorRow(tr, code, p);
  } else {
    text = errorRow(tr, 'internal');
  }
  const at = where(tr, p);
  return at ? at + text : capital(text);
}

/** No answer from the server (fetch failed): the browser's own problem, not a server code. */
export const networkErrorText = (tr: Translator): string => errorText(tr, { code: 'network' });

/** A field's name as the form labels it; a path like i18n.uz.title names its last part. */
function fieldName(tr: Translator, field: string): string {
  const last = field.split('.').pop() ?? field;
  return has(tr, `field.${last}`) ? errorRow(tr, `field.${last}` as ErrorKey) : field;
}

/**
 * A video's or run's stored error (media/coded-message.ts) or its API form ({error, problem}) in
 * the translator's language. A step's own failure (no code: ffmpeg, the disk) names the step; its English detail stays
 * for the administrator in the server's log.
 */
export function storedErrorText(tr: Translator, error: string | null, problem?: { code: string; params: ErrorParams } | null, step?: string | null): string | null {
  if (error === null && !problem) return null;
  const coded = problem ?? (error ? ((c) => (c.code ? { code: c.code, params: c.params } : null))(readCoded(error)) : null);
  if (coded) return errorText(tr, { code: coded.code, params: coded.params });
  const stepName = (error && /^(probe|ladder|subtitles|thumbnails|publish|grow|join):/.exec(error)?.[1]) || null;
  // Stored before errors kept their codes: "<file>: <reason>" was a refused file.
  const oldRefusal = !stepName && error ? /^([^:/\\]+\.[A-Za-z0-9]{1,5}): /.exec(error) : null;
  if (oldRefusal) return errorText(tr, { code: 'bad_media', params: { file: oldRefusal[1]! } });
  if (!stepName && !step) return errorRow(tr, 'internal');
  const name = stepName ?? step!;
  const label = has(tr, `step.${name}`) ? errorRow(tr, `step.${name}` as ErrorKey) : name;
  return errorRow(tr, 'run.step_failed', { step: label });
}
