/**
 * Configuration, read once from the environment and validated as a whole, so a bad deployment
 * fails at start with one line per bad variable instead of at the first request that needs it.
 * Shared by the web process, the workers and the scripts.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MEDIA_LIMITS, type MediaLimits } from '../media/limits.ts';
import { DEFAULT_LIMITS, QA_LIMIT_ENV, type QaLimits } from './qa-limits.ts';
import { passwordProblem } from './password-policy.ts';

export interface Config {
  port: number;
  host: string;
  /** Absolute base URL printed to users and put into links (`npm run import` prints watch URLs with it). */
  publicUrl: string;
  /** Everything the app writes: the embedded database, uploads, media. Never inside the source tree. */
  dataDir: string;
  /** PostgreSQL URL; unset means the embedded PGlite under dataDir/db. */
  databaseUrl: string | null;
  /** Redis URL; unset means `npm start` runs redis-server as a managed child. */
  redisUrl: string | null;
  /** Prefix of every BullMQ key and pub/sub channel, so several Efirs (or test runs) share one Redis. */
  queuePrefix: string;
  ffmpegPath: string | null;
  uploadMaxBytes: number;
  subtitleMaxBytes: number;
  /** Signs the viewer cookie; generated into dataDir/secret when unset. */
  sessionSecret: string | null;
  workerConcurrency: number;
  logLevel: string;
  adminEmail: string | null;
  adminPassword: string | null;
  /** How long a revision replaced by a newer one stays on disk for players still reading it. */
  oldRevisionGraceMs: number;
  /**
   * Which proxies may tell the client's address and protocol (X-Forwarded-For/-Proto), as Fastify's
   * trustProxy takes it: false (default: nobody, so a client cannot pick its address and dodge
   * per-IP limits and bans), true, a hop count, or addresses/CIDRs/`loopback`, comma-separated.
   */
  trustProxy: boolean | number | string;
  /** RTMP ingest port (OBS publishes here); 0 picks a free one (tests); -1 turns ingest off on this instance. */
  rtmpPort: number;
  /** What producers paste into OBS as the server, e.g. rtmp://live.example.org:1935/live; default from PUBLIC_URL's host. */
  rtmpPublicUrl: string | null;
  /** Seconds a dropped publisher may take to come back to the same broadcast before it ends. */
  ingestGraceSeconds: number;
  // --- media safety (issue 10) ---
  /** FFPROBE_PATH: the ffprobe to run (else the one beside FFMPEG_PATH, else PATH); see media/ffmpeg.ts. */
  ffprobePath: string | null;
  /**
   * Caps on a source's duration, frame size and frame count (MEDIA_MAX_DURATION_SECONDS,
   * MEDIA_MAX_PIXELS, MEDIA_MAX_FRAMES), checked when it is probed; defaults in media/limits.ts.
   */
  mediaLimits: MediaLimits;

  // --- process lifecycle and workers (issue 10: one place for every setting) ---
  /** Live transcodes one worker runs at once; 0 makes a media-only worker. */
  liveConcurrency: number;
  /**
   * LIVE_LOW_LATENCY (default true): live broadcasts are Low-Latency HLS (fMP4 parts, blocking
   * reloads; issue 15); false keeps the 1 s MPEG-TS segments of ffmpeg's hls muxer, for comparison
   * (bench:live) and as an operator's fallback.
   */
  liveLowLatency: boolean;
  /**
   * LIVE_BLOCKING_WAITERS_MAX: LL-HLS requests (blocking playlist reloads, preload-hinted parts) one
   * web process holds waiting at once; beyond it they are answered at once with what exists.
   */
  liveBlockingWaitersMax: number;
  /** BullMQ's job lock (ms): how soon a killed worker's job can be taken over; null: the worker's default. */
  workerLockDurationMs: number | null;
  /** How often a worker looks for jobs whose worker died (ms); null: the worker's default. */
  workerStalledIntervalMs: number | null;
  /**
   * How long a stopping process may finish what it holds (requests in flight, the step in hand)
   * before it cancels it; `npm start` kills what is still running a little after that. Kept under
   * the 10 s container runtimes give before SIGKILL.
   */
  stopGraceMs: number;

  // ---- issue 10, part D: sign-in limits, password hashing, Q&A limits, request bodies
  /** How long a spent sign-in allowance lasts (from the first failed attempt). */
  loginWindowSeconds: number;
  /** Failed sign-ins per account per window, counted over every instance (Redis). */
  loginFailuresPerAccount: number;
  /** Failed sign-ins per address (an IPv6 /64) per window; higher, as a dormitory shares one address. */
  loginFailuresPerIp: number;
  /** argon2 hashes at once; the rest wait, so sign-ins cannot take libuv's whole thread pool from file I/O. */
  passwordHashConcurrency: number;
  /** The Q&A's limits (QA_…; server/qa/limits.ts says what each is). */
  qaLimits: QaLimits;
  /** Largest JSON request body; routes that take more (subtitle files) set their own. */
  jsonBodyLimit: number;
  /** Deepest nesting of arrays and objects a JSON body may have (checked before it is parsed). */
  jsonMaxDepth: number;

  // --- RTMP ingest caps and Q&A bans (issue 10, items 5 and 7)
  /** RTMP connections one address may hold at once (a worker's checked play does not count); 0: no cap. */
  rtmpMaxConnectionsPerIp: number;
  /** RTMP connections the ingest holds at once; 0: no cap. */
  rtmpMaxConnections: number;
  /**
   * Where workers read this instance's live streams back (rtmp://host:port, no path); null: the
   * loopback address and the port the ingest listens on, right when the workers run on this machine.
   */
  rtmpWorkerUrl: string | null;
  /** Hours a Q&A ban or time-out also catches a fresh cookie from the sanctioned viewer's address. */
  qaBanIpHours: number;

  // ---- uploads and disk (issue 10)
  /**
   * Bytes each producer may keep: their videos' stored sources plus the declared lengths of their
   * unfinished uploads (an upload counts in full from its creation, so parallel ones cannot overrun it).
   */
  uploadQuotaBytes: number;
  /**
   * Free space kept on the data disk: an upload that would leave less is refused at creation and at
   * each PATCH, and a media step does not start writing. What it protects keeps writing regardless:
   * live recordings, the database, Redis and logs.
   */
  diskReserveBytes: number;
  /**
   * FAILED_DRAFT_DAYS: a video that never got a published revision and whose upload or processing
   * failed is removed (row and files) this many days after it failed; 0 keeps them.
   */
  failedDraftDays: number;

  // ---- Operators (issue 10): /health, /metrics
  /** /health fails when DATA_DIR has less free space than this. */
  healthMinFreeBytes: number;
  /** Who may read /metrics without an admin session: addresses and CIDRs (IPv4 or IPv6). */
  metricsAllow: string[];

  // ---- The YouTube channel's mirror and publishing (issue 11; server/youtube/)
  youtube: YoutubeConfig;

  // ---- Subtitled variants for messengers and machine-translation drafts (issue 12)
  variants: VariantsConfig;
  translate: TranslateConfig;
}

