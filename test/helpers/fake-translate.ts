/**
 * A local stand-in for Google Cloud Translation v2 (Basic), for the drafts' tests: a real HTTP server on
 * 127.0.0.1 that speaks the documented request and answer shapes, so Efir's GoogleTranslator
 * (server/translate/client.ts) talks to it exactly as to Google (TRANSLATE_API_ROOT = `url`).
 *
 *  - POST /language/translate/v2?key=KEY with a JSON body {q: string[] | string, target, source?,
 *    format?: 'text' | 'html', model?} (form-encoded bodies and GET with repeated `q` are read too);
 *    the answer is {data: {translations: [{translatedText, detectedSourceLanguage?}]}}, one per q, in
 *    order (detectedSourceLanguage only when `source` was not given, as Google does).
 *  - "Translations" are deterministic: `[tg] ` + the text (see fakeTranslation), so tests can tell
 *    which cues were translated and that timing stayed where it was.
 *  - Google's error shapes: {error: {code, message, errors: [{message, domain, reason}], status,
 *    details: [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain, metadata}]}},
 *    for an unknown key (400 API_KEY_INVALID, always) and the switchable failure modes (`fail`).
 *  - `requests`: every request as received (key, q, target, source, format), for "one request per batch".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeTranslateFailure =
  /** 400 INVALID_ARGUMENT, errors[0].reason badRequest, ErrorInfo API_KEY_INVALID (Google's answer to a bad key) */
  | 'badKey'
  /** 403 accessNotConfigured / SERVICE_DISABLED: the API is not enabled in the key's project */
  | 'accessNotConfigured'
  /** 403 dailyLimitExceeded: the project's daily character quota */
  | 'dailyLimitExceeded'
  /** 403 userRateLimitExceeded */
  | 'userRateLimitExceeded'
  /** 429 RESOURCE_EXHAUSTED rateLimitExceeded */
  | 'rateLimited'
  /** 500 INTERNAL backendError */
  | 'serverError'
  /** 200 with a body that is not JSON */
  | 'malformed'
  /** 200 JSON with fewer translations than texts */
  | 'short'
  /** no answer until the server closes (for timeouts) */
  | 'hang';

export interface FakeTranslateRequest {
  key: string | null;
  q: string[];
  target: string | null;
  source: string | null;
  format: string | null;
  /** The status answered (0 for a request left hanging). */
  status: number;
}

export interface FakeTranslate {
  url: string;
  /** Keys that are valid; any other gets 400 API_KEY_INVALID. */
  keys: Set<string>;
  requests: FakeTranslateRequest[];
  /** Every request fails this way until cleared (null); `after` lets that many requests succeed first. */
  fail(mode: FakeTranslateFailure | null, after?: number): void;
  /** Answers with HTML entities (as Google does for format=html) to test decoding. */
  escapeEntities: boolean;
  close(): Promise<void>;
}

export const FAKE_TRANSLATE_KEY = 'fake-translate-key';

/** What the fake makes of `text` in `target`. */
export const fakeTranslation = (text: string, target: string) => `[${target}] ${text}`;

const errorInfo = (reason: string) => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain: 'googleapis.com',
  metadata: { service: 'translate.googleapis.com', consumer: 'projects/000000000000' }
});

