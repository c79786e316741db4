/**
 * `npm run import -- --youtube DIR` attaching a Takeout-style folder to mirrored videos: one file
 * named by YouTube id, one by its Takeout title (and duration), one whose title and duration fit two
 * videos, one that fits none, and a metadata file that is not a video. The real script runs as a
 * process beside a running Efir: with PGlite it must hand the folder to that Efir over the control
 * socket (it could not open the database: the Efir holds its lock); with PostgreSQL it opens the
 * database itself and runs its own media worker.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { tempDir } from '../../helpers/env.ts';
import { insertMirrored } from '../../helpers/mirrored.ts';
import { clipMp4, tinyMp4 } from '../api/helpers.ts';
import { ROOT } from '../../../scripts/lib/processes.ts';
import { startControlSocket, type ControlSocket } from '../../../server/backup/control.ts';
import { importOriginalsOp } from '../../../server/youtube/originals.ts';

const embedded = !process.env.DATABASE_URL;
let t: TestEfir;
let control: ControlSocket | null = null;
let dir: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  // With PGlite the running Efir's worker processes the files; with PostgreSQL the script brings its own.
  t = await startTestEfir({ worker: embedded });
  if (embedded) {
    control = await startControlSocket({ dataDir: t.dataDir, db: t.efir.db, log: t.efir.log, ops: { 'import-youtube': importOriginalsOp(t.efir) } });
  }
  await t.efir.auth.createUser({ email: 'importer@efir.test', displayName: 'Importer', role: 'admin', password: 'importer password 1' });
  ids.byId = await insertMirrored(t.efir.db, { youtubeId: 'dQw4w9WgXcQ', title: 'Как получить патент', duration: 300 });
  ids.byTitle = await insertMirrored(t.efir.db, { youtubeId: 'aaaaaaaaaa1', title: 'Патент: продление?', duration: 2 });
  ids.sameTitleOther = await insertMirrored(t.efir.db, { youtubeId: 'aaaaaaaaaa4', title: 'Патент: продление?', duration: 600 });
  ids.twinA = await insertMirrored(t.efir.db, { youtubeId: 'aaaaaaaaaa2', title: 'Вопросы и ответы', duration: 1 });
  ids.twinB = await insertMirrored(t.efir.db, { youtubeId: 'aaaaaaaaaa3', title: 'Вопросы и ответы', duration: 1 });

  dir = tempDir('efir-takeout-');
  const videos = path.join(dir, 'Takeout', 'YouTube and YouTube Music', 'videos');
  fs.mkdirSync(videos, { recursive: true });
  fs.writeFileSync(path.join(videos, 'Talk for the archive [dQw4w9WgXcQ].mp4'), tinyMp4(dir));
  fs.writeFileSync(path.join(videos, 'Патент_ продление_.mp4'), clipMp4(dir, 2));
  fs.writeFileSync(path.join(videos, 'Вопросы и ответы.mp4'), tinyMp4(dir));
  fs.writeFileSync(path.join(videos, 'Never on the channel.mp4'), tinyMp4(dir));
  fs.writeFileSync(path.join(dir, 'Takeout', 'videos.csv'), 'Video ID,Title\n');
  for (const f of ['tiny.mp4', 'clip2.mp4']) fs.rmSync(path.join(dir, f), { force: true });
});

afterAll(async () => {
  await control?.close();
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function runImport(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...t.env, LOG_LEVEL: 'warn' };
  if (embedded) delete env.DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/import.ts'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('each file: matched by id, by title and duration, or refused with the reason; matched ones processed', async () => {
  const res = await runImport(['--youtube', dir]);
  const lines = res.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; id?: string; youtubeId?: string; error?: string });
  expect(lines, res.stderr).toHaveLength(4);
  expect(res.code).toBe(1);
  const of = (name: string) => lines.find((l) => path.basename(l.file) === name)!;

  expect(of('Talk for the archive [dQw4w9WgXcQ].mp4')).toEqual({ file: expect.stringContaining('videos/'), id: ids.byId, youtubeId: 'dQw4w9WgXcQ' });
  expect(of('Патент_ продление_.mp4')).toEqual({ file: expect.any(String), id: ids.byTitle, youtubeId: 'aaaaaaaaaa1' });
  expect(of('Вопросы и ответы.mp4').error).toMatch(/matches 2 mirrored videos .*aaaaaaaaaa2, aaaaaaaaaa3/);
  expect(of('Вопросы и ответы.mp4').id).toBeUndefined();
  expect(of('Never on the channel.mp4').error).toMatch(/no mirrored video has this title/);

  for (const key of ['byId', 'byTitle']) {
    const v = (await t.efir.videos.get(ids[key]!))!;
    expect(v).toMatchObject({ state: 'ready', origin: 'youtube' });
    expect(v.currentRev).not.toBeNull();
    expect(v.publishedAt).not.toBeNull();
    expect(fs.existsSync(path.join(t.efir.paths.media, v.id, String(v.currentRev), 'master.m3u8'))).toBe(true);
  }
  for (const key of ['sameTitleOther', 'twinA', 'twinB']) {
    expect(await t.efir.videos.get(ids[key]!)).toMatchObject({ state: 'ready', currentRev: null, sourcePath: null });
  }
  // The folder is left as it was.
  expect(fs.existsSync(path.join(dir, 'Takeout', 'YouTube and YouTube Music', 'videos', 'Патент_ продление_.mp4'))).toBe(true);

  // Again: the matched videos have their originals now, and say so.
  const again = await runImport(['--youtube', dir]);
  const second = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: string });
  expect(second.find((l) => l.file.endsWith('[dQw4w9WgXcQ].mp4'))?.error, again.stderr).toMatch(/already has its original/);
});

test('a folder that does not exist is refused', async () => {
  const res = await runImport(['--youtube', path.join(dir, 'nowhere')]);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/nowhere: no such folder/);
});
