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
    const req = http.request(`${t.baseUrl}${uploadPath}`, {
      method: 'PATCH',
      headers: {
        cookie: p.cookie,
        'x-csrf-token': p.csrf!,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(bytes.length)
      }
    });
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

test('two uploads begun into one draft: the first to finish is its file, the second gets 409', async () => {
  const id = await createDraft(t, p);
  const bytes = tinyMp4(dir);
  const paths = [];
  for (const name of ['tab1.mp4', 'tab2.mp4']) {
    const res = await tusCreate(t, p, id, name, bytes.length);
    expect(res.status).toBe(201);
    paths.push(new URL(res.headers.get('location')!, t.baseUrl).pathname);
  }
  const patch = (uploadPath: string) =>
    fetch(`${t.baseUrl}${uploadPath}`, {
      method: 'PATCH',
      headers: { cookie: p.cookie, 'x-csrf-token': p.csrf!, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(bytes)
    });
  expect((await patch(paths[0]!)).status).toBe(204);
  const second = await patch(paths[1]!);
  expect(second.status).toBe(409);
  expect(((await second.json()) as any).error.message).toMatch(/^tab2\.mp4: ".*" already has its file \(state: processing\)$/);
  expect(await runCount(t, id)).toBe(1);
  expect((await studioVideo(id)).sourceName).toBe('tab1.mp4');
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
