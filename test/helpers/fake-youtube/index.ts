/**
 * A local stand-in for the YouTube Data API v3, for the tests and `npm run bench:sync`: a real HTTP
 * server on 127.0.0.1 that speaks the documented shapes of the resources Efir uses, so Efir's
 * YoutubeApi (server/youtube/api.ts) talks to it exactly as to Google (YOUTUBE_API_ROOT = `url`).
 *
 * Core (H1): channels.list, playlists.list, playlistItems.list, videos.list with
 *  - paging (maxResults default 5, at most 50; nextPageToken/prevPageToken, pageInfo),
 *  - ETags: every answer carries `etag` (a hash of its content) and an ETag header; If-None-Match
 *    with the current one answers 304 with no body,
 *  - the `part` parameter honoured, localizations, liveStreamingDetails,
 *  - private and deleted videos in the uploads playlist as YouTube shows them to a non-owner
 *    ("Private video" / "Deleted video" items; videos.list leaves them out),
 *  - API keys (`model.keys`) and Bearer tokens (`model.tokens`), quota units per call, a daily
 *    quota limit (`quotaLimit`), and the documented error bodies
 *    {error: {code, message, errors: [{domain, reason, message}]}} for quotaExceeded, keyInvalid,
 *    forbidden, notFound, backendError, rateLimitExceeded, authError (failNext, or the model's state).
 *
 * Extension point for the other helpers' endpoints (H2 oauth.ts + captions.ts, H4 uploads.ts):
 *   fake.route(httpMethod, pathPrefix, handler): routes are tried in the order added, before the
 *   built-in ones; handler(ctx) answers through ctx (json, error, send) and books its call with
 *   `if (!ctx.book('captions.download', {auth: 'oauth'})) return;` (failNext, auth, quota, the log).
 *   A handler that returns `false` passes the request on.
 *
 * The model is plain objects the tests edit between syncs (see FakeModel); helpers at the end build
 * videos, channels and whole synthetic channels.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------- the model

export interface FakeThumbnail {
  url: string;
  width?: number;
  height?: number;
}

export interface FakeLocalization {
  title: string;
  description: string;
}

/** A video as videos.list returns it with every part (id, snippet, contentDetails, status, localizations, liveStreamingDetails). */
export interface FakeVideo {
  id: string;
  snippet: {
    publishedAt: string;
    channelId: string;
    title: string;
    description: string;
    thumbnails: Record<string, FakeThumbnail>;
    channelTitle: string;
    tags?: string[];
    categoryId?: string;
    liveBroadcastContent: 'none' | 'upcoming' | 'live';
    defaultLanguage?: string;
    defaultAudioLanguage?: string;
  };
  contentDetails: { duration: string; dimension?: string; definition?: string; caption?: 'true' | 'false' };
  status: { uploadStatus: string; privacyStatus: 'public' | 'private' | 'unlisted'; embeddable?: boolean; license?: string };
  localizations?: Record<string, FakeLocalization>;
  liveStreamingDetails?: { scheduledStartTime?: string; actualStartTime?: string; actualEndTime?: string; concurrentViewers?: string };
}

export interface FakeChannel {
  id: string;
  title: string;
  description: string;
  uploadsPlaylistId: string;
  customUrl?: string;
  publishedAt?: string;
  defaultLanguage?: string;
  localizations?: Record<string, FakeLocalization>;
}

export interface FakePlaylist {
  id: string;
  channelId: string;
  title: string;
  description: string;
  privacyStatus: 'public' | 'private' | 'unlisted';
  publishedAt?: string;
  defaultLanguage?: string;
  localizations?: Record<string, FakeLocalization>;
  thumbnails?: Record<string, FakeThumbnail>;
}

/** An OAuth access token the fake accepts as `Authorization: Bearer …` (H2's oauth.ts fills these). */
export interface FakeToken {
  /** The channel whose account consented: its private videos are visible to the token. */
  channelId?: string;
  scope?: string;
  /** ms since epoch; an expired token gets 401 authError. */
  expiresAt?: number;
  revoked?: boolean;
  [more: string]: unknown;
}

