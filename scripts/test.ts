/**
 * `npm test` (after scripts/setup.mjs --for-tests installed what was missing):
 *   typecheck (tsc and svelte-check side by side) → unit → integration on PGlite and, side by side
 *   with it, on PostgreSQL (when DATABASE_URL is set) → browser tests in Debian's chromium.
 * Redis: REDIS_URL, else a managed redis-server child. Every stage runs even when an earlier one
 * failed, so one run shows everything; the exit code is non-zero if any failed. The last line is
 * "N passed, N failed" over all stages.
 *
 * Side by side, because the suite has to fit its budget on 2 cores: tsc and svelte-check are one
 * core each; an integration pass leaves much of the machine idle, waiting (real-time RTMP
 * publishing, grace periods, timers, `npm start`'s children starting). The two integration passes
 * cannot see each other: every test Efir has its own data folder, queue prefix (its Redis keys),
 * database (a PGlite copy or a fresh PostgreSQL database) and free ports. The PostgreSQL pass runs
 * its files in the reverse order (vitest.config.ts, EFIR_TEST_ORDER), so each pass's slowest files
 * (the RTMP ingest, `npm start`) meet the other's quickest rather than each other. The stages beside
 * the first keep their output until the first has finished, then print it as blocks, so the log reads
 * stage by stage. EFIR_TEST_SERIAL=1 runs every stage alone, one after the other (to tell a
 * timing problem from a real one).
 */
import { spawn } from 'node:child_process';
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

interface Stage {
  name: string;
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** vitest's JSON report, where the stage's test counts are read. */
  report?: string;
}

interface RunningStage {
  result: Promise<StageResult>;
  /** Prints the stage's heading and what it wrote so far, then passes the rest straight through. */
  show(): void;
}

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-npm-test-'));
const serial = Boolean(process.env.EFIR_TEST_SERIAL);

function command(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Stage {
  return { name, cmd: bin(cmd), args, env };
}

function vitest(name: string, project: string, env: NodeJS.ProcessEnv, extra: string[] = []): Stage {
  const report = path.join(tmp, `${name.replace(/\W+/g, '-')}.json`);
  return { name, cmd: bin('vitest'), args: ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], env, report };
}

/**
 * Files that would test nothing new on a second database, so with two integration passes they run
 * in one: test/integration/media/ runs ffmpeg (and Redis) only, never a database; the others are
 * about worker processes, BullMQ's retries and the RTMP protocol, and the few statements they reach
 * (a run's rows, a publish) are the ones pipeline/full-run and the api tests run on both. They go to
 * the PostgreSQL pass, the shorter one, so the two passes side by side end together (the PGlite pass
 * was four minutes longer). Without DATABASE_URL the PGlite pass is the only one and runs them all.
 * (scripts/stop.test.ts stays in the PGlite pass: stopping a web process that holds PGlite is the
 * case of its own.)
 */
const ONE_DATABASE_IS_ENOUGH = [
  'test/integration/media/**',
  'test/integration/live/rtmp.test.ts',
  'test/integration/pipeline/retry.test.ts',
  'test/integration/pipeline/worker-restart.test.ts',
  'test/integration/pipeline/worker-stop-grace.test.ts'
];
const excluding = (globs: string[]) => globs.flatMap((glob) => ['--exclude', glob]);
/** The PostgreSQL pass leaves this one to the PGlite pass, where it is the case of its own. */
const PGLITE_ONLY = ['test/integration/scripts/stop.test.ts'];

/** Reads vitest's JSON report into the stage's counts. */
function countTests(res: StageResult, report: string): StageResult {
  try {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    res.passed = r.numPassedTests;
    res.failed = r.numFailedTests + (res.ok || r.numFailedTests ? 0 : 1);
    res.skipped = r.numPendingTests + r.numTodoTests;
    if (r.numTotalTests === 0) {
      res.ok = false;
      res.failed += 1;
      console.error(`${res.name}: no test ran`);
    }
  } catch {
    /* vitest crashed before reporting: counted as one failure */
  }
  return res;
}

/**
 * Starts a stage without waiting for it (spawnSync would stop this process from reading the other
 * stage's pipes). Shown from the start, it writes to the terminal itself, as a stage alone always
 * did; otherwise its output (stdout and stderr, in the order written) is kept until show(). Its
 * seconds are its own, start to exit.
 */
