/**
 * Subtitled MP4s for messengers (issue 12), the web-process side: who may ask for which variant,
 * queuing batches (one BullMQ flow per batch, flow.ts), recording what the worker made (the
 * `variants-record` step), following progress and failures (listener.ts), serving the current
 * file, and dropping a language's variant when its subtitles change.
 *
 * Who may ask: a viewer, for a video with a watch page (LibraryService.getWatch decides, the same
 * rule as the page); a producer for their own videos' "make all" (an admin: any). The database row
 * decides whether a language needs making: concurrent requests queue one job per (video, language,
 * track version) (VariantsRepository.claim).
 *
 * The worker never reads the producer's subtitle file: this process parses the stored track and
 * writes the WebVTT libass renders into variants/<videoId>/tmp/, and the worker writes
 * variants/<videoId>/<lang>-v<version>-<batchId>.mp4 (the batch in the name, so a batch that lost
 * its row to a newer one cannot overwrite or delete the newer one's file).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { FlowProducer, Queue, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config, DataPaths } from '../../config/index.ts';
import { QUEUE, type VariantTarget, type VariantsJobData, type VariantsResult } from '../../jobs/queues.ts';
import { bullConnection } from '../../jobs/redis.ts';
import { LANGUAGE_NAMES, SUBTITLE_LANGUAGES, isLang, parseSubtitles, toWebVtt, type Lang } from '../../media/subtitles/index.ts';
import { planVariant, type VariantPlan } from '../../media/variants.ts';
import { EfirError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { SubtitlesRepository, VideoSubtitle } from '../repositories/subtitles.ts';
import type { User } from '../repositories/users.ts';
import type { Video, VideosRepository } from '../repositories/videos.ts';
import { canManage, type LibraryService } from '../services/library.ts';
import { checkSubtitleLang } from '../services/subtitle-lang.ts';
import { buildVariantsFlow, makeJobId, recordJobId } from './flow.ts';
import type { VariantLimiter } from './limiter.ts';
import { VariantEvents } from './listener.ts';
import { judgeBatch, LOST_REASON, VARIANT_MISSING_GRACE_MS, type BatchJob } from './reconcile.ts';
import type { VariantRow, VariantsRepository } from './repository.ts';

export type VariantViewState = 'none' | 'queued' | 'active' | 'ready' | 'failed';

/** One track's variant as pages and the API show it. */
export interface VariantView {
  lang: string;
  /** The language's name in its own script. */
  name: string;
  state: VariantViewState;
  /** 0..1 while queued or being made. */
  progress: number;
  /** The made file's size; null until ready. */
  bytes: number | null;
  seconds: number | null;
  /** What the file will be about (the plan), before it is made. */
  estimatedBytes: number;
  /** The readable floor won over the size cap: larger than messengers send inline. */
  overCap: boolean;
  capBytes: number;
  height: number;
  /** The file to download, when ready. */
  url: string | null;
  error: string | null;
}

export interface VariantsOverview {
  videoId: string;
  /** False while the video's source is not on this server (a mirrored video without its original): nothing can be made. */
  available: boolean;
  capBytes: number;
  variants: VariantView[];
}

export interface VariantServiceDeps {
  config: Config;
  paths: DataPaths;
  log: Logger;
  redisUrl: string;
  videos: VideosRepository;
  subtitles: SubtitlesRepository;
  library: Pick<LibraryService, 'getWatch'>;
  variants: VariantsRepository;
  limiter: VariantLimiter;
}

/** The file URL of a ready variant (served by server/plugins/variant-media.ts). */
export const variantUrl = (videoId: string, filePath: string) => `/media/variants/${videoId}/${path.basename(filePath)}`;

const LANG_ORDER = (lang: string) => (SUBTITLE_LANGUAGES as readonly string[]).indexOf(lang);

export class VariantService {
  private producer: FlowProducer | null = null;
  private queues: { media: Queue; pipeline: Queue } | null = null;
  private events: VariantEvents | null = null;

