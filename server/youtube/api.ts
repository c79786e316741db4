/**
 * YoutubeApi: the ONE place that talks to the YouTube Data API v3.
 *
 * - `list(method, params, opts)`: the read methods (channels, playlists, playlistItems, videos,
 *   captions .list) through @googleapis/youtube@35 with rootUrl = YOUTUBE_API_ROOT, so the tests'
 *   stand-in (test/helpers/fake-youtube/) or any server that speaks Data API v3 can answer.
 *   With `etag` it sends If-None-Match and a 304 comes back as `{notModified: true}`.
 * - `request(method, purpose, init)`: raw HTTP for what the library cannot do at rootUrl (its media
 *   uploads ignore rootUrl and are multipart only): captions.download, captions.insert, the resumable
 *   videos.insert (H4), at apiRoot + `path`, or an absolute `url` (a resumable session URI).
 *
 * Every call is booked in the ledger FIRST (server/youtube/ledger.ts: the day's budget, paused_until),
 * so its units are spent even when it fails; each retry is another booked call. The library's own
 * retries are off for the same reason. Failures become EfirErrors (YoutubeApiError, with YouTube's
 * `reason` and HTTP status):
 *   youtube_quota        quotaExceeded (then every call pauses until the next Pacific midnight) or our budget
 *   youtube_key_invalid  keyInvalid / "API key not valid"
 *   youtube_forbidden    403 forbidden and the like
 *   youtube_not_found    404 (channelNotFound, playlistNotFound, videoNotFound…)
 *   youtube_auth         401 with OAuth (token revoked): AccessTokens.invalidate() and one more try first
 *   youtube_unavailable  network down, backendError, 5xx, rate limits, after retries with backoff
 *   youtube_bad_answer   malformed or truncated JSON, or a 4xx that names no known problem
 *   youtube_not_connected  OAuth needed and no AccessTokens, or no API key
 *
 * auth: 'key' (the connection's API key as `key=`) or 'oauth' (Bearer from the AccessTokens that
 * H2's oauth.ts hands over with setAccessTokens()).
 */
import type { Logger } from 'pino';
import { youtube, type youtube_v3 } from '@googleapis/youtube';
import type { YoutubeConfig } from '../../config/index.ts';
import { EfirError, type ErrorCode } from '../errors.ts';
import type { YoutubeConnection } from './connection.ts';
import type { YoutubeLedger, YoutubePurpose } from './ledger.ts';
import { nextQuotaReset, UNITS, type YoutubeMethod } from './quota.ts';

/** Access tokens of the OAuth connection (H2's oauth.ts implements it). */
export interface AccessTokens {
  /** A valid access token (refreshing when needed); throws EfirError('youtube_auth') when revoked. */
  get(): Promise<string>;
  /** The token was refused (401): the next get() refreshes. */
  invalidate(): void;
}

export type YoutubeAuth = 'key' | 'oauth';

export interface CallOptions {
  purpose: YoutubePurpose;
  /** The ETag of the last answer to the same request: sent as If-None-Match. */
  etag?: string | null;
  auth?: YoutubeAuth;
}

export type ListAnswer<T> = { notModified: true; etag: string } | { notModified: false; data: T; etag: string | null };

/** The read methods and their parameters/answers as @googleapis/youtube types them. */
export interface ListMethods {
  'channels.list': { params: youtube_v3.Params$Resource$Channels$List; data: youtube_v3.Schema$ChannelListResponse };
  'playlists.list': { params: youtube_v3.Params$Resource$Playlists$List; data: youtube_v3.Schema$PlaylistListResponse };
  'playlistItems.list': { params: youtube_v3.Params$Resource$Playlistitems$List; data: youtube_v3.Schema$PlaylistItemListResponse };
  'videos.list': { params: youtube_v3.Params$Resource$Videos$List; data: youtube_v3.Schema$VideoListResponse };
  'captions.list': { params: youtube_v3.Params$Resource$Captions$List; data: youtube_v3.Schema$CaptionListResponse };
}
export type ListMethod = keyof ListMethods;

