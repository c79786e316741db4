/**
 * Every error the API sends has one shape: { error: { code, message, file?, line?, field? } }.
 * `code` is stable for programs; `message` names the problem for people (file, line, field).
 */
export interface ErrorBody {
  error: { code: string; message: string; file?: string; line?: number; field?: string };
}

export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: string,
    message: string,
    public readonly details: { file?: string; line?: number; field?: string } = {}
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
