/**
 * The Translation API's refusals, classified (pure; test/unit/translate-errors.test.ts).
 *
 * Google answers an error as {error: {code, message, errors: [{message, domain, reason}], status,
 * details: [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain, metadata}]}}.
 * The `reason` a person can act on is either the legacy errors[0].reason (accessNotConfigured,
 * dailyLimitExceeded, userRateLimitExceeded) or, when that one is generic (badRequest for a bad key),
 * the ErrorInfo's (API_KEY_INVALID, SERVICE_DISABLED). It is kept in the error and in its message.
 *
 *   translation_unavailable  no TRANSLATE_API_KEY (nothing was sent)
 *   translation_failed       everything the service or the network did: a refused key, the API not
 *                            enabled, quotas and rate limits (403/429), 5xx, no answer within
 *                            TRANSLATE_TIMEOUT_SECONDS, an answer that is not the documented shape
 *
 * No retries: a draft is started by a person who sees the reason at once and can try again; a retry
 * loop inside would only hide a refused key or an exhausted quota behind a longer wait.
 */
import { EfirError } from '../errors.ts';

export class TranslateError extends EfirError {
  constructor(
    code: 'translation_failed' | 'translation_unavailable',
    message: string,
    /** Google's reason (API_KEY_INVALID, accessNotConfigured…), or timeout / network / malformed / notConfigured. */
    readonly reason: string,
    /** The HTTP status Google answered (null: no answer). */
    readonly httpStatus: number | null
  ) {
    super(code, message, code === 'translation_failed' ? { reason } : {});
  }
}

interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    errors?: { message?: string; domain?: string; reason?: string }[];
    details?: { '@type'?: string; reason?: string }[];
  };
}

/** Legacy reasons that say only "the request was refused", not why. */
const GENERIC = new Set(['badrequest', 'invalid', 'forbidden', 'global', 'invalidargument']);

/** The reason and Google's message in an error body (either may be empty). */
export function googleReason(body: unknown): { reason: string; message: string } {
  let parsed: GoogleErrorBody | null = null;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as GoogleErrorBody;
    } catch {
      return { reason: '', message: body.slice(0, 200) };
    }
  } else if (body && typeof body === 'object') {
    parsed = body as GoogleErrorBody;
  }
  const e = parsed?.error;
  if (!e || typeof e !== 'object') return { reason: '', message: '' };
  const legacy = e.errors?.[0]?.reason ?? '';
  const info = e.details?.find((d) => d?.['@type']?.endsWith('google.rpc.ErrorInfo'))?.reason ?? '';
  const reason = legacy && !GENERIC.has(legacy.toLowerCase()) ? legacy : info || legacy || e.status || '';
  return { reason, message: e.message ?? e.errors?.[0]?.message ?? '' };
}

/** An HTTP error answer → TranslateError naming the reason. */
export function classifyTranslateError(status: number, body: unknown): TranslateError {
  const { reason: found, message } = googleReason(body);
  const reason = found || `http${status}`;
  const said = message ? `: ${message}` : '';
  const r = reason.toLowerCase();
  let what: string;
  if (r === 'api_key_invalid' || r === 'keyinvalid' || r === 'keyexpired' || /api key not valid/i.test(message)) {
    what = 'the API key was refused';
  } else if (r === 'accessnotconfigured' || r === 'service_disabled') {
    what = 'the Cloud Translation API is not enabled for this key';
  } else if (r === 'dailylimitexceeded' || r === 'quotaexceeded') {
    what = "the day's quota is used up";
  } else if (status === 429 || r.includes('ratelimitexceeded') || r === 'rate_limit_exceeded' || r === 'resource_exhausted') {
    what = 'too many requests; try again later';
  } else if (status >= 500) {
    what = 'the service failed';
  } else if (status === 403) {
    what = 'access was refused';
  } else {
    what = 'the request was refused';
  }
  return new TranslateError('translation_failed', `Machine translation failed (${reason}, HTTP ${status}): ${what}${said}`, reason, status);
}

export const notConfigured = (): TranslateError =>
  new TranslateError('translation_unavailable', 'Machine translation is not configured (no TRANSLATE_API_KEY)', 'notConfigured', null);

export const timedOut = (seconds: number): TranslateError =>
  new TranslateError('translation_failed', `Machine translation failed (timeout): no answer within ${seconds} s`, 'timeout', null);

export const noAnswer = (detail: string): TranslateError =>
  new TranslateError('translation_failed', `Machine translation failed (network): the service did not answer (${detail})`, 'network', null);

export const malformed = (detail: string): TranslateError =>
  new TranslateError('translation_failed', `Machine translation failed (malformed): the answer is not the documented shape (${detail})`, 'malformed', 200);