  constructor(private readonly efir: VariantServiceDeps) {}

  private get connection() {
    return bullConnection(this.efir.redisUrl);
  }

  /**
   * Follows batches' progress and failures; PipelineService.start calls it, and then its reconcile
   * (which includes this service's reconcile) catches up with what happened while no one listened.
   */
  async start(): Promise<void> {
    this.events = new VariantEvents({
      connection: this.connection,
      prefix: this.efir.config.queuePrefix,
      log: this.efir.log.child({ component: 'variants' }),
      progress: (batchId, fraction) => this.efir.variants.progress(batchId, fraction),
      failed: (batchId) => this.settle(batchId, false)
    });
    await this.events.start();
  }

  /**
   * Batches the database thinks queued or being made but BullMQ does not (reconcile.ts): a failure
   * event missed while no web process listened, or jobs Redis lost. Their rows fail with the reason,
   * so the next request makes them again. At the pipeline's start and with its periodic reconcile.
   */
  async reconcile(videoId?: string): Promise<void> {
    for (const b of await this.efir.variants.openBatches(videoId)) {
      try {
        await this.settle(b.batchId, Date.now() - b.requestedAt.getTime() > VARIANT_MISSING_GRACE_MS);
      } catch (err) {
        this.efir.log.warn({ err, batchId: b.batchId }, 'could not reconcile a variant batch');
      }
    }
  }

  async close(): Promise<void> {
    await this.events?.close();
    await this.producer?.close();
    await Promise.all(Object.values(this.queues ?? {}).map((q) => q.close()));
  }

  /** Every track's variant and the plan, for a viewer of the watch page. */
  async overview(viewer: User | null, videoId: string): Promise<VariantsOverview> {
    const v = await this.watchable(viewer, videoId);
    return this.overviewOf(v);
  }

  async one(viewer: User | null, videoId: string, lang: string): Promise<VariantView> {
    const v = await this.watchable(viewer, videoId);
    const track = await this.trackOf(v, lang);
    return (await this.viewsOf(v, [track]))[0]!;
  }

  /**
   * A viewer asks for one language: queued unless it is made, being made, or queued already. `ip`:
   * the address the request counts against (VARIANT_REQUESTS_PER_HOUR), when it queues work.
   */
  async request(viewer: User | null, videoId: string, lang: string, ip: string | null): Promise<VariantView> {
    const v = await this.watchable(viewer, videoId);
    const track = await this.trackOf(v, lang);
    await this.queue(v, [track], ip);
    return (await this.viewsOf(v, [track]))[0]!;
  }

  /**
   * A producer's "make all" (their own video; an admin any): every track (or `langs`) in ONE batch,
   * one ffmpeg decoding the source once.
   */
  async makeAll(user: User, videoId: string, langs: string[] | null, ip: string | null): Promise<VariantsOverview> {
    const v = await this.efir.videos.get(videoId);
    if (!v || !canManage(user, v)) throw new EfirError('not_found', `No video ${videoId} in your studio`);
    if (!v.sourcePath) throw notReady(v);
    await this.queue(v, await this.tracksOf(v, langs), ip);
    return this.overviewOf(v);
  }

  /** The command line's way in (scripts/variants.ts): no person, no rate limit. Returns the batch's languages. */
  async makeForCli(videoId: string, langs: string[] | null): Promise<{ video: Video; langs: string[] }> {
    const v = await this.efir.videos.get(videoId);
    if (!v) throw new EfirError('not_found', `No video ${videoId}`);
    const tracks = await this.tracksOf(v, langs);
    await this.queue(v, tracks, null);
    return { video: v, langs: tracks.map((t) => t.lang) };
  }

