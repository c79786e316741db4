/**
 * npm run bench:search -- [--videos 10000] [--pglite-videos N] [--repeat 30] [--db both|postgres|pglite] [--keep]
 *
 * Search (issue 14) over a synthetic library: `--videos` published videos with six subtitle tracks
 * each, 12–22 cues a track (17 on average: 10,000 videos ≈ 1M cues), text in each language built from
 * its real words with Zipf-like frequencies (scripts/bench/search/corpus.ts); titles in Russian, one in
 * five only in Uzbek. Per database, one Efir in this process (PostgreSQL: a new database beside
 * DATABASE_URL's, dropped at the end; PGlite: a temporary DATA_DIR, removed at the end):
 *   1. raw load of the rows with 009's search triggers off; 2. the index built through those
 *      triggers (every track re-saved); 3. `reindex table search_cues` (the indexes in bulk), then
 *      the sizes of search_cues and its indexes, then `vacuum analyze` (planner statistics)
 *      — see search/load.ts for why three steps;
 *   4. the query mix (search/queries.ts) through the real SearchService, scope library, each query
 *      warmed up twice then asked `--repeat` times, the queries interleaved; p50/p95 per kind and
 *      overall; EXPLAIN (ANALYZE, BUFFERS) of every statement of the slowest query (and of every kind
 *      over the target) goes to stderr and to a file in the temp folder (its path is logged), and every
 *      query's statements as sent, with their parameters, to <that file>.jsonl.
 *   5. the upload path: a tenth more videos written with the triggers on (rows and versions in one
 *      transaction, as uploads write them), then the query mix again without a vacuum: the GIN
 *      indexes' pending lists now hold the uploads' entries, as between two autovacuums (and always
 *      on PGlite, which has none).
 * Both databases when DATABASE_URL is set (PostgreSQL first), else PGlite only; `--pglite-videos`
 * gives PGlite a smaller library when its full-size run does not fit the time at hand.
 * Targets: p95 ≤ 50 ms on PostgreSQL, ≤ 100 ms on PGlite; the build (step 2) < 5 min on PostgreSQL.
 * Logs on stderr; the last line on stdout is one JSON object with every figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../../config/index.ts';
import { createEfir, type Efir } from '../../server/context.ts';
import type { Queryable } from '../../server/db/index.ts';
import { freshDatabase } from '../../test/helpers/env.ts';
import { chooseRedis } from '../lib/redis-choice.ts';
import { numberOption, stringOption } from './options.ts';
import { loadCorpus } from './search/corpus.ts';
import { buildThroughTriggers, loadLibrary, searchTriggers, setTriggers, sizes } from './search/load.ts';
import { pickQueries, stats, type Query } from './search/queries.ts';
import { searcher, type Statement } from './search/service.ts';

const VIDEOS = numberOption('videos', 10_000);
const PGLITE_VIDEOS = numberOption('pglite-videos', VIDEOS);
const REPEAT = numberOption('repeat', 30);
const WARMUP = 2;
/** Keep the loaded database (and PGlite's directory) for EXPLAINing by hand afterwards. */
const KEEP = process.argv.includes('--keep');
const DBS = stringOption('db', process.env.DATABASE_URL ? 'both' : 'pglite');
const TARGET_P95 = { postgres: 50, pglite: 100 };
const TARGET_BUILD_S = 300;
const log = (...a: unknown[]) => console.error('[bench:search]', ...a);
const secs = (ms: number) => Math.round(ms / 100) / 10;
const ms1 = (ms: number) => Math.round(ms * 10) / 10;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function pass(kind: 'postgres' | 'pglite', videos: number, corpus: Awaited<ReturnType<typeof loadCorpus>>, explainFile: string) {
  log(`— ${kind}: ${videos} videos`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-bench-search-'));
  const saved = process.env.DATABASE_URL;
  if (kind === 'pglite') delete process.env.DATABASE_URL;
  // never the database DATABASE_URL names itself: a new one (or a migrated PGlite template) for this run
  const db = await freshDatabase(dataDir);
  if (saved !== undefined) process.env.DATABASE_URL = saved;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.url ?? '',
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `benchsearch-${crypto.randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'warn'
  });
  const redis = await chooseRedis(config);
  let efir: Efir | null = null;
  try {
    efir = await createEfir(config, { redisUrl: redis.url, log: pino({ level: 'warn' }) });
    const triggers = await searchTriggers(efir.db);
    if (triggers.length === 0) throw new Error('no trigger on video_subtitles/subtitle_versions writes search_cues: is migration 009 applied?');

    await setTriggers(efir.db, triggers, false);
    const [gen, loadMs] = await timed(() => loadLibrary(efir!.db, corpus, videos, log));
    await setTriggers(efir.db, triggers, true);
    log(`raw load: ${gen.videos} videos, ${gen.tracks} tracks, ${gen.cues} cues in ${secs(loadMs)} s (search triggers off)`);
    const [rows, buildMs] = await timed(() => buildThroughTriggers(efir!.db, videos, log));
    if (rows !== gen.cues) throw new Error(`search_cues has ${rows} rows, the library ${gen.cues} cues`);
    const grown = await sizes(efir.db);
    log(`build through 009's triggers: ${rows} cues in ${secs(buildMs)} s (${Math.round(rows / (buildMs / 1000))} cues/s); size as grown ${JSON.stringify(grown)}`);
    const [, reindexMs] = await timed(() => efir!.db.exec('reindex table search_cues'));
    const rebuilt = await sizes(efir.db);
    log(`reindex table search_cues: ${secs(reindexMs)} s; size after ${JSON.stringify(rebuilt)}`);
    // Statistics for the planner (autovacuum would gather them on PostgreSQL in a while; PGlite has
    // no autovacuum): one statement each, VACUUM refuses to run in a multi-statement string.
    const [, analyzeMs] = await timed(async () => {
      for (const t of ['search_cues', 'videos', 'video_subtitles']) await efir!.db.exec(`vacuum analyze ${t}`);
    });
    log(`vacuum analyze: ${secs(analyzeMs)} s`);

    const queries = pickQueries(gen, corpus);
    const search = await searcher(efir);
    const clean = await measureQueries(efir, kind, queries, search, 'indexes rebuilt and vacuumed', explainFile);

    // The upload path, after the queries so they ran on the library as built: a tenth more videos
    // (at least 100) written with the triggers on.
    const extra = Math.max(100, Math.round(videos / 10));
    const [more, uploadMs] = await timed(() => loadLibrary(efir!.db, corpus, extra, log, videos));
    const [{ n: after }] = await efir.db.query<{ n: number }>('select count(*)::int as n from search_cues');
    if (after !== gen.cues + more.cues) throw new Error(`after the upload path search_cues has ${after} rows, expected ${gen.cues + more.cues}`);
    const uploadRate = Math.round(more.cues / (uploadMs / 1000));
    log(`upload path (triggers on, rows and versions together): ${more.videos} videos, ${more.cues} cues in ${secs(uploadMs)} s (${uploadRate} cues/s, raw load and index together)`);

    // The queries again, now that the GIN indexes carry what the uploads added in their pending
    // lists (fastupdate; PostgreSQL's autovacuum merges them from time to time, PGlite has no
    // autovacuum): the state a library is in between vacuums, not the freshly rebuilt one.
    const pending = await pendingPages(efir.db);
    log(`GIN pending pages after the uploads: ${JSON.stringify(pending)}`);
    const afterUploads = await measureQueries(efir, kind, queries, search, `after ${more.videos} uploads, not vacuumed`, explainFile);

    return {
      db: kind,
      videos: gen.videos,
      tracks: gen.tracks,
      cues: gen.cues,
      rawLoadSeconds: secs(loadMs),
      buildSeconds: secs(buildMs),
      buildCuesPerSecond: Math.round(rows / (buildMs / 1000)),
      reindexSeconds: secs(reindexMs),
      analyzeSeconds: secs(analyzeMs),
      uploadPath: { videos: more.videos, cues: more.cues, seconds: secs(uploadMs), cuesPerSecond: uploadRate },
      sizeAsGrown: grown,
      sizeReindexed: rebuilt,
      repeat: REPEAT,
      perKind: clean.perKind,
      overall: clean.overall,
      perQuery: clean.perQuery,
      afterUploads: { ginPendingPages: pending, perKind: afterUploads.perKind, overall: afterUploads.overall, perQuery: afterUploads.perQuery },
      targets: {
        p95AtMostMs: TARGET_P95[kind],
        p95Met: clean.overall.p95 <= TARGET_P95[kind],
        p95MetAfterUploads: afterUploads.overall.p95 <= TARGET_P95[kind],
        ...(kind === 'postgres' ? { buildUnder300s: buildMs / 1000 < TARGET_BUILD_S } : {})
      }
    };
  } finally {
    await efir?.close();
    await redis.managed?.stop();
    if (KEEP) log(`kept for a look: ${db.url ?? `PGlite in ${path.join(dataDir, 'db')}`} (drop or remove it yourself)`);
    else {
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

type Search = Awaited<ReturnType<typeof searcher>>;

/**
 * The mix, each query warmed up then asked REPEAT times, interleaved; p50/p95 per query, kind and
 * overall; EXPLAIN ANALYZE of the slowest query and of every query over the target.
 */
async function measureQueries(efir: Efir, kind: 'postgres' | 'pglite', queries: Query[], search: Search, label: string, explainFile: string) {
  log(`queries (${label}):`);
  const samples = new Map<Query, number[]>(queries.map((q) => [q, []]));
  const totals = new Map<Query, number>();
  const lastStatements = new Map<Query, Statement[]>();
  for (let round = 0; round < WARMUP + REPEAT; round++) {
    for (const q of queries) {
      const r = await search(q);
      totals.set(q, r.total);
      lastStatements.set(q, r.statements);
      if (round >= WARMUP) samples.get(q)!.push(r.ms);
    }
  }
  const kinds = [...new Set(queries.map((q) => q.kind))];
  const perKind = Object.fromEntries(kinds.map((k) => [k, stats(queries.filter((q) => q.kind === k).flatMap((q) => samples.get(q)!))]));
  const overall = stats([...samples.values()].flat());
  const perQuery = queries.map((q) => ({ kind: q.kind, q: q.q, lang: q.lang, total: totals.get(q), ...stats(samples.get(q)!) }));
  for (const p of perQuery) log(`  ${p.kind.padEnd(10)} ${p.lang} ${JSON.stringify(p.q).padEnd(24)} ${String(p.total).padStart(6)} hits  p50 ${p.p50} ms  p95 ${p.p95} ms  max ${p.max} ms`);
  for (const k of kinds) log(`  ${k.padEnd(10)} p50 ${perKind[k]!.p50} ms  p95 ${perKind[k]!.p95} ms`);
  log(`  overall    p50 ${overall.p50} ms  p95 ${overall.p95} ms (target ≤ ${TARGET_P95[kind]} ms)`);

  // Where the time goes: every statement of the slowest query, and of each query over the target.
  const slowest = perQuery.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const explainOf = queries.filter((q, i) => perQuery[i]!.p95 > TARGET_P95[kind] || perQuery[i] === slowest);
  let explained = '';
  for (const q of explainOf) {
    explained += `\n=== ${kind} (${label}) ${q.kind} ${JSON.stringify(q.q)} (${q.lang}): p95 ${perQuery[queries.indexOf(q)]!.p95} ms ===\n`;
    for (const s of lastStatements.get(q)!) explained += `--- ${ms1(s.ms)} ms: ${oneLine(s.sql)}\n    params ${JSON.stringify(s.params)}\n${await explain(efir.db, s)}\n`;
  }
  fs.appendFileSync(explainFile, explained);
  // Every query's statements exactly as sent (SQL and parameters), one JSON line per query, to try
  // other SQL against the same library (--keep) with the same inputs.
  for (const q of queries) fs.appendFileSync(`${explainFile}.jsonl`, `${JSON.stringify({ db: kind, label, ...q, statements: lastStatements.get(q) })}\n`);
  log(`EXPLAIN ANALYZE of ${explainOf.map((q) => `${q.kind} ${JSON.stringify(q.q)}`).join(', ')}: ${explainFile}`);
  console.error(explained);
  return { perKind, overall, perQuery };
}

/** Pages waiting in each GIN index's pending list (pgstattuple's pgstatginindex; null where it is not available, as on PGlite). */
async function pendingPages(db: Queryable): Promise<Record<string, number> | null> {
  try {
    await db.exec('create extension if not exists pgstattuple');
    const rows = await db.query<{ name: string; pages: number }>(
      `select i.indexrelid::regclass::text as name, (pgstatginindex(i.indexrelid)).pending_pages::int as pages
         from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
        where a.amname = 'gin' and i.indrelid in ('videos'::regclass, 'search_cues'::regclass) order by 1`
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.pages]));
  } catch {
    return null;
  }
}

/** A statement on one line for the log: its -- comments dropped (they would swallow the rest of the line). */
const oneLine = (sql: string) => sql.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();

/** EXPLAIN (ANALYZE, BUFFERS) of one statement as the service ran it (same parameters). */
async function explain(db: Queryable, s: Statement): Promise<string> {
  if (!/^\s*(select|with)\b/i.test(s.sql)) return '    (not a select)';
  try {
    const rows = await db.query<Record<string, string>>(`explain (analyze, buffers) ${s.sql}`, s.params);
    return rows.map((r) => `    ${Object.values(r)[0]}`).join('\n');
  } catch (err) {
    return `    (explain failed: ${(err as Error).message})`;
  }
}

async function main() {
  const corpus = await loadCorpus();
  const explainFile = path.join(os.tmpdir(), `bench-search-explain-${Date.now()}.txt`);
  const runs = [];
  if (DBS === 'both' || DBS === 'postgres') {
    if (!process.env.DATABASE_URL) throw new Error('--db postgres needs DATABASE_URL');
    runs.push(await pass('postgres', VIDEOS, corpus, explainFile));
  }
  if (DBS === 'both' || DBS === 'pglite') runs.push(await pass('pglite', PGLITE_VIDEOS, corpus, explainFile));
  const cpus = os.cpus();
  const summary = {
    bench: 'search',
    at: new Date().toISOString(),
    runs,
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model,
      memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      load: os.loadavg().map((l) => Math.round(l * 10) / 10)
    }
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  console.error('[bench:search]', err?.stack ?? err);
  process.exit(1);
});