export interface FakeModel {
  /** API keys that are valid (`key=`). */
  keys: Set<string>;
  channels: Record<string, FakeChannel>;
  /** Videos by id; an id in a playlist but not here is a deleted video. */
  videos: Record<string, FakeVideo>;
  playlists: Record<string, FakePlaylist>;
  /** Video ids of each playlist in order (the uploads playlist: newest first, as YouTube lists it). */
  playlistItems: Record<string, string[]>;
  /** H2's caption tracks (by video id, any shape H2's captions.ts defines). */
  captions: Record<string, any>;
  /** H4's resumable upload sessions and finished uploads. */
  uploads: Record<string, any>;
  /** Access tokens by token string (see FakeToken); H2 may keep refresh tokens and codes here too. */
  tokens: Record<string, FakeToken>;
  /** Image paths (/ytimg/vi/ID/FILE) that answer 404. */
  brokenImages?: Set<string>;
}

export interface FakeCall {
  method: string;
  units: number;
  /** Status of the answer (0 until it is sent; 0 for a dropped connection). */
  status: number;
  params: Record<string, string>;
  at: number;
}

export type FailReason =
  | 'quotaExceeded'
  | 'keyInvalid'
  | 'forbidden'
  | 'notFound'
  | 'backendError'
  | 'rateLimitExceeded'
  | 'authError'
  /** 200 with a body that is not JSON */
  | 'malformed'
  /** 200 with the first half of the real answer */
  | 'truncated'
  /** the connection is dropped without an answer */
  | 'network';

export interface FakeContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  /** The request body, read whole. */
  body: Buffer;
  /** `key=` and the Bearer token of the request, as sent. */
  auth: { key: string | null; bearer: string | null };
  model: FakeModel;
  fake: FakeYoutube;
  /** Query parameters, a repeated one joined with commas (`id=a&id=b` → "a,b"). */
  param(name: string): string | null;
  /**
   * Books a call of `method` (UNITS below, or `units`) and applies, in order: a queued failNext,
   * the credentials (auth 'key': a valid key or token; 'oauth': a valid token; 'any': either),
   * the daily quotaLimit. False when an error was sent: the handler returns at once.
   */
  book(method: string, opts?: { auth?: 'key' | 'oauth' | 'any'; units?: number }): boolean;
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** A documented error body for `reason` (status from the reason unless given). */
  error(reason: FailReason | string, status?: number, message?: string): void;
  send(status: number, body?: string | Buffer, headers?: Record<string, string>): void;
}

export type FakeHandler = (ctx: FakeContext) => void | boolean | Promise<void | boolean>;

export interface FakeYoutube {
  /** The apiRoot, with a trailing slash: YOUTUBE_API_ROOT. */
  url: string;
  model: FakeModel;
  calls: FakeCall[];
  /** Paths of the thumbnail images fetched (i.ytimg.com stand-in under /ytimg/). */
  imageFetches: string[];
  /** Units of every call so far (errors included), as YouTube would count them. */
  readonly unitsSpent: number;
  /** A quota limit per "day": calls beyond it get 403 quotaExceeded (null: none). */
  quotaLimit: number | null;
  /** Units counted against quotaLimit since the last newDay(). */
  readonly dayUnits: number;
  /** YouTube's quota reset (midnight Pacific): dayUnits back to 0. */
  newDay(): void;
  /** The next `times` calls of `method` ('videos.list', or '*' for any) fail with `reason`. */
  failNext(method: string, reason: FailReason, status?: number, times?: number): void;
  /** Forgets the failures still queued. */
  clearFailures(): void;
  /** Units per method the fake books (a copy of YouTube's table; handlers book others by name). */
  units: Record<string, number>;
  route(httpMethod: string, pathPrefix: string, handler: FakeHandler): void;
  /** Calls of one method (or all) since index `from` of `calls`. */
  callsOf(method?: string, from?: number): FakeCall[];
  close(): Promise<void>;
}

