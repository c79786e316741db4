/**
 * The browser's calls to the JSON API. Every state-changing call carries the session's CSRF token
 * (x-csrf-token); every error becomes an ApiError with the server's code and params (file, line,
 * field, problem…), which pages word in the UI language (web/lib/i18n/errors.ts errorText); its
 * message stays the server's English, for the console.
 */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    /** `version`: subtitle_conflict's other version (server/errors.ts ErrorDetails). */
    public readonly details: { file?: string; line?: number; field?: string; version?: { number: number; kind: string; author: string | null; savedAt: string } } = {},
    public readonly params: Record<string, string | number> = {}
  ) {
    super(message);
  }
}

export interface ApiOptions {
  csrf: string | null;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T = unknown>(method: string, url: string, opts: ApiOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', navigator.onLine === false ? 'No internet connection' : `Network error: ${(err as Error).message}`);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: a proxy's error page */
  }
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `${res.status} ${res.statusText}`, {
      file: e?.file,
      line: e?.line,
      field: e?.field,
      version: e?.version
    }, e?.params && typeof e.params === 'object' ? e.params : {});
  }
  return data as T;
}