export interface RawRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to YOUTUBE_API_ROOT, e.g. 'youtube/v3/captions/ID' or 'upload/youtube/v3/videos'. */
  path?: string;
  /** Absolute URL instead of path: a resumable session URI the API handed out. */
  url?: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: Buffer | Uint8Array | string;
  auth?: YoutubeAuth;
  /**
   * Units to book (default UNITS[method]). 0: not booked, for the chunks of a resumable upload whose
   * session start already paid for the videos.insert.
   */
  units?: number;
  /** Statuses that are answers, not errors (308 Resume Incomplete of a resumable upload). */
  okStatuses?: number[];
  /** Retry backendError, 5xx, rate limits and network errors (default true). */
  retry?: boolean;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  text(): string;
  /** The body as JSON; youtube_bad_answer when it is not. */
  json<T = unknown>(): T;
}

export class YoutubeApiError extends EfirError {
  constructor(
    code: ErrorCode,
    message: string,
    /** YouTube's reason (quotaExceeded, keyInvalid…), 'network' or 'malformed'. */
    readonly reason: string,
    /** The HTTP status YouTube answered (null: no answer). */
    readonly httpStatus: number | null,
    details: { retryAfter?: number } = {}
  ) {
    super(code, message, details);
  }
}

export interface YoutubeApiDeps {
  config: Pick<YoutubeConfig, 'apiRoot'>;
  ledger: YoutubeLedger;
  connection: YoutubeConnection;
  log: Logger;
  now?: () => Date;
  /** Waits between retries (ms); 3 retries by default. Tests pass zeros. */
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

interface Classified {
  code: ErrorCode;
  reason: string;
  message: string;
  retry: boolean;
}

/** Google's error body → our code (pure; test/unit/youtube). */
export function classifyYoutubeError(status: number | null, body: string, auth: YoutubeAuth = 'key'): Classified {
  if (status === null) return { code: 'youtube_unavailable', reason: 'network', message: body || 'YouTube did not answer', retry: true };
  let reason = '';
  let message = '';
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string; errors?: { reason?: string; message?: string }[]; status?: string } | string; error_description?: string };
    if (typeof parsed.error === 'object' && parsed.error) {
      reason = parsed.error.errors?.[0]?.reason ?? parsed.error.status ?? '';
      message = parsed.error.message ?? parsed.error.errors?.[0]?.message ?? '';
    } else if (typeof parsed.error === 'string') {
      reason = parsed.error; // OAuth style: {"error":"invalid_grant"}
      message = parsed.error_description ?? '';
    }
  } catch {
    message = body.slice(0, 200);
  }
  const said = message ? `: ${message}` : '';
  const r = reason.toLowerCase();
  if (r === 'quotaexceeded' || r === 'dailylimitexceeded' || r === 'dailylimitexceededunreg') {
    return { code: 'youtube_quota', reason, message: `YouTube's daily quota is exhausted (${reason})${said}`, retry: false };
  }
  if (status === 429 || r === 'ratelimitexceeded' || r === 'userratelimitexceeded' || r === 'resource_exhausted') {
    return { code: 'youtube_unavailable', reason: reason || 'rateLimitExceeded', message: `YouTube asks to slow down (${reason || status})${said}`, retry: true };
  }
  if (r === 'keyinvalid' || r === 'keyexpired' || /api key not valid/i.test(message)) {
    return { code: 'youtube_key_invalid', reason: reason || 'keyInvalid', message: `The YouTube API key is not valid${said}`, retry: false };
  }
  if (status === 401 || r === 'invalid_grant' || r === 'autherror') {
    return {
      code: 'youtube_auth',
      reason: reason || 'authError',
      message: auth === 'oauth' ? `YouTube refused the OAuth token (the consent may have been revoked)${said}` : `YouTube refused the credentials${said}`,
      retry: false
    };
  }
  if (status >= 500 || r === 'backenderror' || r === 'internalerror') {
    return { code: 'youtube_unavailable', reason: reason || `http${status}`, message: `YouTube failed (${status} ${reason || 'server error'})${said}`, retry: true };
  }
  if (status === 403) return { code: 'youtube_forbidden', reason: reason || 'forbidden', message: `YouTube refused access (${reason || 403})${said}`, retry: false };
  if (status === 404) return { code: 'youtube_not_found', reason: reason || 'notFound', message: `YouTube does not know it (${reason || 404})${said}`, retry: false };
  return { code: 'youtube_bad_answer', reason: reason || `http${status}`, message: `YouTube refused the request (${status} ${reason})${said}`, retry: false };
}

