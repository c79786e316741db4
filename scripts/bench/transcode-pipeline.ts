/**
 * bench:transcode's pipeline part (issue 15): an upload through the real processing run, in this
 * process: Efir's services and Fastify (test/helpers/harness.ts, as bench:live does), Redis, the
 * database (PGlite, or PostgreSQL when DATABASE_URL is set) and a media worker with its ffmpeg,
 * exactly as a producer's upload goes (probe → ladder's first pass → subtitles → thumbnails →
 * publish → grow → join), with the six subtitle fixtures attached.
 *
 * The clock starts when the upload has finished (the source is in place and the run is started, as
 * the tus upload's completion does) and reads:
 *   watchable: the video is published and playable: its master.m3u8, every playlist it lists and the
 *              first segment of each answer 200 over HTTP from Efir's media route, as a player asks;
 *   complete:  the run has completed (every rung in the revision's master).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestEfir } from '../../test/helpers/harness.ts';
import { attachAllFixtures, insertVideo, sourceDir } from '../../test/integration/pipeline/helpers.ts';

export interface PipelineFigures {
  watchableSeconds: number;
  completeSeconds: number;
  /** The rungs the master listed when it became watchable, and at the end. */
  watchableRungs: string[];
  completeRungs: string[];
  /**
   * CPU seconds spent up to each point: ffmpeg's and ffprobe's (this process's reaped children, from
   * /proc/self/stat) and this process's own (Efir: BullMQ, Fastify, the database). On a shared,
   * loaded machine wall time stretches; CPU time says what the same run costs on a quiet one.
   */
  cpu: { watchable: { ffmpeg: number; efir: number }; complete: { ffmpeg: number; efir: number } };
  database: 'postgres' | 'pglite';
}

/** CPU seconds of this process's children that have exited (utime + stime of the waited-for ones). */
function childCpuSeconds(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from field 3 here; in clock ticks (100 Hz).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN; // not Linux
  }
}

function cpuNow(): { ffmpeg: number; efir: number } {
  const own = process.cpuUsage();
  return { ffmpeg: childCpuSeconds(), efir: (own.user + own.system) / 1e6 };
}

const cpuSince = (a: { ffmpeg: number; efir: number }, b: { ffmpeg: number; efir: number }) => ({
  ffmpeg: +(b.ffmpeg - a.ffmpeg).toFixed(1),
  efir: +(b.efir - a.efir).toFixed(1)
});

const POLL_MS = 100;

export async function measurePipeline(source: string, duration: number, o: { hold?: boolean } = {}): Promise<PipelineFigures> {
  const t = await startTestEfir({ pages: false });
  try {
    const id = await insertVideo(t.efir, { sourcePath: source, sourceName: 'source.mp4', duration, autoPublish: true });
    const stored = path.join(sourceDir(t.dataDir, id), 'source.mp4');
    fs.mkdirSync(path.dirname(stored), { recursive: true });
    fs.copyFileSync(source, stored);
    await t.efir.db.query('update videos set source_path = $2, hold_full_ladder = $3 where id = $1', [id, stored, o.hold === true]);
    await attachAllFixtures(t.efir, t.dataDir, id);

    const cpuAtStart = cpuNow();
    const started = Date.now();
    const { runId } = await t.efir.pipeline.startFullRun(id);
    const outcome = t.efir.pipeline.waitForRun(runId, 60 * 60_000);
    let done: { state: string; error: string | null } | null = null;
    void outcome.then((o) => (done = o), (err) => (done = { state: 'failed', error: String(err) }));

    let watchable: { seconds: number; rungs: string[]; cpu: { ffmpeg: number; efir: number } } | null = null;
    while (!watchable && !done) {
      const rungs = await playable(t.baseUrl, t.efir, id);
      if (rungs) watchable = { seconds: (Date.now() - started) / 1000, rungs, cpu: cpuSince(cpuAtStart, cpuNow()) };
      else await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const result = await outcome;
    const completeSeconds = (Date.now() - started) / 1000;
    const completeCpu = cpuSince(cpuAtStart, cpuNow());
    if (result.state !== 'completed') throw new Error(`the run failed: ${result.error}`);
    const completeRungs = (await playable(t.baseUrl, t.efir, id)) ?? [];
    return {
      watchableSeconds: watchable?.seconds ?? completeSeconds,
      completeSeconds,
      watchableRungs: watchable?.rungs ?? completeRungs,
      completeRungs,
      cpu: { watchable: watchable?.cpu ?? completeCpu, complete: completeCpu },
      database: t.env.DATABASE_URL ? 'postgres' : 'pglite'
    };
  } finally {
    await t.close();
  }
}

/** The renditions a player could play now (as Efir serves them), or null while it could not. */
async function playable(baseUrl: string, efir: { db: { query<T>(sql: string, params: unknown[]): Promise<T[]> } }, id: string): Promise<string[] | null> {
  const [row] = await efir.db.query<{ current_rev: number | null; published_at: Date | null }>('select current_rev, published_at from videos where id = $1', [id]);
  if (!row || row.current_rev === null || row.published_at === null) return null;
  const base = `${baseUrl}/media/${id}/${row.current_rev}/`;
  const master = await fetch(`${base}master.m3u8`);
  if (!master.ok) return null;
  const uris = (await master.text()).split('\n').filter((l) => l.endsWith('.m3u8') && !l.startsWith('#'));
  for (const uri of uris) {
    const media = await fetch(base + uri);
    if (!media.ok) return null;
    const first = (await media.text()).split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
    if (!first) return null;
    const segment = await fetch(new URL(first, base + uri));
    if (!segment.ok) return null;
    await segment.arrayBuffer();
  }
  return uris.map((u) => u.split('/').at(-2) ?? u);
}