export const FAKE_UNITS: Record<string, number> = {
  'channels.list': 1,
  'playlists.list': 1,
  'playlistItems.list': 1,
  'videos.list': 1,
  'search.list': 100,
  'captions.list': 50,
  'captions.download': 200,
  'captions.insert': 400,
  'videos.insert': 1600
};

const ERRORS: Record<string, { status: number; domain: string; message: string }> = {
  quotaExceeded: { status: 403, domain: 'youtube.quota', message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.' },
  keyInvalid: { status: 400, domain: 'usageLimits', message: 'API key not valid. Please pass a valid API key.' },
  forbidden: { status: 403, domain: 'youtube.common', message: 'The request is not properly authorized.' },
  notFound: { status: 404, domain: 'youtube.common', message: 'The requested resource was not found.' },
  channelNotFound: { status: 404, domain: 'youtube.channel', message: 'The channel identified with the request\'s channelId parameter cannot be found.' },
  playlistNotFound: { status: 404, domain: 'youtube.playlistItem', message: "The playlist identified with the request's <code>playlistId</code> parameter cannot be found." },
  videoNotFound: { status: 404, domain: 'youtube.video', message: 'The video identified by the <code>videoId</code> parameter could not be found.' },
  backendError: { status: 503, domain: 'global', message: 'Backend Error' },
  rateLimitExceeded: { status: 403, domain: 'youtube.quota', message: 'The request cannot be completed because you have exceeded your quota (rate limit).' },
  authError: { status: 401, domain: 'global', message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.' },
  badRequest: { status: 400, domain: 'global', message: 'Bad Request' },
  missingKey: { status: 403, domain: 'global', message: 'The request is missing a valid API key.' }
};

/** Google's documented error body. */
export function errorBody(reason: string, status?: number, message?: string) {
  const known = ERRORS[reason] ?? { status: status ?? 400, domain: 'global', message: reason };
  const code = status ?? known.status;
  const reasonOut = reason === 'missingKey' ? 'forbidden' : reason;
  return { status: code, body: { error: { code, message: message ?? known.message, errors: [{ domain: known.domain, reason: reasonOut, message: message ?? known.message }] } } };
}

const hash = (value: unknown) => crypto.createHash('sha1').update(JSON.stringify(value)).digest('base64url');
const pageToken = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
const pageOffset = (token: string | null): number | null => {
  if (!token) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
};

export async function startFakeYoutube(opts: { model?: Partial<FakeModel> } = {}): Promise<FakeYoutube> {
  const model: FakeModel = {
    keys: new Set(['test-key']),
    channels: {},
    videos: {},
    playlists: {},
    playlistItems: {},
    captions: {},
    uploads: {},
    tokens: {},
    ...opts.model
  };
  const calls: FakeCall[] = [];
  const imageFetches: string[] = [];
  const failures: { method: string; reason: FailReason; status?: number; times: number }[] = [];
  const routes: { method: string; prefix: string; handler: FakeHandler }[] = [];
  let dayUnits = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks)).catch((err) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify(errorBody('backendError', 500, String(err)).body));
        } else res.destroy();
      });
    });
  });

  const fake: FakeYoutube = {
    url: '',
    model,
    calls,
    imageFetches,
    get unitsSpent() {
      return calls.reduce((n, c) => n + c.units, 0);
    },
    quotaLimit: null,
    get dayUnits() {
      return dayUnits;
    },
    newDay() {
      dayUnits = 0;
    },
    failNext(method, reason, status, times = 1) {
      failures.push({ method, reason, status, times });
    },
    clearFailures() {
      failures.length = 0;
    },
    units: { ...FAKE_UNITS },
    route(method, prefix, handler) {
      routes.push({ method: method.toUpperCase(), prefix: prefix.replace(/^\/?/, '/'), handler });
    },
    callsOf(method, from = 0) {
      return calls.slice(from).filter((c) => !method || c.method === method);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
    let booked: FakeCall | null = null;
    res.on('finish', () => {
      if (booked) booked.status = res.statusCode;
    });
    const ctx: FakeContext = {
      req,
      res,
      url,
      body,
      auth: { key: url.searchParams.get('key'), bearer },
      model,
      fake,
      param: (name) => {
        const all = url.searchParams.getAll(name);
        return all.length ? all.join(',') : null;
      },
      json(status, value, headers = {}) {
        const text = JSON.stringify(value);
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
        res.end(text);
      },
      error(reason, status, message) {
        const e = errorBody(reason, status, message);
        ctx.json(e.status, e.body);
      },
      send(status, data, headers = {}) {
        res.writeHead(status, headers);
        res.end(data);
      },
      book(method, o = {}) {
        const units = o.units ?? fake.units[method] ?? 1;
        const params = Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k).join(',')]));
        delete params.key;
        booked = { method, units, status: 0, params, at: Date.now() };
        calls.push(booked);
        dayUnits += units;
        const failure = failures.find((f) => f.method === method || f.method === '*');
        if (failure) {
          if (--failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
          failWith(ctx, failure.reason, failure.status);
          return false;
        }
        const authMode = o.auth ?? 'key';
        const token = bearer ? model.tokens[bearer] : undefined;
        const tokenOk = !!token && !token.revoked && (token.expiresAt === undefined || token.expiresAt > Date.now());
        if (bearer && !tokenOk) {
          ctx.error('authError');
          return false;
        }
        if (authMode === 'oauth' && !tokenOk) {
          ctx.error(ctx.auth.key ? 'forbidden' : 'authError', ctx.auth.key ? 403 : 401, ctx.auth.key ? 'Login Required: this method needs OAuth' : undefined);
          return false;
        }
        if (!tokenOk) {
          if (ctx.auth.key === null) {
            ctx.error('missingKey');
            return false;
          }
          if (!model.keys.has(ctx.auth.key)) {
            ctx.error('keyInvalid');
            return false;
          }
        }
        if (fake.quotaLimit !== null && dayUnits > fake.quotaLimit) {
          ctx.error('quotaExceeded');
          return false;
        }
        return true;
      }
    };

    for (const r of routes) {
      if ((r.method === '*' || r.method === req.method) && url.pathname.startsWith(r.prefix)) {
        if ((await r.handler(ctx)) !== false) return;
      }
    }
    if (req.method === 'GET') {
      const data = DATA[url.pathname];
      if (data) return data(ctx);
      if (url.pathname.startsWith('/ytimg/')) {
        // i.ytimg.com's images (not the Data API: no key, no quota): a few bytes that differ per URL
        imageFetches.push(url.pathname);
        if (model.brokenImages?.has(url.pathname)) return ctx.send(404, 'not found', { 'content-type': 'text/plain' });
        const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(url.pathname), Buffer.from([0xff, 0xd9])]);
        return ctx.send(200, jpeg, { 'content-type': 'image/jpeg', 'content-length': String(jpeg.length) });
      }
    }
    ctx.json(404, errorBody('notFound', 404, `No such endpoint in the fake Data API: ${req.method} ${url.pathname}`).body);
  }

  /** Answers a failure; malformed/truncated bodies are built from what the real answer would be. */
  function failWith(ctx: FakeContext, reason: FailReason, status?: number) {
    if (reason === 'network') {
      ctx.req.socket.destroy();
      return;
    }
    if (reason === 'malformed') {
      ctx.send(200, '{"kind": "youtube#listResponse", "items": [ {"id": oops', { 'content-type': 'application/json; charset=UTF-8' });
      return;
    }
    if (reason === 'truncated') {
      const text = JSON.stringify({ kind: 'youtube#listResponse', etag: 'x', pageInfo: { totalResults: 1, resultsPerPage: 50 }, items: [{ id: 'truncated' }] });
      ctx.send(200, text.slice(0, Math.floor(text.length / 2)), { 'content-type': 'application/json; charset=UTF-8' });
      return;
    }
    ctx.error(reason, status);
  }

  /**
   * A list answer with paging and ETag/If-None-Match. `all` is the whole list, or its length and a
   * function that builds one page's items (a 5,000-item playlist is not rendered for every page).
   */
  function listAnswer(ctx: FakeContext, kind: string, all: unknown[] | { total: number; slice(from: number, to: number): unknown[] }, defaultMax = 5) {
    const max = Number(ctx.param('maxResults') ?? defaultMax);
    if (!Number.isInteger(max) || max < 0 || max > 50) return ctx.error('badRequest', 400, `Invalid value '${ctx.param('maxResults')}' for maxResults: 0 to 50`);
    const offset = pageOffset(ctx.param('pageToken'));
    if (offset === null) return ctx.error('badRequest', 400, 'Invalid pageToken');
    const total = Array.isArray(all) ? all.length : all.total;
    const items = Array.isArray(all) ? all.slice(offset, offset + max) : all.slice(offset, Math.min(total, offset + max));
    const page: Record<string, unknown> = { kind, pageInfo: { totalResults: total, resultsPerPage: max }, items };
    if (offset + max < total) page.nextPageToken = pageToken(offset + max);
    if (offset > 0) page.prevPageToken = pageToken(Math.max(0, offset - max));
    const etag = hash(page);
    const sent = (ctx.req.headers['if-none-match'] ?? '').replace(/^W\//, '').replace(/"/g, '');
    if (sent && sent === etag) return ctx.send(304, undefined, { etag: `"${etag}"` });
    ctx.json(200, { kind, etag, ...page }, { etag: `"${etag}"` });
  }

  /** The model writes thumbnails as YouTube does (https://i.ytimg.com/…); the fake serves them itself. */
  const thumbs = (t: Record<string, FakeThumbnail> | undefined) =>
    Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k, { ...v, url: v.url.replace(/^https:\/\/i\.ytimg\.com\//, `${fake.url}ytimg/`) }]));

  const parts = (ctx: FakeContext) => new Set((ctx.param('part') ?? '').split(',').map((p) => p.trim()).filter(Boolean));
  const viewerChannel = (ctx: FakeContext) => (ctx.auth.bearer ? model.tokens[ctx.auth.bearer]?.channelId ?? null : null);
  const visible = (ctx: FakeContext, v: FakeVideo | undefined) => !!v && (v.status.privacyStatus !== 'private' || viewerChannel(ctx) === v.snippet.channelId);

  function videoResource(v: FakeVideo, want: Set<string>) {
    const out: Record<string, unknown> = { kind: 'youtube#video', etag: hash(v), id: v.id };
    if (want.has('snippet')) {
      out.snippet = { ...v.snippet, thumbnails: thumbs(v.snippet.thumbnails), localized: { title: v.snippet.title, description: v.snippet.description } };
    }
    if (want.has('contentDetails')) out.contentDetails = { dimension: '2d', definition: 'hd', caption: 'false', licensedContent: false, projection: 'rectangular', ...v.contentDetails };
    if (want.has('status')) out.status = { embeddable: true, license: 'youtube', publicStatsViewable: true, madeForKids: false, ...v.status };
    if (want.has('localizations') && v.localizations) out.localizations = v.localizations;
    if (want.has('liveStreamingDetails') && v.liveStreamingDetails) out.liveStreamingDetails = v.liveStreamingDetails;
    return out;
  }

  const DATA: Record<string, (ctx: FakeContext) => void> = {
    '/youtube/v3/channels': (ctx) => {
      if (!ctx.book('channels.list', { auth: ctx.param('mine') === 'true' ? 'oauth' : 'any' })) return;
      const want = parts(ctx);
      if (!want.size) return ctx.error('badRequest', 400, "No filter selected. Expected one of: forHandle, forUsername, id, idParam, managedByMe, categoryId, mine, mySubscribers");
      let found: FakeChannel[] = [];
      const ids = ctx.param('id');
      if (ids) found = ids.split(',').map((id) => model.channels[id]).filter((c): c is FakeChannel => !!c);
      else if (ctx.param('mine') === 'true') found = Object.values(model.channels).filter((c) => c.id === viewerChannel(ctx));
      else if (ctx.param('forHandle')) found = Object.values(model.channels).filter((c) => c.customUrl === ctx.param('forHandle'));
      else return ctx.error('badRequest', 400, 'No filter selected. Expected one of: forHandle, forUsername, id, mine');
      const items = found.map((c) => {
        const out: Record<string, unknown> = { kind: 'youtube#channel', etag: hash(c), id: c.id };
        if (want.has('snippet'))
          out.snippet = {
            title: c.title,
            description: c.description,
            customUrl: c.customUrl,
            publishedAt: c.publishedAt ?? '2015-01-01T00:00:00Z',
            thumbnails: {},
            defaultLanguage: c.defaultLanguage,
            localized: { title: c.title, description: c.description }
          };
        if (want.has('contentDetails')) out.contentDetails = { relatedPlaylists: { likes: '', uploads: c.uploadsPlaylistId } };
        if (want.has('statistics')) {
          const count = (model.playlistItems[c.uploadsPlaylistId] ?? []).filter((id) => model.videos[id]?.status.privacyStatus === 'public').length;
          out.statistics = { viewCount: '0', subscriberCount: '0', hiddenSubscriberCount: false, videoCount: String(count) };
        }
        if (want.has('localizations') && c.localizations) out.localizations = c.localizations;
        return out;
      });
      // An unknown id is not an error: YouTube answers 200 with no items (and no `items` key at all).
      listAnswer(ctx, 'youtube#channelListResponse', items);
    },

    '/youtube/v3/playlists': (ctx) => {
      if (!ctx.book('playlists.list', { auth: ctx.param('mine') === 'true' ? 'oauth' : 'any' })) return;
      const want = parts(ctx);
      let found: FakePlaylist[];
      const ids = ctx.param('id');
      if (ids) found = ids.split(',').map((id) => model.playlists[id]).filter((p): p is FakePlaylist => !!p);
      else if (ctx.param('channelId')) {
        const channelId = ctx.param('channelId');
        if (!model.channels[channelId!]) return ctx.error('channelNotFound');
        found = Object.values(model.playlists).filter((p) => p.channelId === channelId);
      } else if (ctx.param('mine') === 'true') found = Object.values(model.playlists).filter((p) => p.channelId === viewerChannel(ctx));
      else return ctx.error('badRequest', 400, 'No filter selected. Expected one of: channelId, id, mine');
      found = found.filter((p) => p.privacyStatus !== 'private' || viewerChannel(ctx) === p.channelId);
      const items = found.map((p) => {
        const out: Record<string, unknown> = { kind: 'youtube#playlist', etag: hash({ p, n: model.playlistItems[p.id] }), id: p.id };
        if (want.has('snippet'))
          out.snippet = {
            publishedAt: p.publishedAt ?? '2020-01-01T00:00:00Z',
            channelId: p.channelId,
            title: p.title,
            description: p.description,
            thumbnails: p.thumbnails ?? {},
            channelTitle: model.channels[p.channelId]?.title ?? '',
            defaultLanguage: p.defaultLanguage,
            localized: { title: p.title, description: p.description }
          };
        if (want.has('status')) out.status = { privacyStatus: p.privacyStatus };
        if (want.has('contentDetails')) out.contentDetails = { itemCount: (model.playlistItems[p.id] ?? []).length };
        if (want.has('localizations') && p.localizations) out.localizations = p.localizations;
        return out;
      });
      listAnswer(ctx, 'youtube#playlistListResponse', items);
    },

    '/youtube/v3/playlistItems': (ctx) => {
      if (!ctx.book('playlistItems.list', { auth: 'any' })) return;
      const want = parts(ctx);
      const playlistId = ctx.param('playlistId');
      if (!playlistId) return ctx.error('badRequest', 400, 'No filter selected. Expected one of: id, playlistId');
      const ids = model.playlistItems[playlistId];
      const owner = Object.values(model.channels).find((c) => c.uploadsPlaylistId === playlistId);
      const playlist = model.playlists[playlistId];
      if (!ids || (!owner && !playlist) || (playlist && playlist.privacyStatus === 'private' && viewerChannel(ctx) !== playlist.channelId)) {
        return ctx.error('playlistNotFound');
      }
      const channelId = owner?.id ?? playlist!.channelId;
      const channelTitle = model.channels[channelId]?.title ?? '';
      const item = (videoId: string, position: number) => {
        const v = model.videos[videoId];
        const seen = visible(ctx, v);
        const out: Record<string, unknown> = { kind: 'youtube#playlistItem', etag: hash({ videoId, position, v: seen ? v!.snippet : null }), id: hash(`${playlistId}/${videoId}`) };
        const base = { publishedAt: '2020-01-01T00:00:00Z', channelId, channelTitle, playlistId, position, resourceId: { kind: 'youtube#video', videoId } };
        if (want.has('snippet')) {
          out.snippet = seen
            ? { ...base, title: v!.snippet.title, description: v!.snippet.description, thumbnails: thumbs(v!.snippet.thumbnails), videoOwnerChannelTitle: v!.snippet.channelTitle, videoOwnerChannelId: v!.snippet.channelId }
            : v
              ? { ...base, title: 'Private video', description: 'This video is private.', thumbnails: {} }
              : { ...base, title: 'Deleted video', description: 'This video is unavailable.', thumbnails: {} };
        }
        if (want.has('contentDetails')) out.contentDetails = seen ? { videoId, videoPublishedAt: v!.snippet.publishedAt } : { videoId };
        if (want.has('status')) out.status = { privacyStatus: seen ? v!.status.privacyStatus : v ? 'private' : 'privacyStatusUnspecified' };
        return out;
      };
      listAnswer(ctx, 'youtube#playlistItemListResponse', { total: ids.length, slice: (from: number, to: number) => ids.slice(from, to).map((id, i) => item(id, from + i)) });
    },

    '/youtube/v3/videos': (ctx) => {
      if (!ctx.book('videos.list', { auth: 'any' })) return;
      const want = parts(ctx);
      const ids = (ctx.param('id') ?? '').split(',').filter(Boolean);
      if (!ids.length) return ctx.error('badRequest', 400, 'No filter selected. Expected one of: chart, id, myRating');
      if (ids.length > 50) return ctx.error('badRequest', 400, 'The request specifies too many video ids (at most 50).');
      const items = ids.map((id) => model.videos[id]).filter((v): v is FakeVideo => visible(ctx, v)).map((v) => videoResource(v, want));
      listAnswer(ctx, 'youtube#videoListResponse', items, 50);
    }
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return fake;
}

// ---------------------------------------------------------------- building models

/** ISO-8601 duration as YouTube writes it (PT1H2M3S). */
export function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

export function makeVideo(id: string, channel: Pick<FakeChannel, 'id' | 'title'>, over: Partial<{
  title: string;
  description: string;
  publishedAt: string;
  seconds: number;
  privacyStatus: FakeVideo['status']['privacyStatus'];
  liveBroadcastContent: FakeVideo['snippet']['liveBroadcastContent'];
  defaultLanguage: string;
  localizations: Record<string, FakeLocalization>;
  liveStreamingDetails: FakeVideo['liveStreamingDetails'];
  thumbnails: Record<string, FakeThumbnail>;
}> = {}): FakeVideo {
  return {
    id,
    snippet: {
      publishedAt: over.publishedAt ?? '2024-01-01T10:00:00Z',
      channelId: channel.id,
      title: over.title ?? `Video ${id}`,
      description: over.description ?? `About ${id}`,
      thumbnails: over.thumbnails ?? {
        default: { url: `https://i.ytimg.com/vi/${id}/default.jpg`, width: 120, height: 90 },
        high: { url: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`, width: 480, height: 360 }
      },
      channelTitle: channel.title,
      liveBroadcastContent: over.liveBroadcastContent ?? 'none',
      defaultLanguage: over.defaultLanguage ?? 'ru'
    },
    contentDetails: { duration: isoDuration(over.seconds ?? 95) },
    status: { uploadStatus: 'processed', privacyStatus: over.privacyStatus ?? 'public', embeddable: true },
    ...(over.localizations ? { localizations: over.localizations } : {}),
    ...(over.liveStreamingDetails ? { liveStreamingDetails: over.liveStreamingDetails } : {})
  };
}

/** A channel with its uploads playlist ('UU' + the id's tail, as YouTube names it). */
export function addChannel(model: FakeModel, id: string, title = 'Efir test channel'): FakeChannel {
  const channel: FakeChannel = { id, title, description: 'The organisation', uploadsPlaylistId: `UU${id.slice(2)}`, defaultLanguage: 'ru' };
  model.channels[id] = channel;
  model.playlistItems[channel.uploadsPlaylistId] ??= [];
  return channel;
}

/** Uploads a video: it is added to the videos and at the head of the uploads playlist (newest first). */
export function upload(model: FakeModel, channelId: string, video: FakeVideo): FakeVideo {
  const channel = model.channels[channelId]!;
  model.videos[video.id] = video;
  model.playlistItems[channel.uploadsPlaylistId]!.unshift(video.id);
  return video;
}

export function addPlaylist(model: FakeModel, channelId: string, id: string, videoIds: string[], over: Partial<FakePlaylist> = {}): FakePlaylist {
  const playlist: FakePlaylist = { id, channelId, title: `Playlist ${id}`, description: '', privacyStatus: 'public', defaultLanguage: 'ru', ...over };
  model.playlists[id] = playlist;
  model.playlistItems[id] = [...videoIds];
  return playlist;
}

/**
 * A synthetic channel: `videos` uploads (11-character ids, newest first), `playlists` playlists
 * dealing the videos out in turn, `perPlaylist` each (default: all of them dealt out once).
 */
export function seedChannel(model: FakeModel, opts: { channelId?: string; videos: number; playlists?: number; perPlaylist?: number; localize?: boolean }): { channel: FakeChannel; videoIds: string[]; playlistIds: string[] } {
  const channel = addChannel(model, opts.channelId ?? 'UCsyntheticChannel0000', 'Synthetic channel');
  const videoIds: string[] = [];
  const start = Date.UTC(2016, 0, 1);
  for (let i = 0; i < opts.videos; i++) {
    const id = `v${String(i).padStart(10, '0')}`;
    videoIds.push(id);
    upload(
      model,
      channel.id,
      makeVideo(id, channel, {
        title: `Выпуск ${i}`,
        description: `Описание ${i}`,
        publishedAt: new Date(start + i * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        seconds: 60 + (i % 3600),
        ...(opts.localize !== false ? { localizations: { uz: { title: `Soʻnggi ${i}`, description: '' }, en: { title: `Episode ${i}`, description: '' } } } : {})
      })
    );
  }
  const playlistIds: string[] = [];
  const n = opts.playlists ?? 0;
  const per = opts.perPlaylist ?? (n ? Math.ceil(opts.videos / n) : 0);
  for (let p = 0; p < n; p++) {
    const members: string[] = [];
    for (let k = 0; k < per; k++) {
      const index = p + k * n;
      if (index < videoIds.length) members.push(videoIds[index]!);
    }
    const id = `PL${String(p).padStart(32, '0')}`;
    playlistIds.push(id);
    addPlaylist(model, channel.id, id, members, { title: `Серия ${p}` });
  }
  return { channel, videoIds, playlistIds };
}