export interface VariantsConfig {
  /** VARIANT_MAX_BYTES: the size a variant aims to fit (16 MB, what WhatsApp sends inline). */
  capBytes: number;
  /** VARIANT_MIN_VIDEO_KBPS: the readable floor; when it wins over the cap the file is larger and the page says so. */
  minVideoKbps: number;
  /** VARIANT_MAX_VIDEO_KBPS: no more than this even when the cap would allow it (a short clip needs no 5 Mbit/s). */
  maxVideoKbps: number;
  /** VARIANT_HEIGHT: output height (never above the source's). */
  height: number;
  /** VARIANT_AUDIO_KBPS: AAC-LC stereo. */
  audioKbps: number;
  /**
   * SUBTITLE_FONTS_DIR: a folder holding only the fonts libass may use for burned-in text. Unset: the
   * worker fills DATA_DIR/fonts/ with Noto Sans Regular and Bold from fonts-noto-core.
   */
  fontsDir: string | null;
  /** VARIANT_REQUESTS_PER_HOUR: variant requests (which may start ffmpeg) per address and hour, across instances. */
  requestsPerHour: number;
}

export interface TranslateConfig {
  /** TRANSLATE_API_KEY: a Google Cloud API key with the Cloud Translation API; unset: no "Draft translation". */
  apiKey: string | null;
  /** TRANSLATE_API_ROOT: the Translation API's base URL (Google's by default; the tests' stand-in server). */
  apiRoot: string;
  /** TRANSLATE_BATCH_CUES: cues per request (the v2 API takes up to 128 texts a call). */
  batchCues: number;
  /** TRANSLATE_TIMEOUT_SECONDS: one request's limit; a draft that runs out fails with the reason. */
  timeoutSeconds: number;
}

