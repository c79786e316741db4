/**
 * `npm run import` as an admin runs it: a real process, real Redis, ffmpeg and the database.
 * One good file with sibling subtitles (Tajik WebVTT, Russian in Windows-1251) and one that is not
 * a video: a JSON line each, the good one published with its master playlist on disk.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg, syntheticClipArgs } from '../../../media/index.ts';
import { freshDatabase, tempDir, testRedisUrl, uniquePrefix } from '../../helpers/env.ts';
import { ROOT } from '../../../scripts/lib/processes.ts';

const FIXTURES = path.join(ROOT, 'test/unit/subtitles/fixtures');

function runImport(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/import.ts'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run import', () => {
  let dir: string;
  let dataDir: string;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = tempDir('efir-import-src-');
    dataDir = tempDir('efir-import-data-');
    db = await freshDatabase(dataDir);
    env = {
      ...process.env,
      DATA_DIR: dataDir,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: uniquePrefix(),
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://efir.test:8080',
      ADMIN_EMAIL: 'importer@efir.test',
      ADMIN_PASSWORD: 'importer-password',
      ...(db.url ? { DATABASE_URL: db.url } : {})
    };
    if (!db.url) delete env.DATABASE_URL;
    await runFfmpeg(syntheticClipArgs(path.join(dir, 'patent-fees.mp4'), { duration: 3, width: 320, height: 240, fps: 15 }));
    fs.copyFileSync(path.join(FIXTURES, 'tg.vtt'), path.join(dir, 'patent-fees.tg.vtt'));
    fs.copyFileSync(path.join(FIXTURES, 'ru.cp1251.srt'), path.join(dir, 'patent-fees.ru.srt'));
    // Not subtitles of this video, nor a known language: both must be ignored.
    fs.copyFileSync(path.join(FIXTURES, 'en.srt'), path.join(dir, 'other.en.srt'));
    fs.copyFileSync(path.join(FIXTURES, 'en.srt'), path.join(dir, 'patent-fees.de.srt'));
    fs.writeFileSync(path.join(dir, 'notes.mp4'), 'these are meeting notes, not a video\n');
  });

  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('prints one JSON line per file: the published video, and the refused one with its reason', async () => {
    const res = await runImport([path.join(dir, 'patent-fees.mp4'), path.join(dir, 'notes.mp4')], env);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines, res.stderr).toHaveLength(2);
    expect(res.code).toBe(1); // one file failed

    const [good, bad] = lines;
    expect(good.file).toBe(path.join(dir, 'patent-fees.mp4'));
    expect(good.error).toBeUndefined();
    expect(good.watchUrl).toBe(`http://efir.test:8080/watch/${good.id}`);
    expect(path.isAbsolute(good.master)).toBe(true);
    expect(good.master.startsWith(dataDir)).toBe(true);
    const master = fs.readFileSync(good.master, 'utf8');
    expect(master).toMatch(/TYPE=SUBTITLES.*LANGUAGE="tg".*NAME="Тоҷикӣ"/);
    expect(master).toMatch(/TYPE=SUBTITLES.*LANGUAGE="ru".*NAME="Русский"/);
    expect(master).not.toMatch(/LANGUAGE="(en|de)"/);
    // The Windows-1251 file came out as readable Russian.
    const revDir = path.dirname(good.master);
    expect(fs.readFileSync(path.join(revDir, 'subs', 'ru.vtt'), 'utf8')).toMatch(/[А-Яа-я]{4,}/);
    // The original stays where the admin keeps it.
    expect(fs.existsSync(path.join(dir, 'patent-fees.mp4'))).toBe(true);

    expect(bad.file).toBe(path.join(dir, 'notes.mp4'));
    expect(bad.error).toMatch(/notes\.mp4/);
    expect(bad.id).toBeUndefined();
  });

  it('refuses to start without files, with its usage', async () => {
    const res = await runImport([], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: npm run import -- FILE/);
  });
});
