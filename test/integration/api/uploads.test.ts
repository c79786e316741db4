/**
 * Video files over tus (/api/uploads/): resumable after a dropped connection, the size limit from
 * config, and the probe that refuses a file that is not a usable video before any job is queued.
 * No media worker runs here: a good upload only has to queue its run.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { tempDir } from '../../helpers/env.ts';
import { api, audioOnly, clipMp4, createDraft, runCount, signIn, tinyMp4, tusCreate, tusOffset, upload, type Session } from './helpers.ts';

const LIMIT = 512 * 1024;
let t: TestEfir;
let p: Session;
let dir: string;
beforeAll(async () => {
  t = await startTestEfir({ worker: false, env: { UPLOAD_MAX_BYTES: String(LIMIT) } });
  p = await signIn(t, 'producer');
  dir = tempDir('efir-upload-fixtures-');
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const studioVideo = async (id: string) => (await api(t, p, 'GET', `/api/studio/videos/${id}`)).body;
const sourceFiles = (id: string) => {
  const d = path.join(t.efir.paths.sources, id);
  return fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.startsWith('source.')) : [];
};

test('a good file moves to sources/<id>/, is probed, and its run is queued', async () => {
  const id = await createDraft(t, p);
  const bytes = tinyMp4(dir);
  const res = await upload(t, p, id, 'lesson 1.mp4', bytes);
  expect(res).toMatchObject({ ok: true });
  expect(fs.readFileSync(path.join(t.efir.paths.sources, id, 'source.mp4')).equals(bytes)).toBe(true);
  const v = await studioVideo(id);
  expect(v).toMatchObject({ state: 'processing', sourceName: 'lesson 1.mp4', sourceSize: bytes.length, width: 160, height: 120 });
  expect(v.duration).toBeCloseTo(1, 0);
  expect(v.run).toMatchObject({ kind: 'full', state: 'queued' });
  expect(await runCount(t, id)).toBe(1);
  // Nothing of the upload is left behind in uploads/.
  expect(fs.readdirSync(t.efir.paths.uploads).filter((f) => f.startsWith(id))).toEqual([]);

  // One file per video: a second upload into it is refused.
  const again = await upload(t, p, id, 'other.mp4', bytes);
  expect(again.status).toBe(409);
  expect(JSON.parse(again.body).error.message).toMatch(/already has its file/);
});

test('an upload resumes after a dropped connection: HEAD gives the offset, PATCH sends the rest', async () => {
  const id = await createDraft(t, p);
  const bytes = clipMp4(dir, 2);
  expect(bytes.length).toBeGreaterThan(20_000);
  const created = await tusCreate(t, p, id, 'dropped.mp4', bytes.length);
  expect(created.status).toBe(201);
  const uploadPath = new URL(created.headers.get('location')!, t.baseUrl).pathname;
  expect(uploadPath).toMatch(new RegExp(`^/api/uploads/${id}-[0-9a-f]+$`));

  // Announce the whole file, send half of it, then cut the connection like a phone losing signal.
  const half = Math.floor(bytes.length / 2);
  await new Promise<void>((resolve) => {
    const req = rawPatch(t, p, uploadPath, bytes.length);
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(bytes.subarray(0, half), () => setTimeout(() => req.destroy(), 300));
  });

  // The server keeps what arrived (all of it or part; never more than was sent).
  let offset = -1;
  for (let i = 0; i < 50; i++) {
    offset = await tusOffset(t, p, uploadPath).catch(() => -1);
    if (offset > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(offset).toBeGreaterThan(0);
  expect(offset).toBeLessThanOrEqual(half);
  expect(await runCount(t, id)).toBe(0);

  const rest = await fetch(`${t.baseUrl}${uploadPath}`, {
    method: 'PATCH',
    headers: {
      cookie: p.cookie,
      'x-csrf-token': p.csrf!,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream'
    },
    body: new Uint8Array(bytes.subarray(offset))
  });
  expect(rest.status).toBe(204);
  expect(fs.readFileSync(path.join(t.efir.paths.sources, id, 'source.mp4')).equals(bytes)).toBe(true);
  expect((await studioVideo(id)).state).toBe('processing');
  expect(await runCount(t, id)).toBe(1);
});

test('tus-js-client resumes an interrupted upload from the server offset', async () => {
  const id = await createDraft(t, p);
  const bytes = clipMp4(dir, 2);
  // First attempt: small chunks, aborted after the first one is acknowledged.
  const first = await new Promise<string>((resolve, reject) => {
    import('tus-js-client').then(({ Upload }) => {
      const u = new Upload(bytes, {
        endpoint: `${t.baseUrl}/api/uploads/`,
        metadata: { videoId: id, filename: 'phone.mp4' },
        headers: { cookie: p.cookie, 'x-csrf-token': p.csrf! },
        chunkSize: 8 * 1024,
        retryDelays: null,
        storeFingerprintForResuming: false,
        onChunkComplete: () => {
          void u.abort().then(() => resolve(u.url!));
        },
        onError: reject
      });
      u.start();
    }, reject);
  });
  const offset = await tusOffset(t, p, new URL(first).pathname);
  expect(offset).toBe(8 * 1024);
  // Second attempt, as after a page reload: the same upload URL, the rest of the bytes.
  const res = await upload(t, p, id, 'phone.mp4', bytes, { uploadUrl: first });
  expect(res).toMatchObject({ ok: true });
  expect(fs.readFileSync(path.join(t.efir.paths.sources, id, 'source.mp4')).equals(bytes)).toBe(true);
});

test('one upload at a time per draft: a second is refused until the first is cancelled, and the first to finish is its file', async () => {
  const id = await createDraft(t, p);
  const bytes = tinyMp4(dir);
  const first = await tusCreate(t, p, id, 'tab1.mp4', bytes.length);
  expect(first.status).toBe(201);
  const second = await tusCreate(t, p, id, 'tab2.mp4', bytes.length);
  expect(second.status).toBe(409);
  expect(((await second.json()) as any).error).toMatchObject({ code: 'upload_in_progress', file: 'tab2.mp4' });

  // Cancelling the first (tus termination) frees the draft for another.
  const firstPath = new URL(first.headers.get('location')!, t.baseUrl).pathname;
  const cancel = await fetch(`${t.baseUrl}${firstPath}`, { method: 'DELETE', headers: { cookie: p.cookie, 'x-csrf-token': p.csrf!, 'tus-resumable': '1.0.0' } });
  expect(cancel.status).toBe(204);
  expect(await upload(t, p, id, 'tab2.mp4', bytes)).toMatchObject({ ok: true });
  expect(await runCount(t, id)).toBe(1);
  expect((await studioVideo(id)).sourceName).toBe('tab2.mp4');
  const again = await tusCreate(t, p, id, 'tab3.mp4', bytes.length);
  expect(again.status).toBe(409);
  expect(((await again.json()) as any).error.code).toBe('has_file');
});

test('an upload that received nothing for an hour gives way to a new one into its draft', async () => {
  const id = await createDraft(t, p);
  const old = await tusCreate(t, p, id, 'forgotten.mp4', 1000);
  expect(old.status).toBe(201);
  const oldPath = new URL(old.headers.get('location')!, t.baseUrl).pathname;
  // Its browser forgot it: no byte for over an hour (the file's modification time says when the last came).
  const file = path.join(t.efir.paths.uploads, path.basename(oldPath));
  const longAgo = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(file, longAgo, longAgo);
  expect(await upload(t, p, id, 'again.mp4', tinyMp4(dir))).toMatchObject({ ok: true });
  expect(fs.existsSync(file)).toBe(false);
  const head = await fetch(`${t.baseUrl}${oldPath}`, { method: 'HEAD', headers: { cookie: p.cookie, 'tus-resumable': '1.0.0' } });
  expect(head.status).toBe(404);
});

test('a file over UPLOAD_MAX_BYTES is refused with 413 before any byte is stored', async () => {
  const id = await createDraft(t, p);
  const res = await tusCreate(t, p, id, 'huge.mov', LIMIT + 1);
  expect(res.status).toBe(413);
  const body = (await res.json()) as any;
  expect(body.error).toMatchObject({ code: 'too_large', file: 'huge.mov' });
  expect(body.error.message).toBe('huge.mov: 512 KB is over the upload limit of 512 KB');
  expect(fs.readdirSync(t.efir.paths.uploads).filter((f) => f.startsWith(id))).toEqual([]);

  // tus-js-client sees the same answer.
  const viaClient = await upload(t, p, id, 'huge.mov', Buffer.alloc(LIMIT + 10));
  expect(viaClient.status).toBe(413);
  expect(JSON.parse(viaClient.body).error.message).toMatch(/over the upload limit of 512 KB/);
  expect((await studioVideo(id)).state).toBe('uploading');
});

describe('a file that is not a usable video is refused at once, naming the file and the problem', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const cases: [string, string, () => Buffer][] = [
    ['a PDF renamed .mp4', 'manual.mp4', () => pdf],
    ['a zero-byte file', 'empty.mp4', () => Buffer.alloc(0)],
    ['a truncated MP4', 'cut.mp4', () => tinyMp4(dir).subarray(0, Math.floor(tinyMp4(dir).length / 2))],
    ['audio only', 'podcast.m4a', () => audioOnly(dir)]
  ];
  test.each(cases)('%s', async (_what, fileName, bytes) => {
    const id = await createDraft(t, p);
    const res = await upload(t, p, id, fileName, bytes());
    expect(res.status).toBe(422);
    const { error } = JSON.parse(res.body);
    expect(error.code).toBe('bad_media');
    expect(error.file).toBe(fileName);
    expect(error.message.startsWith(`${fileName}: `)).toBe(true);
    expect(error.message.length).toBeGreaterThan(fileName.length + 10);
    const v = await studioVideo(id);
    expect(v).toMatchObject({ state: 'failed', error: error.message, run: null });
    expect(await runCount(t, id)).toBe(0);
    expect(sourceFiles(id)).toEqual([]);
  });

  test('the messages say what is wrong', async () => {
    const id = await createDraft(t, p);
    const empty = JSON.parse((await upload(t, p, id, 'empty.mp4', Buffer.alloc(0))).body).error.message;
    expect(empty).toBe('empty.mp4: empty file (0 bytes)');
    const id2 = await createDraft(t, p);
    const audio = JSON.parse((await upload(t, p, id2, 'podcast.m4a', audioOnly(dir))).body).error.message;
    expect(audio).toMatch(/^podcast\.m4a: .*video/i);
  });

  test('after a refused file, the same video takes a good one', async () => {
    const id = await createDraft(t, p);
    expect((await upload(t, p, id, 'manual.mp4', pdf)).status).toBe(422);
    expect(await upload(t, p, id, 'lesson.mp4', tinyMp4(dir))).toMatchObject({ ok: true });
    expect(await studioVideo(id)).toMatchObject({ state: 'processing', error: null });
    expect(await runCount(t, id)).toBe(1);
  });
});

describe('who may upload', () => {
  test('into another producer\'s video: 404, and their upload cannot be continued', async () => {
    const other = await signIn(t, 'producer');
    const id = await createDraft(t, p);
    expect((await upload(t, other, id, 'x.mp4', tinyMp4(dir))).status).toBe(404);
    const created = await tusCreate(t, p, id, 'mine.mp4', 1000);
    const uploadPath = new URL(created.headers.get('location')!, t.baseUrl).pathname;
    const head = await fetch(`${t.baseUrl}${uploadPath}`, { method: 'HEAD', headers: { cookie: other.cookie, 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);
    const admin = await signIn(t, 'admin');
    expect(await tusOffset(t, admin, uploadPath)).toBe(0);
  });

  test('without videoId metadata: 400 naming the field', async () => {
    const res = await fetch(`${t.baseUrl}/api/uploads/`, {
      method: 'POST',
      headers: { cookie: p.cookie, 'x-csrf-token': p.csrf!, 'tus-resumable': '1.0.0', 'upload-length': '10' }
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatchObject({ field: 'videoId' });
  });

  test('into an unknown video: 404', async () => {
    expect((await tusCreate(t, p, 'NoSuchVideo', 'x.mp4', 10)).status).toBe(404);
  });
});

describe('Upload-Metadata is read once, as tus reads it', () => {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  /** A creation that carries the whole file (tus creation-with-upload), so it finishes inside the POST. */
  const createWithFile = (s: Session, metadata: string, bytes: Buffer) =>
    fetch(`${t.baseUrl}/api/uploads/`, {
      method: 'POST',
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf!,
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.length),
        'upload-metadata': metadata,
        'content-type': 'application/offset+octet-stream'
      },
      body: new Uint8Array(bytes)
    });

  test.each([
    ['a tab before the key', '\tvideoId'],
    ['a tab after the key', 'videoId\t'],
    ['the key twice', 'videoId']
  ])("another producer's videoId smuggled with %s: 400 naming the key, nothing lands in their draft", async (_what, key) => {
    const victim = await signIn(t, 'producer');
    const theirs = await createDraft(t, victim, 'Unpublished, not yours');
    const mine = await createDraft(t, p);
    // Efir's checks once read the last videoId after trimming the key, tus the exact key `videoId`.
    const metadata = `videoId ${b64(theirs)},${key} ${b64(mine)},filename ${b64('innocent.mp4')}`;
    const res = await createWithFile(p, metadata, tinyMp4(dir));
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'bad_metadata', field: key });
    for (const id of [theirs, mine]) {
      expect(await runCount(t, id)).toBe(0);
      expect(sourceFiles(id)).toEqual([]);
      expect(fs.readdirSync(t.efir.paths.uploads).filter((f) => f.startsWith(id))).toEqual([]);
    }
    expect((await api(t, victim, 'GET', `/api/studio/videos/${theirs}`)).body).toMatchObject({ state: 'uploading', sourceName: null });
  });

  test('plain metadata (videoId, filename, filetype) with the first bytes: created', async () => {
    const id = await createDraft(t, p);
    const bytes = tinyMp4(dir);
    const meta = `videoId ${b64(id)},filename ${b64('whole.mp4')},filetype ${b64('video/mp4')}`;
    const res = await fetch(`${t.baseUrl}/api/uploads/`, {
      method: 'POST',
      headers: { cookie: p.cookie, 'x-csrf-token': p.csrf!, 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': meta, 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(bytes.subarray(0, 100))
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe('100');
  });
});

test("the request that finishes an upload checks the draft's owner again", async () => {
  const id = await createDraft(t, p);
  const other = await signIn(t, 'producer');
  const bytes = clipMp4(dir, 2);
  const created = await tusCreate(t, p, id, 'late.mp4', bytes.length);
  expect(created.status).toBe(201);
  const uploadPath = new URL(created.headers.get('location')!, t.baseUrl).pathname;
  const file = path.join(t.efir.paths.uploads, path.basename(uploadPath));

  // The last PATCH passes the checks at its start; while its bytes are in flight the draft changes
  // hands (as a smuggled id or any race would leave it): the finish must not hand p the file.
  const half = Math.floor(bytes.length / 2);
  const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = rawPatch(t, p, uploadPath, bytes.length);
    req.on('error', reject);
    req.on('response', (r) => {
      let body = '';
      r.on('data', (c) => (body += c));
      r.on('end', () => resolve({ status: r.statusCode!, body }));
    });
    req.write(bytes.subarray(0, half));
    void (async () => {
      for (let i = 0; i < 200 && (fs.existsSync(file) ? fs.statSync(file).size : 0) < half; i++) await new Promise((r) => setTimeout(r, 25));
      await t.efir.db.query('update videos set owner_id = $2 where id = $1', [id, other.userId]);
      req.end(bytes.subarray(half));
    })();
  });
  expect(res.status).toBe(404);
  expect(JSON.parse(res.body).error.code).toBe('not_found');
  expect(await runCount(t, id)).toBe(0);
  expect(sourceFiles(id)).toEqual([]);
  expect(fs.existsSync(file)).toBe(false);
  expect((await api(t, other, 'GET', `/api/studio/videos/${id}`)).body).toMatchObject({ state: 'uploading', sourceName: null });
});

/**
 * A tus PATCH from offset 0 announcing `length` bytes, as a raw request the test writes (and cuts,
 * or holds) itself: fetch cannot stop half-way through a body.
 */
function rawPatch(t: TestEfir, p: Session, uploadPath: string, length: number): http.ClientRequest {
  return http.request(`${t.baseUrl}${uploadPath}`, {
    method: 'PATCH',
    headers: {
      cookie: p.cookie,
      'x-csrf-token': p.csrf!,
      'tus-resumable': '1.0.0',
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
      'content-length': String(length)
    }
  });
}
