import { fail, type ActionFailure } from '@sveltejs/kit';

/** What a failed form action hands back to the page: the service's own message, naming file, line or field. */
export interface ActionProblem {
  message: string;
  file?: string;
  line?: number;
  field?: string;
}

/**
 * A service's HttpError (400 bad title, 404 not yours, 409 not ready...) as a form action failure
 * carrying its message; anything else is a bug and goes on to the error page. Duck-typed: the
 * SvelteKit bundle has its own copy of server/errors.ts, so `instanceof` would not match.
 */
export function actionFailure<T extends Record<string, unknown>>(err: unknown, extra: T): ActionFailure<T & { problem: ActionProblem }> {
  const e = err as { statusCode?: unknown; code?: unknown; message?: string; details?: Omit<ActionProblem, 'message'> };
  if (typeof e?.statusCode === 'number' && typeof e.code === 'string' && e.statusCode >= 400 && e.statusCode < 500) {
    return fail(e.statusCode, { ...extra, problem: { message: e.message ?? e.code, ...e.details } });
  }
  throw err;
}
