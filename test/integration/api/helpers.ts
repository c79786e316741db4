/**
 * Shared by the API tests: accounts and sessions over HTTP, tiny media files made with ffmpeg, tus
 * uploads with tus-js-client, and a fake published revision written straight to disk and database.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';

type TusOptions = ConstructorParameters<typeof tus.Upload>[1];
import type { TestEfir } from '../../helpers/harness.ts';
import type { Role } from '../../../server/repositories/users.ts';

export interface Session {
  cookie: string;
  csrf: string | null;
  userId: string | null;
}

export const PASSWORD = 'correct horse battery';

/** The cookies a response sets, as one Cookie header value. */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** An anonymous browser: no session, only the signed viewer cookie the server hands out. */
export async function viewer(t: TestEfir): Promise<Session> {
  const res = await fetch(`${t.baseUrl}/api/auth/me`);
  const cookie = cookiesOf(res);
  if (!cookie.includes('efir_viewer=')) throw new Error('no viewer cookie');
  return { cookie, csrf: null, userId: null };
}

let counter = 0;

/** Creates an account and signs it in through the API. */
export async function signIn(t: TestEfir, role: Role): Promise<Session> {
  const email = `${role}${++counter}-${Date.now()}@example.test`;
  const user = await t.efir.auth.createUser({ email, displayName: `${role} ${counter}`, role, password: PASSWORD });
  const res = await fetch(`${t.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD })
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: cookiesOf(res), csrf: body.csrfToken, userId: user.id };
}

/** A JSON API call as this session, with its CSRF token. */
export async function api(
  t: TestEfir,
  s: Session | null,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: any; headers: Headers }> {
  const h: Record<string, string> = { ...headers };
  if (s) h.cookie = s.cookie;
  if (s?.csrf) h['x-csrf-token'] = s.csrf;
  let payload: BodyInit | undefined;
  if (body instanceof Uint8Array) payload = new Uint8Array(body); // a copy backed by a plain ArrayBuffer, as BodyInit wants
  else if (body !== undefined) {
    h['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${t.baseUrl}${url}`, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export async function createDraft(t: TestEfir, s: Session, title = 'A test video'): Promise<string> {
  const res = await api(t, s, 'POST', '/api/studio/videos', { title, description: 'made by a test' });
  if (res.status !== 201) throw new Error(`createDraft: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const fixtures = new Map<string, Buffer>();

function ffmpeg(args: string[], out: string): Buffer {
  execFileSync(process.env.FFMPEG_PATH || 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, out]);
  return fs.readFileSync(out);
}

/** A one-second 160x120 H.264/AAC MP4 (moov at the end, as ffmpeg writes it without faststart). */
export function tinyMp4(dir: string): Buffer {
  const key = 'mp4';
  if (!fixtures.has(key)) {
    fixtures.set(
      key,
      ffmpeg(
        ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
         '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
        path.join(dir, 'tiny.mp4')
      )
    );
  }
  return fixtures.get(key)!;
}

/** One second of a sine tone in an M4A (no video stream). */
export function audioOnly(dir: string): Buffer {
  return ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '1', '-c:a', 'aac', '-f', 'mp4'], path.join(dir, 'tone.m4a'));
}

export interface UploadResult {
  ok: boolean;
  /** HTTP status of the failing response, when not ok */
  status: number | null;
  /** Body of the failing response */
  body: string;
  url: string | null;
}

export function tusOptions(t: TestEfir, s: Session, videoId: string, fileName: string, extra: Partial<TusOptions> = {}): TusOptions {
  return {
    endpoint: `${t.baseUrl}/api/uploads/`,
    metadata: { videoId, filename: fileName },
    headers: { cookie: s.cookie, ...(s.csrf ? { 'x-csrf-token': s.csrf } : {}) },
    retryDelays: null,
    storeFingerprintForResuming: false,
    ...extra
  };
}

/** Uploads bytes over tus and reports how it ended (never throws for HTTP errors). */
export function upload(t: TestEfir, s: Session, videoId: string, fileName: string, bytes: Buffer, extra: Partial<TusOptions> = {}): Promise<UploadResult> {
  return new Promise((resolve) => {
    const u: tus.Upload = new tus.Upload(bytes, {
      ...tusOptions(t, s, videoId, fileName, extra),
      onSuccess: () => resolve({ ok: true, status: null, body: '', url: u.url }),
      onError: (err) => {
        const res = (err as tus.DetailedError).originalResponse;
        resolve({ ok: false, status: res?.getStatus() ?? null, body: res?.getBody() ?? String(err), url: u.url });
      }
    });
    u.start();
  });
}

/**
 * A complete published revision without the worker: the files a real one has (tiny stand-ins) and
 * the database row pointing at it.
 */
export async function fakePublishedRevision(t: TestEfir, videoId: string, rev = 1, opts: { published?: boolean } = {}): Promise<string> {
  const dir = path.join(t.efir.paths.media, videoId, String(rev));
  const files: Record<string, string | Buffer> = {
    'master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\nvideo/360p/index.m3u8\n',
    'video/360p/index.m3u8': '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg0.ts\n#EXT-X-ENDLIST\n',
    'video/360p/seg0.ts': Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256)),
    'video/360p/init.mp4': Buffer.alloc(64, 1),
    'video/360p/seg1.m4s': Buffer.alloc(64, 2),
    'subs/ru.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\nПривет\n',
    'subs/uz.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\nSalom\n',
    'subs/ru.m3u8': '#EXTM3U\n',
    'poster.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0xff, 0xd9]),
    'sprite.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    'sprite.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\nsprite.jpg#xywh=0,0,160,90\n'
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  await t.efir.db.query(
    `update videos set state = 'ready', current_rev = $2, duration = 4, width = 640, height = 360,
            published_at = case when $3 then now() else null end where id = $1`,
    [videoId, rev, opts.published !== false]
  );
  return dir;
}

/** How many processing runs the video has (0: nothing was queued). */
export async function runCount(t: TestEfir, videoId: string): Promise<number> {
  const [r] = await t.efir.db.query<{ n: number }>('select count(*) as n from processing_runs where video_id = $1', [videoId]);
  return r!.n;
}

/** Creates a tus upload by hand (POST) and returns its URL path; for tests that drive the protocol themselves. */
export async function tusCreate(t: TestEfir, s: Session, videoId: string, fileName: string, length: number): Promise<Response> {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  return fetch(`${t.baseUrl}/api/uploads/`, {
    method: 'POST',
    headers: {
      cookie: s.cookie,
      ...(s.csrf ? { 'x-csrf-token': s.csrf } : {}),
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      'upload-metadata': `videoId ${b64(videoId)},filename ${b64(fileName)}`
    }
  });
}

/** HEAD of a tus upload: how many bytes the server has. */
export async function tusOffset(t: TestEfir, s: Session, uploadPath: string): Promise<number> {
  const res = await fetch(`${t.baseUrl}${uploadPath}`, { method: 'HEAD', headers: { cookie: s.cookie, 'tus-resumable': '1.0.0' } });
  if (res.status !== 200) throw new Error(`HEAD ${uploadPath}: ${res.status}`);
  return Number(res.headers.get('upload-offset'));
}

/**
 * A request exactly as written (no URL normalisation, unlike fetch, which resolves `../`), for
 * path-traversal tests.
 */
export function rawGet(t: TestEfir, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.baseUrl}/`, { method: 'GET', path: rawPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A 320x240 H.264/AAC clip of `seconds` (lavfi), for uploads that need some bytes or a real run. */
export function clipMp4(dir: string, seconds = 2): Buffer {
  const key = `clip${seconds}`;
  if (!fixtures.has(key)) {
    fixtures.set(
      key,
      ffmpeg(
        ['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25`, '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100',
         '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '50', '-c:a', 'aac', '-shortest'],
        path.join(dir, `clip${seconds}.mp4`)
      )
    );
  }
  return fixtures.get(key)!;
}