const MALFORMED = (what: string, detail: string): YoutubeApiError =>
  new YoutubeApiError('youtube_bad_answer', `YouTube's answer to ${what} is not valid JSON (malformed or truncated): ${detail}`, 'malformed', 200);

export class YoutubeApi {
  private readonly client: youtube_v3.Youtube;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private tokens: AccessTokens | null = null;
  /** Waits before each retry; the number of entries is the number of retries. */
  retryDelaysMs: number[];
  timeoutMs: number;

  constructor(private readonly deps: YoutubeApiDeps) {
    this.client = youtube({ version: 'v3', rootUrl: deps.config.apiRoot });
    this.now = deps.now ?? (() => new Date());
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.retryDelaysMs = deps.retryDelaysMs ?? [1000, 4000, 15000];
    this.timeoutMs = deps.timeoutMs ?? 30_000;
  }

  get apiRoot(): string {
    return this.deps.config.apiRoot;
  }

  /** H2's oauth.ts hands over the connection's tokens (null: OAuth not connected). */
  setAccessTokens(tokens: AccessTokens | null): void {
    this.tokens = tokens;
  }

  hasAccessTokens(): boolean {
    return this.tokens !== null;
  }

  /** One read call through @googleapis/youtube. */
  async list<M extends ListMethod>(method: M, params: ListMethods[M]['params'], opts: CallOptions): Promise<ListAnswer<ListMethods[M]['data']>> {
    const auth = opts.auth ?? 'key';
    const resource = this.resource(method);
    const res = await this.call(method, UNITS[method], opts.purpose, auth, true, async (credentials) => {
      const headers: Record<string, string> = {};
      if (opts.etag) headers['If-None-Match'] = opts.etag;
      if (credentials.bearer) headers.Authorization = `Bearer ${credentials.bearer}`;
      const query = { ...(params as object), ...(credentials.key ? { key: credentials.key } : {}) };
      try {
        const answer = await resource.list(query as never, {
          headers,
          retry: false,
          timeout: this.timeoutMs,
          responseType: 'text',
          validateStatus: () => true
        } as never);
        const a = answer as unknown as { status: number; data: unknown; headers: Record<string, string> };
        return { status: a.status, body: typeof a.data === 'string' ? a.data : JSON.stringify(a.data ?? ''), etagHeader: a.headers?.etag ?? null };
      } catch (err) {
        throw networkError(err);
      }
    });
    if (res.status === 304) return { notModified: true, etag: opts.etag ?? res.etagHeader ?? '' };
    let data: any;
    try {
      data = JSON.parse(res.body);
    } catch (err) {
      throw MALFORMED(method, (err as Error).message);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw MALFORMED(method, 'not an object');
    return { notModified: false, data, etag: typeof data.etag === 'string' ? data.etag : res.etagHeader };
  }

  /** Raw HTTP at apiRoot (see RawRequest). */
  async request(method: YoutubeMethod | string, purpose: YoutubePurpose, init: RawRequest): Promise<RawResponse> {
    const auth = init.auth ?? 'oauth';
    const units = init.units ?? (UNITS as Record<string, number>)[method] ?? 1;
    const res = await this.call(method, units, purpose, auth, init.retry !== false, async (credentials) => {
      const url = new URL(init.url ?? init.path?.replace(/^\//, '') ?? '', this.apiRoot);
      for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      if (credentials.key) url.searchParams.set('key', credentials.key);
      const headers = new Headers(init.headers ?? {});
      if (credentials.bearer) headers.set('Authorization', `Bearer ${credentials.bearer}`);
      try {
        const answer = await fetch(url, {
          method: init.method ?? 'GET',
          headers,
          body: init.body as BodyInit | undefined,
          redirect: 'manual',
          signal: AbortSignal.timeout(init.timeoutMs ?? this.timeoutMs)
        });
        const body = Buffer.from(await answer.arrayBuffer());
        return { status: answer.status, body: body.toString('utf8'), raw: body, headers: answer.headers, etagHeader: answer.headers.get('etag') };
      } catch (err) {
        throw networkError(err);
      }
    }, init.okStatuses);
    const raw = res.raw ?? Buffer.from(res.body);
    return {
      status: res.status,
      headers: res.headers ?? new Headers(),
      body: raw,
      text: () => raw.toString('utf8'),
      json: <T>() => {
        try {
          return JSON.parse(raw.toString('utf8')) as T;
        } catch (err) {
          throw MALFORMED(method, (err as Error).message);
        }
      }
    };
  }

  private resource(method: ListMethod): { list: (params: unknown, options: unknown) => Promise<unknown> } {
    const c = this.client as any;
    const table: Record<ListMethod, any> = {
      'channels.list': c.channels,
      'playlists.list': c.playlists,
      'playlistItems.list': c.playlistItems,
      'videos.list': c.videos,
      'captions.list': c.captions
    };
    const r = table[method];
    return { list: (params, options) => r.list(params, options) };
  }

  private async credentials(auth: YoutubeAuth): Promise<{ key?: string; bearer?: string }> {
    if (auth === 'oauth') {
      if (!this.tokens) throw new YoutubeApiError('youtube_not_connected', 'YouTube OAuth is not connected: an admin completes the consent on /admin first', 'notConnected', null);
      return { bearer: await this.tokens.get() };
    }
    const { apiKey } = await this.deps.connection.settings();
    if (!apiKey) throw new YoutubeApiError('youtube_not_connected', 'No YouTube API key: set YOUTUBE_API_KEY or save one on /admin', 'notConnected', null);
    return { key: apiKey };
  }

  /**
   * Books, sends, records, classifies, retries. `send` answers {status, body} or throws a
   * network error (status null).
   */
  private async call<A extends { status: number; body: string; etagHeader: string | null; raw?: Buffer; headers?: Headers }>(
    method: string,
    units: number,
    purpose: YoutubePurpose,
    auth: YoutubeAuth,
    mayRetry: boolean,
    send: (credentials: { key?: string; bearer?: string }) => Promise<A>,
    okStatuses: number[] = []
  ): Promise<A> {
    let retriedAuth = false;
    for (let attempt = 0; ; attempt++) {
      const credentials = await this.credentials(auth);
      const booked = units > 0 ? await this.deps.ledger.reserve(method, units, purpose) : null;
      const started = performance.now();
      let answer: A | null = null;
      let failure: Classified | null = null;
      try {
        answer = await send(credentials);
      } catch (err) {
        failure = classifyYoutubeError(null, (err as Error).message, auth);
      }
      const ok = answer !== null && ((answer.status >= 200 && answer.status < 300) || answer.status === 304 || okStatuses.includes(answer.status));
      if (answer && !ok) failure = classifyYoutubeError(answer.status, answer.body, auth);
      const ms = performance.now() - started;
      if (booked) await this.deps.ledger.finish(booked.id, answer?.status ?? null, failure ? `${failure.reason}: ${failure.message}` : null, ms);
      if (!failure) return answer!;

      this.deps.log.warn({ method, purpose, status: answer?.status ?? null, reason: failure.reason, attempt }, `YouTube ${method} failed: ${failure.message}`);
      if (failure.code === 'youtube_auth' && auth === 'oauth' && this.tokens && !retriedAuth) {
        retriedAuth = true;
        this.tokens.invalidate();
        attempt--;
        continue;
      }
      if (failure.retry && mayRetry && attempt < this.retryDelaysMs.length) {
        const retryAfter = Number(answer?.headers?.get?.('retry-after'));
        await this.sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(60_000, retryAfter * 1000) : this.retryDelaysMs[attempt]!);
        continue;
      }
      if (failure.code === 'youtube_quota') {
        const until = nextQuotaReset(this.now());
        await this.deps.connection.pause(until, 'youtube_quota', failure.message);
        throw new YoutubeApiError('youtube_quota', `${failure.message}; YouTube calls pause until ${until.toISOString()}`, failure.reason, answer?.status ?? null, {
          retryAfter: Math.max(1, Math.ceil((until.getTime() - this.now().getTime()) / 1000))
        });
      }
      throw new YoutubeApiError(failure.code, `${method}: ${failure.message}`, failure.reason, answer?.status ?? null);
    }
  }
}

function networkError(err: unknown): Error {
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const detail = e.cause?.code ?? e.code ?? e.cause?.message ?? e.message ?? String(err);
  return new Error(`YouTube did not answer (${detail})`);
}