export interface YoutubeConfig {
  /** YOUTUBE_API_KEY: reads the public channel; the admin page can set one instead (stored encrypted). */
  apiKey: string | null;
  /** YOUTUBE_CHANNEL_ID: the channel mirrored (UC…); the admin page can set one instead. */
  channelId: string | null;
  /**
   * YOUTUBE_API_ROOT: the Data API's base URL, with a trailing slash (Google's by default); passed to
   * @googleapis/youtube as rootUrl and used for the resumable uploads, so everything can run against
   * any server that speaks Data API v3 (the tests' stand-in).
   */
  apiRoot: string;
  /** YOUTUBE_DAILY_UNITS: the quota budget per Pacific day that no sync, caption fetch or publish exceeds. */
  dailyUnits: number;
  /**
   * YOUTUBE_SYNC_RESERVE_UNITS: units of each day kept for the mirror's syncs; caption downloads and
   * publishing spend only what is above it, so a caption backlog never stops the channel's sync.
   */
  syncReserveUnits: number;
  /** YOUTUBE_SYNC_MINUTES: how often the repeatable sync job runs (0: only on demand). */
  syncIntervalMinutes: number;
  /** YOUTUBE_FULL_SYNC_HOURS: how often a sync re-reads every video's details to catch edits to old ones. */
  fullSyncHours: number;
  /** OAuth 2.0 client for publishing and the channel's own caption tracks; null when not configured. */
  oauth: {
    clientId: string;
    clientSecret: string;
    /** YOUTUBE_OAUTH_AUTH_URL: Google's consent page. */
    authUrl: string;
    /** YOUTUBE_OAUTH_TOKEN_URL: where codes and refresh tokens become access tokens. */
    tokenUrl: string;
  } | null;
  /**
   * YOUTUBE_TOKEN_KEY: 32 bytes as 64 hex digits or base64; encrypts the refresh token and an API key
   * saved on the admin page (AES-256-GCM). Required with the OAuth client.
   */
  tokenKey: Buffer | null;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Parses "8G", "500M", "1048576" into bytes; null when not a size. */
export function parseSize(value: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(value);
  if (!m) return null;
  const bytes = Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()]);
  return bytes > 0 ? bytes : null;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'efir');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const optionalInt = (name: string, min: number, max: number): number | null => {
    const n = int(name, Number.NaN, min, max);
    return Number.isNaN(n) ? null : n;
  };
  const size = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = parseSize(raw);
    if (n === null) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a size such as 8G, 500M or a number of bytes`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name}: expected a ${protocols.join(' or ')} URL, got ${u.protocol}`);
      }
      return raw;
    } catch {
      problems.push(`${name}: not a URL`);
      return null;
    }
  };
  const str = (name: string): string | null => (env[name] === undefined || env[name] === '' ? null : env[name]!);
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name);
    if (raw === null) return fallback;
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
    problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
    return fallback;
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = str('HOST') ?? '0.0.0.0';
  const publicUrlRaw = url('PUBLIC_URL', ['http:', 'https:']);
  const dataDirRaw = str('DATA_DIR');
  const dataDir = path.resolve(dataDirRaw ?? defaultDataDir(env));
  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(logLevel)}: expected fatal, error, warn, info, debug, trace or silent`);
  }
  const sessionSecret = str('SESSION_SECRET');
  if (sessionSecret !== null && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET: must be at least 32 characters (or unset to generate one)');
  }
  const adminEmail = str('ADMIN_EMAIL');
  const adminPassword = str('ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  const adminPasswordProblem = adminPassword === null ? null : passwordProblem(adminPassword, adminEmail);
  if (adminPasswordProblem) problems.push(`ADMIN_PASSWORD: ${adminPasswordProblem.replace(/^password: /, '')}`);
  const queuePrefix = str('QUEUE_PREFIX') ?? 'efir';
  if (!/^[a-z0-9_-]{1,40}$/i.test(queuePrefix)) {
    problems.push('QUEUE_PREFIX: letters, digits, - and _ only, at most 40');
  }

  const config: Config = {
    port,
    host,
    publicUrl: (publicUrlRaw ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix,
    ffmpegPath: str('FFMPEG_PATH'),
    uploadMaxBytes: size('UPLOAD_MAX_BYTES', 8 * 1024 ** 3),
    subtitleMaxBytes: size('SUBTITLE_MAX_BYTES', 2 * 1024 ** 2),
    sessionSecret,
    workerConcurrency: int('WORKER_CONCURRENCY', 1, 1, 64),
    logLevel,
    adminEmail,
    adminPassword,
    oldRevisionGraceMs: int('OLD_REVISION_GRACE_SECONDS', 3600, 0, 7 * 86400) * 1000,
    trustProxy: parseTrustProxy(str('TRUST_PROXY'), problems),
    rtmpPort: int('RTMP_PORT', 1935, -1, 65535),
    rtmpPublicUrl: url('RTMP_PUBLIC_URL', ['rtmp:', 'rtmps:']),
    ingestGraceSeconds: int('INGEST_GRACE_SECONDS', 60, 1, 3600),
    // --- media safety (issue 10) ---
    ffprobePath: str('FFPROBE_PATH'),
    mediaLimits: {
      maxDurationSeconds: int('MEDIA_MAX_DURATION_SECONDS', DEFAULT_MEDIA_LIMITS.maxDurationSeconds, 1, 7 * 86400),
      maxPixels: int('MEDIA_MAX_PIXELS', DEFAULT_MEDIA_LIMITS.maxPixels, 1, 16384 * 16384),
      maxFrames: int('MEDIA_MAX_FRAMES', DEFAULT_MEDIA_LIMITS.maxFrames, 1, 1_000_000_000)
    },

    // --- process lifecycle and workers ---
    liveConcurrency: int('LIVE_CONCURRENCY', 2, 0, 64),
    liveLowLatency: bool('LIVE_LOW_LATENCY', true),
    liveBlockingWaitersMax: int('LIVE_BLOCKING_WAITERS_MAX', 20_000, 1, 10_000_000),
    workerLockDurationMs: optionalInt('WORKER_LOCK_DURATION_MS', 1000, 3_600_000),
    workerStalledIntervalMs: optionalInt('WORKER_STALLED_INTERVAL_MS', 500, 3_600_000),
    stopGraceMs: int('STOP_GRACE_SECONDS', 5, 1, 600) * 1000,

    // ---- issue 10, part D
    loginWindowSeconds: int('LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    loginFailuresPerAccount: int('LOGIN_FAILURES_PER_ACCOUNT', 5, 1, 10_000),
    loginFailuresPerIp: int('LOGIN_FAILURES_PER_IP', 30, 1, 100_000),
    passwordHashConcurrency: int('PASSWORD_HASH_CONCURRENCY', 2, 1, 64),
    qaLimits: qaLimitsFrom(env, problems),
    jsonBodyLimit: size('JSON_BODY_LIMIT', 64 * 1024),
    jsonMaxDepth: int('JSON_MAX_DEPTH', 32, 2, 1000),

    // --- RTMP ingest caps and Q&A bans (issue 10, items 5 and 7)
    rtmpMaxConnectionsPerIp: int('RTMP_MAX_CONNECTIONS_PER_IP', 10, 0, 100_000),
    rtmpMaxConnections: int('RTMP_MAX_CONNECTIONS', 1000, 0, 1_000_000),
    rtmpWorkerUrl: rtmpBase('RTMP_WORKER_URL', url('RTMP_WORKER_URL', ['rtmp:']), problems),
    qaBanIpHours: int('QA_BAN_IP_HOURS', 24, 0, 24 * 365),

    // ---- uploads and disk (issue 10)
    // 100 GB: about a hundred hour-long phone recordings, a dozen files at the default UPLOAD_MAX_BYTES;
    // one account can no longer fill a shared disk, and an admin raises it for a prolific producer.
    uploadQuotaBytes: size('UPLOAD_QUOTA_BYTES', 100 * 1024 ** 3),
    // 4 GB: a two-hour live recording at 4 Mbit/s (3.6 GB) still fits, with the database and Redis
    // beside it, when uploads and transcodes have stopped at the reserve.
    diskReserveBytes: size('DISK_RESERVE_BYTES', 4 * 1024 ** 3),
    failedDraftDays: int('FAILED_DRAFT_DAYS', 7, 0, 3650),

    // ---- Operators (issue 10)
    healthMinFreeBytes: size('HEALTH_MIN_FREE', 256 * 1024 ** 2),
    metricsAllow: parseAllowList('METRICS_ALLOW', str('METRICS_ALLOW') ?? '127.0.0.0/8,::1/128', problems),

    // ---- YouTube (issue 11)
    youtube: youtubeFrom(env, problems, { int, url, str }),

    // ---- Variants and translation drafts (issue 12)
    variants: {
      // Decimal megabytes: WhatsApp's 16 MB inline limit is not 16 MiB, and a file just under the
      // binary figure would be refused.
      capBytes: size('VARIANT_MAX_BYTES', 16_000_000),
      minVideoKbps: int('VARIANT_MIN_VIDEO_KBPS', 250, 50, 20_000),
      maxVideoKbps: int('VARIANT_MAX_VIDEO_KBPS', 1200, 100, 50_000),
      height: int('VARIANT_HEIGHT', 480, 144, 2160),
      audioKbps: int('VARIANT_AUDIO_KBPS', 64, 16, 320),
      fontsDir: str('SUBTITLE_FONTS_DIR'),
      requestsPerHour: int('VARIANT_REQUESTS_PER_HOUR', 30, 1, 1_000_000)
    },
    translate: {
      apiKey: str('TRANSLATE_API_KEY'),
      apiRoot: (url('TRANSLATE_API_ROOT', ['http:', 'https:']) ?? 'https://translation.googleapis.com').replace(/\/$/, ''),
      batchCues: int('TRANSLATE_BATCH_CUES', 100, 1, 128),
      timeoutSeconds: int('TRANSLATE_TIMEOUT_SECONDS', 30, 1, 600)
    }
  };
  if (config.variants.minVideoKbps > config.variants.maxVideoKbps) {
    problems.push('VARIANT_MIN_VIDEO_KBPS: must not exceed VARIANT_MAX_VIDEO_KBPS');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Where each kind of data lives under dataDir. One map, so nobody builds these paths by hand. */
export function dataPaths(dataDir: string) {
  return {
    db: path.join(dataDir, 'db'),
    secret: path.join(dataDir, 'secret'),
    redis: path.join(dataDir, 'redis'),
    uploads: path.join(dataDir, 'uploads'),
    sources: path.join(dataDir, 'sources'),
    work: path.join(dataDir, 'work'),
    media: path.join(dataDir, 'media'),
    /** Live HLS of broadcasts on air (live/<id>/<run>/…) and their recordings (live/<id>/recording/). */
    live: path.join(dataDir, 'live'),
    /** Broadcast posters (posters/<id>/<hash>.<ext>). */
    posters: path.join(dataDir, 'posters'),
    /** Subtitled MP4s for messengers (variants/<videoId>/<lang>-v<version>-r<rev>.mp4). */
    variants: path.join(dataDir, 'variants'),
    /** The fonts burned-in subtitles may use (Noto Sans only), unless SUBTITLE_FONTS_DIR names another folder. */
    fonts: path.join(dataDir, 'fonts')
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;

/** TRUST_PROXY: unset/false, true, a hop count, or a comma list of addresses, CIDRs and proxy-addr names. */
export function parseTrustProxy(raw: string | null, problems: string[]): boolean | number | string {
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const bad = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => !/^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/i.test(p));
  if (bad.length) {
    problems.push(`TRUST_PROXY: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not an address, a CIDR, loopback, linklocal or uniquelocal (or use true, false or a hop count)`);
    return false;
  }
  return raw;
}

/** QA_… variables over the defaults; whole numbers ≥ 0, and a soft frame limit within the hard one. */
function qaLimitsFrom(env: NodeJS.ProcessEnv, problems: string[]): QaLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(QA_LIMIT_ENV) as [keyof QaLimits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number ≥ 0`);
    else limits[key] = n;
  }
  if (limits.frameBytes > limits.hardFrameBytes) problems.push('QA_FRAME_BYTES: must not exceed QA_HARD_FRAME_BYTES');
  return limits;
}