/** Google's error body for a failure mode (status, body). */
export function googleError(mode: Exclude<FakeTranslateFailure, 'malformed' | 'short' | 'hang'>): { status: number; body: unknown } {
  const body = (code: number, status: string, message: string, reason: string, domain: string, info?: string) => ({
    status: code,
    body: { error: { code, message, errors: [{ message, domain, reason }], status, ...(info ? { details: [errorInfo(info)] } : {}) } }
  });
  switch (mode) {
    case 'badKey':
      return body(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', 'badRequest', 'global', 'API_KEY_INVALID');
    case 'accessNotConfigured':
      return body(403, 'PERMISSION_DENIED', 'Cloud Translation API has not been used in project 000000000000 before or it is disabled.', 'accessNotConfigured', 'usageLimits', 'SERVICE_DISABLED');
    case 'dailyLimitExceeded':
      return body(403, 'PERMISSION_DENIED', 'Daily Limit Exceeded', 'dailyLimitExceeded', 'usageLimits');
    case 'userRateLimitExceeded':
      return body(403, 'PERMISSION_DENIED', 'User Rate Limit Exceeded', 'userRateLimitExceeded', 'usageLimits');
    case 'rateLimited':
      return body(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'v2 and v3 general model characters'.", 'rateLimitExceeded', 'global', 'RATE_LIMIT_EXCEEDED');
    case 'serverError':
      return body(500, 'INTERNAL', 'Internal error encountered.', 'backendError', 'global');
  }
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function readParams(req: http.IncomingMessage, url: URL, raw: Buffer): { q: string[]; target: string | null; source: string | null; format: string | null } {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    const b = JSON.parse(raw.toString('utf8') || '{}') as { q?: string | string[]; target?: string; source?: string; format?: string };
    return { q: b.q === undefined ? [] : Array.isArray(b.q) ? b.q : [b.q], target: b.target ?? null, source: b.source ?? null, format: b.format ?? null };
  }
  const p = type.includes('application/x-www-form-urlencoded') ? new URLSearchParams(raw.toString('utf8')) : url.searchParams;
  return { q: p.getAll('q'), target: p.get('target'), source: p.get('source'), format: p.get('format') };
}

export async function startFakeTranslate(opts: { keys?: string[] } = {}): Promise<FakeTranslate> {
  let failure: FakeTranslateFailure | null = null;
  let failAfter = 0;
  const hanging = new Set<http.ServerResponse>();

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.replace(/\/$/, '') !== '/language/translate/v2' || (req.method !== 'POST' && req.method !== 'GET')) {
        send(res, 404, { error: { code: 404, message: 'Not Found', errors: [{ message: 'Not Found', domain: 'global', reason: 'notFound' }], status: 'NOT_FOUND' } });
        return;
      }
      let params: ReturnType<typeof readParams>;
      try {
        params = readParams(req, url, Buffer.concat(chunks));
      } catch {
        send(res, 400, { error: { code: 400, message: 'Invalid JSON payload received.', errors: [{ message: 'Invalid JSON payload received.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
        return;
      }
      const key = url.searchParams.get('key');
      const entry: FakeTranslateRequest = { key, ...params, status: 0 };
      fake.requests.push(entry);
      const answer = (status: number, body: unknown) => {
        entry.status = status;
        send(res, status, body);
      };

      const mode = failure && failAfter <= 0 ? failure : null;
      if (failure && failAfter > 0) failAfter--;
      if (!key || !fake.keys.has(key) || mode === 'badKey') {
        const e = googleError('badKey');
        answer(e.status, e.body);
        return;
      }
      if (mode === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (mode === 'malformed') {
        entry.status = 200;
        res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
        res.end('<html><body>Service temporarily unavailable</body></html>');
        return;
      }
      if (mode && mode !== 'short') {
        const e = googleError(mode);
        answer(e.status, e.body);
        return;
      }
      if (!params.target) {
        answer(400, { error: { code: 400, message: 'Target language is required.', errors: [{ message: 'Target language is required.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
        return;
      }
      if (params.q.length > 128) {
        answer(400, { error: { code: 400, message: 'Too many text segments', errors: [{ message: 'Too many text segments', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
        return;
      }
      const texts = mode === 'short' ? params.q.slice(0, Math.max(0, params.q.length - 1)) : params.q;
      const translations = texts.map((t) => {
        const out = fakeTranslation(t, params.target!);
        return { translatedText: fake.escapeEntities || params.format === 'html' ? escape(out) : out, ...(params.source ? {} : { detectedSourceLanguage: 'ru' }) };
      });
      answer(200, { data: { translations } });
    });
  });

  const fake: FakeTranslate = {
    url: '',
    keys: new Set(opts.keys ?? [FAKE_TRANSLATE_KEY]),
    requests: [],
    escapeEntities: false,
    fail(mode, after = 0) {
      failure = mode;
      failAfter = after;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
