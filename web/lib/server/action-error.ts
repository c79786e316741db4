import { fail, type ActionFailure } from '@sveltejs/kit';
import { errorParams, errorStatus, isEfirError, type ErrorCode, type ErrorParams } from '../../../server/errors.ts';

/**
 * What a failed form action hands back to the page: the service's stable code (what pages
 * translate) and its message, naming file, line or field.
 */
export interface ActionProblem {
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  field?: string;
  retryAfter?: number;
  /** What the page words the refusal with (web/lib/i18n/errors.ts errorText). */
  params?: ErrorParams;
}

/**
 * A service's refusal (EfirError: 400 bad title, 403 not yours, 409 not ready...) as a form action
 * failure with the status the API gives the same error (server/errors.ts's ERROR_STATUS); anything
 * else, a 5xx included, is a bug and goes on to the error page.
 */
export function actionFailure<T extends Record<string, unknown>>(err: unknown, extra: T): ActionFailure<T & { problem: ActionProblem }> {
  if (isEfirError(err)) {
    const status = errorStatus(err);
    if (status < 500) return fail(status, { ...extra, problem: { ...err.details, code: err.code, message: err.message, params: errorParams(err.details) } });
  }
  throw err;
}
