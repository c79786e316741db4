/**
 * Every error the API sends has one shape: { error: { code, message, file?, line?, field? } }.
 * `code` is stable for programs; `message` names the problem for people (file, line, field).
 */
export interface ErrorBody {
  error: { code: string; message: string; file?: string; line?: number; field?: string; retryAfter?: number };
}

export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: string,
    message: string,
    /** retryAfter: seconds, also sent as the Retry-After header (429). */
    public readonly details: { file?: string; line?: number; field?: string; retryAfter?: number } = {}
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
