/**
 * `npm test` (after scripts/setup.mjs --for-tests installed what was missing):
 *   typecheck → unit → integration on PGlite → integration on PostgreSQL (when DATABASE_URL is set)
 *   → browser tests in Debian's chromium.
 * Redis: REDIS_URL, else a managed redis-server child. Every stage runs even when an earlier one
 * failed, so one run shows everything; the exit code is non-zero if any failed. The last line is
 * "N passed, N failed" over all stages.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startManagedRedis } from './lib/redis-server.ts';
import { assertRedisReachable } from '../server/redis.ts';
import { ROOT } from './lib/processes.ts';

interface StageResult {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
}

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-npm-test-'));

function stage(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): StageResult {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
  return { name, ok: r.status === 0, passed: 0, failed: r.status === 0 ? 0 : 1, skipped: 0, seconds: (Date.now() - started) / 1000 };
}

function vitestStage(name: string, project: string, env: NodeJS.ProcessEnv): StageResult {
  const out = path.join(tmp, `${name.replace(/\W+/g, '-')}.json`);
  const res = stage(name, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  try {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    res.passed = report.numPassedTests;
    res.failed = report.numFailedTests + (res.ok || report.numFailedTests ? 0 : 1);
    res.skipped = report.numPendingTests + report.numTodoTests;
    if (report.numTotalTests === 0) {
      res.ok = false;
      res.failed += 1;
      console.error(`${name}: no test ran`);
    }
  } catch {
    /* vitest crashed before reporting: counted as one failure */
  }
  return res;
}

async function main() {
  let redisUrl = process.env.REDIS_URL;
  let managed: Awaited<ReturnType<typeof startManagedRedis>> | null = null;
  if (redisUrl) await assertRedisReachable(redisUrl);
  else {
    managed = await startManagedRedis(path.join(tmp, 'redis'), { persist: false });
    redisUrl = managed.url;
  }
  const { DATABASE_URL, ...withoutDb } = process.env;
  const base = { ...withoutDb, REDIS_URL: redisUrl, NODE_ENV: 'test' };
  const results: StageResult[] = [];
  try {
    results.push(stage('typecheck: svelte-kit sync', bin('svelte-kit'), ['sync'], base));
    results.push(stage('typecheck: tsc', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], base));
    results.push(stage('typecheck: svelte-check', bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human'], base));
    results.push(vitestStage('unit', 'unit', base));
    results.push(vitestStage('integration (PGlite)', 'integration', base));
    if (DATABASE_URL) results.push(vitestStage('integration (PostgreSQL)', 'integration', { ...base, DATABASE_URL }));
    else console.log('\n(DATABASE_URL is unset: the PostgreSQL pass of the integration tests is skipped)');
    results.push(vitestStage('browser (chromium)', 'browser', base));
  } finally {
    await managed?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('\n=== summary ===');
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(30)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds.toFixed(0)} s)`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
