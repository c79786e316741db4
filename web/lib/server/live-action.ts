import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { actionFailure, type ActionProblem } from './action-error.ts';

/** QaError codes (server/qa/repository.ts) as HTTP statuses, as server/routes/broadcasts.ts maps them. */
const QA_STATUS: Record<string, number> = { unknown_broadcast: 404, forbidden: 403, invalid_state: 409, invalid_field: 400 };

/**
 * A refusal of the live or Q&A service as a form action failure: LiveService throws HttpError
 * (statusCode), the Q&A service QaError (code + extra.field, no status). Duck-typed, as in
 * action-error.ts; anything else is a bug and goes to the error page.
 */
export function serviceFailure<T extends Record<string, unknown>>(err: unknown, extra: T): ActionFailure<T & { problem: ActionProblem }> {
  const e = err as { statusCode?: unknown; code?: unknown; message?: string; extra?: { field?: string } };
  if (typeof e?.statusCode !== 'number' && typeof e?.code === 'string' && e.code in QA_STATUS && typeof e.extra === 'object') {
    return fail(QA_STATUS[e.code], { ...extra, problem: { message: e.message ?? e.code, ...(e.extra?.field ? { field: e.extra.field } : {}) } });
  }
  return actionFailure(err, extra);
}

/** A load's 403/404 from the service as SvelteKit's error page; anything else is thrown on. */
export function loadError(err: unknown): never {
  const e = err as { statusCode?: unknown; message?: string };
  if (e?.statusCode === 404) error(404, 'Broadcast not found');
  if (e?.statusCode === 403) error(403, e.message ?? 'Forbidden');
  throw err;
}