function start(stage: Stage, shownFromStart: boolean): RunningStage {
  if (shownFromStart) console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  // Piped, vitest and svelte-check would drop their colours; keep them for a person at a terminal.
  const colour = process.stdout.isTTY && stage.env.NO_COLOR === undefined && stage.env.FORCE_COLOR === undefined ? { FORCE_COLOR: '1' } : {};
  const child = spawn(stage.cmd, stage.args, {
    cwd: ROOT,
    env: shownFromStart ? stage.env : { ...stage.env, ...colour },
    stdio: shownFromStart ? 'inherit' : ['ignore', 'pipe', 'pipe']
  });
  const held: { to: NodeJS.WriteStream; data: Buffer | string }[] = [];
  let shown = shownFromStart;
  const write = (to: NodeJS.WriteStream) => (data: Buffer | string) => (shown ? to.write(data) : held.push({ to, data }));
  child.stdout?.on('data', write(process.stdout));
  child.stderr?.on('data', write(process.stderr));
  const result = new Promise<StageResult>((resolve) => {
    child.once('error', (err) => write(process.stderr)(`${stage.name}: ${err.message}\n`));
    child.once('close', (code) => {
      const res = { name: stage.name, ok: code === 0, passed: 0, failed: code === 0 ? 0 : 1, skipped: 0, seconds: (Date.now() - started) / 1000 };
      resolve(stage.report ? countTests(res, stage.report) : res);
    });
  });
  return {
    result,
    show() {
      if (shown) return;
      console.log(`\n=== ${stage.name} === (ran side by side with the stage above)`);
      for (const { to, data } of held.splice(0)) to.write(data);
      shown = true;
    }
  };
}

/** One stage alone. */
async function run(stage: Stage): Promise<StageResult[]> {
  return [await start(stage, true).result];
}

/**
 * One stage beside a chain of others run one after another (all in turn with EFIR_TEST_SERIAL); the
 * chain's output follows the first stage's. A pair is a chain of one.
 */
async function alongside(first: Stage, chain: Stage[]): Promise<StageResult[]> {
  if (serial) {
    const results: StageResult[] = [];
    for (const stage of [first, ...chain]) results.push(...(await run(stage)));
    return results;
  }
  const a = start(first, true);
  let firstDone = false;
  const started: RunningStage[] = [];
  const chained = (async () => {
    const results: StageResult[] = [];
    for (const stage of chain) {
      const running = start(stage, false);
      started.push(running);
      if (firstDone) running.show();
      results.push(await running.result);
    }
    return results;
  })();
  const firstResult = await a.result;
  firstDone = true;
  // The finished ones print whole, in order; the one still running goes on straight to the terminal.
  for (const running of started) running.show();
  return [firstResult, ...(await chained)];
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
    // tsc and svelte-check read the types svelte-kit sync writes.
    results.push(...(await run(command('typecheck: svelte-kit sync', 'svelte-kit', ['sync'], base))));
    results.push(
      ...(await alongside(
        command('typecheck: tsc', 'tsc', ['--noEmit', '-p', 'tsconfig.json'], base),
        [command('typecheck: svelte-check', 'svelte-check', ['--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human'], base)]
      ))
    );
    results.push(...(await run(vitest('unit', 'unit', base))));
    if (DATABASE_URL) {
      const pglite = vitest('integration (PGlite)', 'integration', base, excluding(ONE_DATABASE_IS_ENOUGH));
      const postgres = vitest('integration (PostgreSQL)', 'integration', { ...base, DATABASE_URL, EFIR_TEST_ORDER: 'reverse' }, excluding(PGLITE_ONLY));
      results.push(...(await alongside(pglite, [postgres])));
    } else {
      results.push(...(await run(vitest('integration (PGlite)', 'integration', base))));
      console.log('\n(DATABASE_URL is unset: the PostgreSQL pass of the integration tests is skipped)');
    }
    // Alone: beside an integration pass the pages hydrate late enough for the studio's browser tests to
    // time out or take a full page load (tried: it saved no time on 2 cores and made them flaky).
    results.push(...(await run(vitest('browser (chromium)', 'browser', base))));
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