  /**
   * A language's subtitles changed (stored, replaced, edited, drafted, restored, removed): its
   * variant belongs to the old text, so the row and its file go. It is made again when it had been
   * made or asked for and the track is still there.
   */
  async subtitlesChanged(videoId: string, lang: string): Promise<void> {
    const removed = await this.efir.variants.delete(videoId, lang);
    if (!removed) return;
    if (removed.filePath) await this.removeFile(removed.filePath);
    const v = await this.efir.videos.get(videoId);
    const track = v ? await this.efir.subtitles.get(videoId, lang) : null;
    if (!v || !track || !v.sourcePath) return;
    await this.queue(v, [track], null).catch((err) =>
      // The change itself is saved; a variant that cannot be queued now is made on the next request.
      this.efir.log.warn({ err, videoId, lang }, 'could not queue the variant again after a subtitle change')
    );
  }

  /** Waits until none of these languages is queued or being made (the CLI); returns their rows. */
  async waitFor(videoId: string, langs: string[], timeoutMs = 60 * 60_000): Promise<VariantRow[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const rows = (await this.efir.variants.list(videoId)).filter((r) => langs.includes(r.lang));
      if (rows.every((r) => r.state === 'ready' || r.state === 'failed')) return rows;
      if (Date.now() > until) throw new Error(`variants of ${videoId} not made within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /**
   * The file behind /media/variants/<videoId>/<file>: only the current file of a ready variant of
   * a video with a watch page for this viewer. With the name a person reads when saving it.
   */
  async file(viewer: User | null, videoId: string, file: string): Promise<{ path: string; downloadName: string; lang: string } | null> {
    const m = /^([a-z]{2})-v\d+-[A-Za-z0-9]+\.mp4$/.exec(file);
    if (!m) return null;
    const row = await this.efir.variants.get(videoId, m[1]!);
    if (!row || row.state !== 'ready' || !row.filePath || path.basename(row.filePath) !== file) return null;
    const watch = await this.efir.library.getWatch(videoId, viewer);
    if (!watch) return null;
    const title = (watch.i18n[row.lang]?.title || watch.title).trim();
    return { path: path.resolve(this.efir.config.dataDir, row.filePath), downloadName: downloadName(title, row.lang), lang: row.lang };
  }

  /** The `variants-record` step (pipeline queue, this process): the worker's files into their rows. */
  async record(job: Job<VariantsJobData, VariantsResult>): Promise<VariantsResult> {
    const data = job.data;
    const made: VariantsResult = { files: [] };
    for (const value of Object.values(await job.getChildrenValues<VariantsResult>())) made.files.push(...(value?.files ?? []));
    // The worker has read the WebVTT files: gone before the rows say ready, so nothing outlives a made variant.
    await this.removeStaging(stagingOf(data));
    for (const f of made.files) {
      const kept = await this.efir.variants.finish(data.batchId, {
        videoId: data.videoId,
        lang: f.lang,
        filePath: path.relative(this.efir.config.dataDir, f.path),
        bytes: f.bytes,
        seconds: f.seconds
      });
      // Its row was dropped (the subtitles changed) or claimed by a newer batch meanwhile.
      if (!kept) await this.removeFile(f.path);
    }
    // A language the worker did not return (should not happen) must not stay queued forever.
    await this.efir.variants.fail(data.batchId, 'the worker made no file for this language');
    this.efir.log.info({ videoId: data.videoId, batchId: data.batchId, langs: made.files.map((f) => f.lang) }, 'variants made');
    return made;
  }

  // ------------------------------------------------------------------ internals

  /** A video this viewer has a watch page for, else 404 (as the page). */
  private async watchable(viewer: User | null, videoId: string): Promise<Video> {
    const [v, watch] = await Promise.all([this.efir.videos.get(videoId), this.efir.library.getWatch(videoId, viewer)]);
    if (!v || !watch) throw new EfirError('not_found', `No published video ${videoId}`);
    return v;
  }

  private async trackOf(v: Video, lang: string): Promise<VideoSubtitle> {
    checkSubtitleLang(lang);
    const track = await this.efir.subtitles.get(v.id, lang);
    if (!track) throw new EfirError('no_subtitles', `"${v.title}" has no ${LANGUAGE_NAMES[lang as Lang]} (${lang}) subtitles, so there is no variant in that language`);
    return track;
  }

  private async tracksOf(v: Video, langs: string[] | null): Promise<VideoSubtitle[]> {
    const tracks = langs?.length
      ? await Promise.all([...new Set(langs)].map((l) => this.trackOf(v, l)))
      : (await this.efir.subtitles.list(v.id)).filter((t) => isLang(t.lang));
    if (!tracks.length) throw new EfirError('no_subtitles', `"${v.title}" has no subtitles, so there are no variants to make`);
    // In the six languages' order, as pages list them.
    return tracks.sort((a, b) => LANG_ORDER(a.lang) - LANG_ORDER(b.lang));
  }

  private plan(v: Video): VariantPlan | null {
    if (!v.duration || !v.width || !v.height) return null;
    return planVariant(v.duration, v.width, v.height, this.efir.config.variants);
  }

  private async overviewOf(v: Video): Promise<VariantsOverview> {
    const tracks = (await this.efir.subtitles.list(v.id)).filter((t) => isLang(t.lang));
    tracks.sort((a, b) => LANG_ORDER(a.lang) - LANG_ORDER(b.lang));
    return { videoId: v.id, available: !!v.sourcePath && !!this.plan(v), capBytes: this.efir.config.variants.capBytes, variants: await this.viewsOf(v, tracks) };
  }

  private async viewsOf(v: Video, tracks: VideoSubtitle[]): Promise<VariantView[]> {
    const [rows, versions, sourceRev] = await Promise.all([
      this.efir.variants.list(v.id),
      this.efir.variants.trackVersions(v.id),
      this.efir.variants.sourceRev(v.id)
    ]);
    const plan = this.plan(v);
    const capBytes = this.efir.config.variants.capBytes;
    return tracks.map((t) => {
      const row = rows.find((r) => r.lang === t.lang);
      // A row of another track version or source is stale: none, as far as the viewer goes.
      const current = row && row.subtitleVersion === (versions.get(t.lang) ?? 1) && row.sourceRev === sourceRev ? row : null;
      return {
        lang: t.lang,
        name: LANGUAGE_NAMES[t.lang as Lang] ?? t.lang,
        state: current?.state ?? 'none',
        progress: current?.progress ?? 0,
        bytes: current?.bytes ?? null,
        seconds: current?.seconds ?? null,
        estimatedBytes: current?.estimatedBytes ?? plan?.estimatedBytes ?? 0,
        overCap: current?.overCap ?? plan?.overCap ?? false,
        capBytes,
        height: current?.height ?? plan?.height ?? 0,
        url: current?.state === 'ready' && current.filePath ? variantUrl(v.id, current.filePath) : null,
        error: current?.state === 'failed' ? current.error : null
      };
    });
  }

  /**
   * Queues what of these tracks is not made, being made or queued already, as one batch. The rate
   * limit is taken only when there is something to make (and given back when a concurrent request
   * claimed it first).
   */
  private async queue(v: Video, tracks: VideoSubtitle[], ip: string | null): Promise<void> {
    if (!v.sourcePath) throw notReady(v);
    const plan = this.plan(v);
    if (!plan) throw new EfirError('not_ready', `"${v.title}" has not been processed yet`);
    const [listed, versions, sourceRev] = await Promise.all([
      this.efir.variants.list(v.id),
      this.efir.variants.trackVersions(v.id),
      this.efir.variants.sourceRev(v.id)
    ]);
    let rows = listed;
    // A row queued or being made for long may belong to a batch BullMQ no longer has: settled
    // first, so that a lost one fails and is made again now instead of being waited for for ever.
    const stale = new Set(
      rows
        .filter((r) => (r.state === 'queued' || r.state === 'active') && r.batchId && tracks.some((t) => t.lang === r.lang))
        .filter((r) => Date.now() - r.requestedAt.getTime() > VARIANT_MISSING_GRACE_MS)
        .map((r) => r.batchId!)
    );
    if (stale.size) {
      for (const batchId of stale) await this.settle(batchId, true);
      rows = await this.efir.variants.list(v.id);
    }
    const wanted = tracks
      .map((t) => ({ track: t, lang: t.lang, subtitleVersion: versions.get(t.lang) ?? 1 }))
      .filter(({ lang, subtitleVersion }) => {
        const row = rows.find((r) => r.lang === lang);
        return !row || row.state === 'failed' || row.subtitleVersion !== subtitleVersion || row.sourceRev !== sourceRev;
      });
    if (!wanted.length) return;

    let ticket: string | null = null;
    if (ip !== null) {
      const t = await this.efir.limiter.take(ip);
      if (!t.ok) {
        throw new EfirError('rate_limited', `Too many subtitled videos asked for from this address; try again in ${Math.ceil(t.retryAfterSeconds / 60)} min`, {
          retryAfter: t.retryAfterSeconds
        });
      }
      ticket = t.key;
    }

    const batchId = newId();
    const { claimed, replacedFiles } = await this.efir.variants.claim(
      { videoId: v.id, batchId, sourceRev, height: plan.height, videoKbps: plan.videoKbps, estimatedBytes: plan.estimatedBytes, overCap: plan.overCap },
      wanted.map(({ lang, subtitleVersion }) => ({ lang, subtitleVersion }))
    );
    if (!claimed.length) {
      if (ticket) await this.efir.limiter.giveBack(ticket);
      return;
    }
    for (const f of replacedFiles) await this.removeFile(f);

    const dir = path.join(this.efir.paths.variants, v.id);
    const data: VariantsJobData = {
      videoId: v.id,
      batchId,
      sourceRev,
      sourcePath: path.resolve(this.efir.config.dataDir, v.sourcePath),
      sourceFormat: sourceFormatOf(v),
      duration: v.duration!,
      height: plan.height,
      videoKbps: plan.videoKbps,
      audioKbps: plan.audioKbps,
      targets: []
    };
    try {
      await fs.mkdir(path.join(dir, 'tmp'), { recursive: true });
      for (const row of claimed) {
        const track = wanted.find((w) => w.lang === row.lang)!.track;
        data.targets.push(await this.writeVtt(v, track, row.subtitleVersion, batchId, dir));
      }
      data.targets.sort((a, b) => LANG_ORDER(a.lang) - LANG_ORDER(b.lang));
      this.producer ??= new FlowProducer({ connection: this.connection, prefix: this.efir.config.queuePrefix });
      await this.producer.add(buildVariantsFlow(data));
    } catch (err) {
      await this.efir.variants.fail(batchId, `could not queue: ${(err as Error).message}`);
      await this.removeStaging({ videoId: v.id, batchId, langs: claimed.map((r) => r.lang) });
      throw err;
    }
    this.efir.log.info({ videoId: v.id, batchId, langs: data.targets.map((t) => t.lang), ...plan }, 'variants queued');
  }

  /** The WebVTT libass renders: Efir's own, from the track's stored file (never the producer's bytes). */
  private async writeVtt(v: Video, track: VideoSubtitle, version: number, batchId: string, dir: string): Promise<VariantTarget> {
    const bytes = await fs.readFile(path.resolve(this.efir.config.dataDir, track.storedPath));
    const cues = parseSubtitles(bytes, track.fileName).cues;
    const vttPath = path.join(dir, 'tmp', `${batchId}-${track.lang}.vtt`);
    await fs.writeFile(vttPath, toWebVtt(cues));
    return { lang: track.lang, subtitleVersion: version, vttPath, outPath: path.join(dir, `${track.lang}-v${version}-${batchId}.mp4`) };
  }

  /**
   * Whether a batch is over in BullMQ while its rows are open: its make or record job failed for
   * good (a failure event, or one missed), or, when `old`, its jobs are gone (reconcile.ts). Then its
   * rows say why (the make job's reason, the first cause) and its staging files go.
   */
  private async settle(batchId: string, old: boolean): Promise<void> {
    const queues = this.lookupQueues();
    const [make, record] = await Promise.all([queues.media.getJob(makeJobId(batchId)), queues.pipeline.getJob(recordJobId(batchId))]);
    const snapshot = async (job: Job | undefined): Promise<BatchJob | null> => (job ? { state: await job.getState(), failedReason: job.failedReason } : null);
    const reason = judgeBatch(await snapshot(make), await snapshot(record), old);
    if (!reason) return; // on its way (an attempt that failed is retried)
    const failed = await this.efir.variants.fail(batchId, reason);
    if (failed.length) this.efir.log.warn({ batchId, videoId: failed[0]!.videoId, error: reason }, 'variants failed');
    if (reason === LOST_REASON && make) {
      // A make job whose record step is gone would make files no one records; it may not run.
      await make.remove().catch(() => {}); // refused while a worker holds it: its files are left over
    }
    const rows = failed.length ? failed : await this.efir.variants.ofBatch(batchId);
    const videoId = rows[0]?.videoId;
    if (videoId) await this.removeStaging({ videoId, batchId, langs: rows.map((r) => r.lang) });
  }

  private lookupQueues() {
    this.queues ??= {
      media: new Queue(QUEUE.media, { connection: this.connection, prefix: this.efir.config.queuePrefix }),
      pipeline: new Queue(QUEUE.pipeline, { connection: this.connection, prefix: this.efir.config.queuePrefix })
    };
    return this.queues;
  }

  /** The batch's WebVTT files (the worker has read them, or never will); named as writeVtt names them. */
  private async removeStaging(batch: { videoId: string; batchId: string; langs: string[] }): Promise<void> {
    const tmp = path.join(this.efir.paths.variants, batch.videoId, 'tmp');
    await Promise.all(batch.langs.map((lang) => fs.rm(path.join(tmp, `${batch.batchId}-${lang}.vtt`), { force: true })));
    await fs.rmdir(tmp).catch(() => {}); // only if now empty
  }

  private async removeFile(file: string): Promise<void> {
    await fs.rm(path.resolve(this.efir.config.dataDir, file), { force: true }).catch((err) => this.efir.log.warn({ err, file }, 'could not remove a variant file'));
  }
}

const stagingOf = (data: VariantsJobData) => ({ videoId: data.videoId, batchId: data.batchId, langs: data.targets.map((t) => t.lang) });

function notReady(v: Video): EfirError {
  return new EfirError('not_ready', `"${v.title}" has no source file on this server yet, so no subtitled variant can be made`);
}


/** The container the upload's probe accepted (media/ffmpeg-args.ts sourceInput reads it with -f). */
function sourceFormatOf(v: Video): string | null {
  const probe = v.probe as { formatName?: unknown } | null;
  return typeof probe?.formatName === 'string' ? probe.formatName : null;
}

/**
 * "Title (Тоҷикӣ).mp4" for the save dialog: the title as people read it, without what file systems
 * refuse or what would break the header; contentDisposition encodes it (RFC 5987).
 */
export function downloadName(title: string, lang: string): string {
  const name = LANGUAGE_NAMES[lang as Lang] ?? lang;
  return `${cleanTitle(title, 120) || 'video'} (${name}).mp4`;
}

function cleanTitle(title: string, max: number): string {
  return title
    .replace(/[\u0000-\u001f\u007f"*/:<>?\\|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .replace(/[. ]+$/, '');
}

/**
 * Content-Disposition: attachment, the real name in RFC 5987's filename*, and for the few clients
 * that read only filename an ASCII one (the title's Latin letters, else "video", and the language code).
 */
export function contentDisposition(name: string, lang: string): string {
  const ascii = cleanTitle(name.replace(/ \([^)]*\)\.mp4$/, '').normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/[%'`;]/g, ''), 80);
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii || 'video'}-${lang}.mp4"; filename*=UTF-8''${encoded}`;
}
