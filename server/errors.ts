/**
 * One error family for everything a person can be refused: `EfirError(code, message, details)`.
 * `code` is stable (programs and pages translate it), `message` names the problem for people, the
 * details say where (file, line, field) or when to try again (retryAfter, seconds). Every code has
 * one HTTP status, in ERROR_STATUS: Fastify's error handler (server/app.ts) and the SvelteKit
 * helpers (web/lib/server/action-error.ts) both read it, so a refusal answers the same either way.
 * The Q&A socket sends the same codes (server/qa/protocol.ts lists those it may send).
 *
 * Every error the API sends has one shape: { error: { code, message, params, file?, line?, field?, retryAfter?, version? } }.
 * `params` holds every value a page needs to word the refusal in the viewer's language (file, line,
 * field, retryAfter, and `problem`: the precise reason under a broad code, e.g. bad_media's
 * not_video or bad_subtitles' malformed_timing); web/lib/i18n/errors.ts has the words for each.
 */

/** Each code with the status it answers over HTTP. */
export const ERROR_STATUS = {
  // the request itself
  invalid_request: 400,
  invalid_field: 400,
  invalid_email: 400,
  weak_password: 400,
  unsupported_language: 400,
  bad_subtitles: 400,
  bad_cue: 400,
  invalid_poster: 400,
  bad_path: 400,
  bad_json: 400,
  bad_metadata: 400,
  too_deep: 400,
  bad_message: 400,
  binary_frame: 400,
  unknown_type: 400,
  unsupported_version: 400,
  hello_first: 400,
  empty_text: 400,
  text_too_long: 400,
  too_large: 413,
  body_too_large: 413,
  quota_exceeded: 413,
  poster_too_large: 413,
  frame_too_large: 413,
  unsupported_media_type: 415,
  precondition_failed: 412,
  bad_range: 416,
  bad_media: 422,
  // who may do it
  bad_credentials: 401,
  forbidden: 403,
  csrf: 403,
  banned: 403,
  timed_out: 403,
  // what it is about
  not_found: 404,
  unknown_broadcast: 404,
  unknown_question: 404,
  unknown_sanction: 404,
  // a subtitled variant asked for in a language the video has no track in (server/variants/)
  no_subtitles: 404,
  // the state it is in
  invalid_state: 409,
  not_ready: 409,
  has_file: 409,
  conflict: 409,
  own_account: 409,
  upload_in_progress: 409,
  publishing: 409,
  email_taken: 409,
  already_joined: 409,
  qa_closed: 409,
  not_votable: 409,
  subtitle_conflict: 409,
  // too much, too fast
  rate_limited: 429,
  login_throttled: 429,
  slow_mode: 429,
  too_many_connections: 429,
  busy: 503,
  disk_full: 507,
  internal: 500,
  // the YouTube channel's mirror and publishing (server/youtube/): the Data API's answers, classified
  youtube_quota: 429,
  youtube_key_invalid: 400,
  youtube_forbidden: 403,
  youtube_not_found: 404,
  youtube_auth: 401,
  youtube_unavailable: 503,
  youtube_bad_answer: 502,
  youtube_not_connected: 409,
  // machine-translation drafts (server/translate/): no TRANSLATE_API_KEY, or the service's refusal
  // (bad key, API not enabled, quota, rate limit, 5xx, timeout, malformed answer) with its reason
  translation_unavailable: 503,
  translation_failed: 502
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export interface ErrorDetails {
  file?: string;
  line?: number;
  field?: string;
  /** Seconds until the same request may succeed (rate limits, slow mode, time-outs). */
  retryAfter?: number;
  /**
   * subtitle_conflict: the version saved meanwhile that the refused save would have erased (its
   * number, kind, author's name, when), so the editor can show it and load it.
   */
  version?: { number: number; kind: string; author: string | null; savedAt: string };
  /** translation_failed: the translation service's reason (API_KEY_INVALID, dailyLimitExceeded, timeout…). */
  reason?: string;
  /** More values the message names (problem, rule, max, setting, limit…), for pages that word it. */
  params?: ErrorParams;
}

export type ErrorParams = Record<string, string | number>;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; params: ErrorParams } & Omit<ErrorDetails, 'params'>;
}

/** The values a refusal's words need: the details' file, line, field and so on, with its own params. */
export function errorParams(details: ErrorDetails): ErrorParams {
  const out: ErrorParams = {};
  for (const key of ['file', 'line', 'field', 'retryAfter', 'reason'] as const) {
    const v = details[key];
    if (v !== undefined) out[key] = v;
  }
  return { ...out, ...details.params };
}

/**
 * Marks an EfirError. Symbol.for is one symbol per process, so an error thrown by the server's copy
 * of this module is recognised by the SvelteKit bundle's own copy, where `instanceof` fails.
 */
const BRAND = Symbol.for('efir.error');

export class EfirError extends Error {
  readonly [BRAND] = true;

  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: ErrorDetails = {}
  ) {
    super(message);
    this.name = 'EfirError';
  }

  get status(): number {
    return errorStatus(this);
  }

  /** The same, by the name Fastify and plugins with their own error handlers (bull-board) read. */
  get statusCode(): number {
    return errorStatus(this);
  }

  toBody(): ErrorBody {
    const { params: _params, ...details } = this.details;
    return { error: { code: this.code, message: this.message, ...details, params: errorParams(this.details) } };
  }
}

/** Whichever copy of this module made it (see BRAND). */
export function isEfirError(err: unknown): err is EfirError {
  return typeof err === 'object' && err !== null && (err as { [BRAND]?: unknown })[BRAND] === true;
}

/** The HTTP status of an error's code (500 for a code this copy does not know). */
export function errorStatus(err: Pick<EfirError, 'code'>): number {
  return (ERROR_STATUS as Record<string, number>)[err.code] ?? 500;
}

/** Our code for a refusal that came with a status only (Fastify's own, a plugin's). */
export function codeForStatus(status: number): ErrorCode {
  const codes: Partial<Record<number, ErrorCode>> = {
    401: 'bad_credentials',
    403: 'forbidden',
    404: 'not_found',
    409: 'invalid_state',
    413: 'too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited'
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'invalid_request');
}