/** An rtmp://host:port base (a trailing slash dropped); a path, query or credentials are refused. */
function rtmpBase(name: string, raw: string | null, problems: string[]): string | null {
  if (raw === null) return null;
  const u = new URL(raw);
  if ((u.pathname !== '' && u.pathname !== '/') || u.search || u.username || u.password) {
    problems.push(`${name}: expected rtmp://host:port only (the stream's path is added per broadcast)`);
    return null;
  }
  return `rtmp://${u.host}`;
}

/** A comma list of addresses and CIDRs (IPv4 or IPv6), checked with node:net's BlockList. */
export function parseAllowList(name: string, raw: string, problems: string[]): string[] {
  const entries = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = entries.filter((e) => {
    const [addr, bits, ...rest] = e.split('/');
    const family = net.isIP(addr);
    if (!family || rest.length) return true;
    if (bits === undefined) return false;
    const n = Number(bits);
    return !/^\d{1,3}$/.test(bits) || n > (family === 4 ? 32 : 128);
  });
  if (bad.length) problems.push(`${name}: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not an address or CIDR`);
  return entries.filter((e) => !bad.includes(e));
}

/** The YOUTUBE_… variables (issue 11), checked with the rest. */
function youtubeFrom(
  env: NodeJS.ProcessEnv,
  problems: string[],
  read: {
    int: (name: string, fallback: number, min: number, max: number) => number;
    url: (name: string, protocols: string[]) => string | null;
    str: (name: string) => string | null;
  }
): YoutubeConfig {
  const { int, url, str } = read;
  const channelId = str('YOUTUBE_CHANNEL_ID');
  if (channelId !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(channelId)) {
    problems.push('YOUTUBE_CHANNEL_ID: a channel id has letters, digits, - and _ only (UC… on YouTube)');
  }
  const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);
  const clientId = str('YOUTUBE_OAUTH_CLIENT_ID');
  const clientSecret = str('YOUTUBE_OAUTH_CLIENT_SECRET');
  if ((clientId === null) !== (clientSecret === null)) {
    problems.push('YOUTUBE_OAUTH_CLIENT_ID and YOUTUBE_OAUTH_CLIENT_SECRET: set both or neither');
  }
  const authUrl = url('YOUTUBE_OAUTH_AUTH_URL', ['http:', 'https:']) ?? 'https://accounts.google.com/o/oauth2/v2/auth';
  const tokenUrl = url('YOUTUBE_OAUTH_TOKEN_URL', ['http:', 'https:']) ?? 'https://oauth2.googleapis.com/token';
  const tokenKey = parseKey(str('YOUTUBE_TOKEN_KEY'), problems);
  if (clientId !== null && clientSecret !== null && tokenKey === null && !problems.some((p) => p.startsWith('YOUTUBE_TOKEN_KEY'))) {
    problems.push('YOUTUBE_TOKEN_KEY: required with YOUTUBE_OAUTH_CLIENT_ID, to store the refresh token encrypted (64 hex digits: `openssl rand -hex 32`)');
  }
  const dailyUnits = int('YOUTUBE_DAILY_UNITS', 10_000, 1, 100_000_000);
  const syncReserveUnits = int('YOUTUBE_SYNC_RESERVE_UNITS', Math.min(1000, dailyUnits), 0, 100_000_000);
  if (syncReserveUnits > dailyUnits) problems.push('YOUTUBE_SYNC_RESERVE_UNITS: must not exceed YOUTUBE_DAILY_UNITS');
  return {
    apiKey: str('YOUTUBE_API_KEY'),
    channelId,
    apiRoot: withSlash(url('YOUTUBE_API_ROOT', ['http:', 'https:']) ?? 'https://youtube.googleapis.com/'),
    dailyUnits,
    syncReserveUnits,
    syncIntervalMinutes: int('YOUTUBE_SYNC_MINUTES', 15, 0, 7 * 24 * 60),
    fullSyncHours: int('YOUTUBE_FULL_SYNC_HOURS', 24, 1, 24 * 365),
    oauth: clientId !== null && clientSecret !== null ? { clientId, clientSecret, authUrl, tokenUrl } : null,
    tokenKey
  };
}

/** A 32-byte key as 64 hex digits or base64; null when unset. */
function parseKey(raw: string | null, problems: string[]): Buffer | null {
  if (raw === null) return null;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64') : null;
  if (!key || key.length !== 32) {
    problems.push('YOUTUBE_TOKEN_KEY: expected 32 bytes as 64 hex digits or base64 (`openssl rand -hex 32`)');
    return null;
  }
  return key;
}
