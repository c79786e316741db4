#!/usr/bin/env node
/**
 * The install step of `npm start` and `npm test`: whatever is missing gets installed.
 * Plain JavaScript with no dependencies, because it runs before `npm install` has.
 *   - npm packages (npm ci, or npm install when there is no lock file)
 *   - Debian packages: ffmpeg, redis-server (unless REDIS_URL), fonts-noto-core, and chromium (tests)
 *     through apt-get when root, else the exact command is printed and we stop
 *   - the SvelteKit pages (vite build) when the build is missing or older than the sources
 * Usage: node scripts/setup.mjs [--for-tests]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--for-tests');
const say = (msg) => console.log(`[setup] ${msg}`);

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`[setup] Node ${process.versions.node} is too old: Efir needs Node >= 20.19`);
    process.exit(1);
  }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

function npmPackages() {
  const lock = path.join(root, 'package-lock.json');
  // npm writes this copy of the lock file into node_modules when it installs: older than the lock
  // file (a pull that changed the packages) or missing means node_modules is out of date.
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const stale = !fs.existsSync(installed) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs + 1000);
  if (!stale) return;
  say('installing npm packages');
  // Exactly the versions of the lock file, as deployments and CI images install them.
  run('npm', fs.existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

function ffmpegStaticBinary() {
  try {
    const p = path.join(root, 'node_modules', 'ffmpeg-static', 'ffmpeg');
    return fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function debianPackages() {
  const missing = [];
  const hasFfmpeg = process.env.FFMPEG_PATH ? fs.existsSync(process.env.FFMPEG_PATH) : onPath('ffmpeg') || ffmpegStaticBinary();
  // ffprobe is needed too, and ffmpeg-static ships no ffprobe: Debian's package has both.
  if (!hasFfmpeg || (!process.env.FFMPEG_PATH && !onPath('ffprobe'))) missing.push('ffmpeg');
  if (!process.env.REDIS_URL && !onPath('redis-server')) missing.push('redis-server');
  if (!fs.existsSync('/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf')) missing.push('fonts-noto-core');
  if (forTests && !fs.existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!missing.length) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`[setup] missing system packages: ${missing.join(', ')}. Install them as root:\n\n  sudo sh -c '${cmd}'\n`);
    process.exit(1);
  }
  say(`installing ${missing.join(', ')} with apt-get`);
  run('sh', ['-c', cmd], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function pages() {
  const handler = path.join(root, 'build', 'handler.js');
  // The pages bundle what web/ imports from server/, config/, jobs/ and media/ too (errors, views, guards).
  const inputs = ['web', 'media', 'server', 'config', 'jobs'].map((d) => path.join(root, d));
  const newestInput = Math.max(
    ...inputs.map(newestMtime),
    ...['svelte.config.js', 'vite.config.ts', 'package-lock.json'].map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0))
  );
  if (fs.existsSync(handler) && fs.statSync(handler).mtimeMs >= newestInput) return;
  say('building the pages (vite build)');
  run(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn']);
}

checkNode();
debianPackages();
npmPackages();
pages();
try {
  execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
} catch {
  /* FFMPEG_PATH or ffmpeg-static will be used; media/ffmpeg.ts reports a missing binary clearly */
}
