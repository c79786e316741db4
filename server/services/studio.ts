/**
 * What producers do: drafts, the uploaded file, subtitles, publishing. Producers manage their own
 * videos, admins everybody's; anyone else gets 404 (not 403), so ids of others' drafts leak nothing.
 * Used by the JSON API, the tus upload plugin and the SvelteKit studio pages (locals.efir.studio).
 */
import { withCode } from '../../media/coded-message.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, DataPaths } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import type { PipelineService } from '../pipeline/index.ts';
import type { SubtitlesRepository } from '../repositories/subtitles.ts';
import type { SubtitleVersionsRepository } from '../repositories/subtitle-versions.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import type { Video } from '../repositories/videos.ts';
import type { VideoSubtitle } from '../repositories/subtitles.ts';
import { MediaInputError, probeFile } from '../../media/index.ts';
import { SubtitleError, parseSubtitles } from '../../media/subtitles/index.ts';
import { checkSubtitleLang } from './subtitle-lang.ts';
import { cleanTranslations } from './translations.ts';
import { canManage } from './library.ts';
export { cleanFileName } from './studio-files.ts';
export type { StudioRun, StudioSubtitle, StudioVideo } from './studio-views.ts';
import { toStudioSubtitle, toStudioVideo, type StudioSubtitle, type StudioVideo } from './studio-views.ts';
import { cleanFileName, extensionOf, moveFile, removeSiblings, writeAtomically } from './studio-files.ts';
import { StudioUploads } from './studio-uploads.ts';
import type { VariantService } from '../variants/service.ts';

/** What the pipeline reports (server/pipeline/): the shape the studio forwards as server-sent events. */
export interface RunEventLike {
  videoId: string;
  runId: string;
  kind: string;
  state: string;
  step: string | null;
  progress: number;
  error: string | null;
}

export type UploadOutcome =
  | { ok: true; video: StudioVideo; runId: string; rev: number }
  | { ok: false; video: StudioVideo | null; error: string; reason: 'bad_media' | 'conflict' | 'not_found'; params?: Record<string, string | number> };

/** A video's texts as the studio takes them: the Russian description and the five translations (videos.i18n). */
export interface VideoTextsInput {
  description?: string;
  i18n?: Record<string, { title?: string; description?: string }>;
}

const TITLE_MAX = 200;
/** Mirrored videos per page of the studio's channel list. */
export const CHANNEL_PAGE = 24;
const DESCRIPTION_MAX = 5000;

/** What the studio uses: its tables, the data directory, and the pipeline to start and follow runs. */
export interface StudioDeps {
  db: Db;
  config: Config;
  paths: DataPaths;
  videos: VideosRepository;
  subtitles: SubtitlesRepository;
  /** Every stored state of a track (uploads too): the cue editor's versions. */
  versions: SubtitleVersionsRepository;
  pipeline: Pick<PipelineService, 'startFullRun' | 'startSubtitleRun' | 'onEvent'>;
  /** Subtitled variants: a language's goes (and is made again) when its subtitles change (server/variants/). */
  variants?: Pick<VariantService, 'subtitlesChanged'>;
}

export class StudioService {
  /** Admission of tus uploads: one per draft, the quota, the disk reserve (studio-uploads.ts). */
  readonly uploads: StudioUploads;

  constructor(private readonly efir: StudioDeps) {
    this.uploads = new StudioUploads({ db: efir.db, videos: efir.videos, config: efir.config, paths: efir.paths });
  }

  /**
   * publishWhenReady: published by the run that completes it (YouTube Studio's "publish when processed").
   * holdFullLadder: made watchable only with every rung, instead of at 360p first (every run of it obeys).
   */
  async createDraft(user: User, input: VideoTextsInput & { title: string; publishWhenReady?: boolean; holdFullLadder?: boolean }): Promise<StudioVideo> {
    this.requireProducer(user);
    const title = cleanTitle(input.title);
    const description = cleanDescription(input.description ?? '');
    const i18n = cleanTranslations(input.i18n ?? {});
    const v = await this.efir.videos.createDraft({ ownerId: user.id, title, description, i18n, autoPublish: input.publishWhenReady ?? false, holdFullLadder: input.holdFullLadder ?? false });
    return this.get(user, v.id);
  }

  /** Own videos (an admin's: everybody's), then the first page of the channel's mirrored ones. */
  async list(user: User): Promise<StudioVideo[]> {
    return (await this.listWithChannel(user, 1)).videos;
  }

  /**
   * Own videos (an admin's: everybody's) and one page of the channel's mirrored videos (every
   * producer's: they attach originals and subtitles), with how many pages the channel has.
   */
  async listWithChannel(user: User, channelPage: number): Promise<{ videos: StudioVideo[]; channel: { page: number; pages: number; total: number } }> {
    this.requireProducer(user);
    const ownerId = user.role === 'admin' ? null : user.id;
    const page = Math.max(1, Math.floor(channelPage) || 1);
    const [rows, subs, mirrored] = await Promise.all([
      this.efir.videos.listForStudio(ownerId),
      this.efir.subtitles.listForOwner(ownerId),
      this.efir.videos.listMirroredForStudio({ offset: (page - 1) * CHANNEL_PAGE, limit: CHANNEL_PAGE })
    ]);
    const mirroredSubs = await this.efir.subtitles.listForVideos(mirrored.items.map((r) => r.id));
    const byVideo = new Map<string, VideoSubtitle[]>();
    for (const s of [...subs, ...mirroredSubs]) byVideo.set(s.videoId, [...(byVideo.get(s.videoId) ?? []), s]);
    return {
      videos: [...rows, ...mirrored.items].map((r) => toStudioVideo(r, byVideo.get(r.id) ?? [])),
      channel: { page, pages: Math.max(1, Math.ceil(mirrored.total / CHANNEL_PAGE)), total: mirrored.total }
    };
  }

  async get(user: User, id: string): Promise<StudioVideo> {
    const row = await this.efir.videos.getForStudio(id);
    if (!row || !canManage(user, row)) throw notFound(id);
    return toStudioVideo(row, await this.efir.subtitles.list(id));
  }

  /**
   * The texts (Russian title and description, the five translations: a given i18n replaces them all,
   * an empty one is dropped) and the "publish when processed" wish. A mirrored video's texts are the
   * channel's: the next sync would overwrite an edit, so the edit is refused.
   */
  async update(user: User, id: string, patch: VideoTextsInput & { title?: string; publishWhenReady?: boolean }): Promise<StudioVideo> {
    const v = await this.manageable(user, id);
    if (patch.title !== undefined || patch.description !== undefined || patch.i18n !== undefined) {
      notMirrored(v, 'edited');
      await this.efir.videos.updateText(id, {
        title: patch.title === undefined ? undefined : cleanTitle(patch.title),
        description: patch.description === undefined ? undefined : cleanDescription(patch.description),
        i18n: patch.i18n === undefined ? undefined : cleanTranslations(patch.i18n)
      });
    }
    // Only the wish for later: it publishes nothing now (POST …/publish does).
    if (patch.publishWhenReady !== undefined) await this.efir.videos.setAutoPublish(id, patch.publishWhenReady);
    return this.get(user, id);
  }

  /**
   * Publishes a ready video now; one still uploading or processing is published by the run that
   * makes it ready (`publishWhenReady` in the answer). A video whose file was refused or whose
   * processing failed has nothing to publish: 409 with the reason.
   */
  async publish(user: User, id: string): Promise<StudioVideo> {
    const v = await this.manageable(user, id);
    if (v.state === 'failed' || (v.state === 'ready' && v.currentRev === null)) {
      throw new EfirError('not_ready', `"${v.title}" cannot be published: ${notReadyReason(v)}`);
    }
    await this.efir.videos.requestPublish(id);
    return this.get(user, id);
  }

  /** Hides the video from viewers at once and cancels a pending "publish when processed". */
  async unpublish(user: User, id: string): Promise<StudioVideo> {
    notMirrored(await this.manageable(user, id), 'unpublished');
    await this.efir.videos.setPublishedAt(id, null);
    return this.get(user, id);
  }

  /**
   * Deletes the video and its files (source, staging, published revisions, unfinished uploads).
   * The row goes first, so players and the pipeline's publish step stop finding it at once.
   */
  async delete(user: User, id: string): Promise<void> {
    notMirrored(await this.manageable(user, id), 'deleted');
    await this.efir.videos.delete(id);
    await this.removeFiles(id);
  }

  /**
   * The failed-draft sweep's removal (services/failed-drafts.ts): no one asks, so no access check;
   * the row goes only if it still is a draft that failed before `before` (an upload into it since
   * keeps it), then its files. Whether it went.
   */
  async removeFailedDraft(id: string, before: Date): Promise<boolean> {
    if (!(await this.efir.videos.deleteFailedDraft(id, before))) return false;
    await this.removeFiles(id);
    return true;
  }

  /** A deleted video's files: source, staging, published revisions, messenger variants, unfinished uploads. */
  private async removeFiles(id: string): Promise<void> {
    const { sources, work, media, uploads, variants } = this.efir.paths;
    await Promise.all([sources, work, media, variants].map((dir) => fs.rm(path.join(dir, id), { recursive: true, force: true })));
    const pending = (await fs.readdir(uploads).catch(() => [] as string[])).filter((f) => f.startsWith(`${id}-`));
    await Promise.all(pending.map((f) => fs.rm(path.join(uploads, f), { force: true })));
  }

  /**
   * Attaches (or replaces) the subtitles of one language. The file is parsed now, so a broken one is
   * refused with its file name and line instead of failing a run later; the original bytes are kept
   * and the pipeline makes the WebVTT from them.
   */
  async attachSubtitle(
    user: User,
    id: string,
    lang: string,
    fileName: string,
    bytes: Uint8Array
  ): Promise<{ subtitle: StudioSubtitle; run: { runId: string; rev: number } | null }> {
    return this.storeSubtitle(await this.manageable(user, id), lang, fileName, bytes, user.id);
  }

  /**
   * The same for a caller that acts for the organisation, not for a person: the YouTube mirror
   * bringing in the channel's own caption tracks (server/youtube/captions.ts). Same checks, same
   * files, same subtitle-only run. Either way the file is a new version of the track (kind 'upload',
   * the parsed cues kept for the cue editor's history), whatever version it was at.
   */
  async storeSubtitle(
    v: Video,
    lang: string,
    fileName: string,
    bytes: Uint8Array,
    authorId: string | null = null
  ): Promise<{ subtitle: StudioSubtitle; run: { runId: string; rev: number } | null }> {
    const id = v.id;
    checkSubtitleLang(lang);
    const name = cleanFileName(fileName) || `${lang}.srt`;
    if (bytes.length > this.efir.config.subtitleMaxBytes) {
      throw new EfirError('too_large', `${name}: a subtitle file may be at most ${this.efir.config.subtitleMaxBytes} bytes`, {
        file: name,
        params: { problem: 'too_large', max: this.efir.config.subtitleMaxBytes }
      });
    }
    let parsed;
    try {
      parsed = parseSubtitles(bytes, name);
    } catch (err) {
      if (err instanceof SubtitleError) {
        throw new EfirError('bad_subtitles', err.message, {
          file: err.fileName,
          ...(err.line === undefined ? {} : { line: err.line }),
          params: { problem: err.code, ...err.params }
        });
      }
      throw err;
    }
    const dir = path.join(this.efir.paths.sources, id, 'subtitles');
    await fs.mkdir(dir, { recursive: true });
    const storedPath = path.join(dir, `${lang}.${parsed.format}`);
    await writeAtomically(storedPath, bytes);
    // A replaced file of another format (ru.srt, then ru.vtt) must not linger beside the new one.
    await removeSiblings(dir, lang, storedPath);
    const fields = {
      fileName: name,
      format: parsed.format,
      encoding: parsed.encoding,
      cueCount: parsed.cues.length,
      machineCues: 0,
      warnings: parsed.warnings,
      storedPath: this.relative(storedPath)
    };
    await this.efir.db.transaction(async (tx) => {
      const version = (await this.efir.versions.bump(tx, id, lang, null, fields))!;
      const cues = parsed.cues.map((c) => ({ start: c.start, end: c.end, text: c.text }));
      await this.efir.versions.insert(tx, { videoId: id, lang, version, kind: 'upload', authorId, cues, warnings: parsed.warnings });
    });
    const row = (await this.efir.subtitles.get(id, lang))!;
    return { subtitle: toStudioSubtitle(row), run: await this.subtitlesChanged(v, lang) };
  }

  async removeSubtitle(user: User, id: string, lang: string): Promise<{ run: { runId: string; rev: number } | null }> {
    const v = await this.manageable(user, id);
    checkSubtitleLang(lang);
    const removed = await this.efir.subtitles.delete(id, lang);
    if (!removed) throw new EfirError('not_found', `"${v.title}" has no ${lang} subtitles`);
    await fs.rm(path.resolve(this.efir.config.dataDir, removed.storedPath), { force: true });
    return { run: await this.subtitlesChanged(v, lang) };
  }

  /**
   * Checks that this user may upload the file of this video (the tus plugin calls it before creating
   * an upload) and readies the video for it: only a draft awaiting its file, or one whose last file
   * was refused, takes a new one, and only if the upload is admitted (one at a time, the producer's
   * quota, the disk reserve: studio-uploads.ts). Returns the new upload's id.
   */
  async beginUpload(user: User, id: string, fileName: string, length: number): Promise<string> {
    const v = await this.awaitingFile(user, id);
    const uploadId = await this.uploads.admit(v, user, fileName, length);
    if (v.state !== 'uploading') await this.efir.videos.setState(id, 'uploading', null);
    return uploadId;
  }

  /**
   * A video this user manages that takes a file now: a draft awaiting it, one whose last file was
   * refused, or a mirrored video without its original (state 'ready' with no source and no revision:
   * the YouTube embed plays it meanwhile). A mirrored video stays published throughout: its
   * visibility rests on its origin, not on its state, so 'uploading' and 'processing' do not hide it.
   */
  async awaitingFile(user: User, id: string): Promise<Video> {
    const v = await this.manageable(user, id);
    if (v.state === 'uploading' || v.state === 'failed' || awaitsOriginal(v)) return v;
    throw new EfirError('has_file', `"${v.title}" already has its file (state: ${v.state}); create a new video for another file`);
  }

  /**
   * Attaches a file already on this machine (`npm run import -- --youtube`) as a video's file, as a
   * finished tus upload would: `stagedPath` (under paths.uploads) is moved into sources/, probed, and
   * the full run started.
   */
  async attachFile(user: User, id: string, stagedPath: string, fileName: string, size: number): Promise<UploadOutcome> {
    const v = await this.awaitingFile(user, id);
    if (v.state !== 'uploading') await this.efir.videos.setState(id, 'uploading', null);
    return this.onUploadFinished(id, stagedPath, fileName, size);
  }

  /**
   * The request that completed an upload: the draft's owner is checked again (whoever sent the last
   * bytes must still manage the draft, and it must still be this upload's), then the file is taken.
   */
  async finishUpload(user: User | null, uploadId: string, videoId: string, tusFilePath: string, fileName: string, size: number): Promise<UploadOutcome> {
    const allowed = await this.uploads.finishAllowed(user, uploadId, videoId);
    if (allowed === 'not_found') return { ok: false, video: null, error: notFound(videoId).message, reason: 'not_found' };
    if (allowed === 'conflict') {
      return { ok: false, video: null, error: `${fileName}: a newer upload into this video replaced this one`, reason: 'conflict' };
    }
    return this.onUploadFinished(videoId, tusFilePath, fileName, size);
  }

  /** Whether this user may continue (HEAD, PATCH) or cancel (DELETE) an upload into this video. */
  async canUploadTo(user: User, id: string): Promise<boolean> {
    const v = await this.efir.videos.get(id);
    return !!v && canManage(user, v);
  }

  /**
   * A finished upload: the file moves to sources/<id>/source.<ext> and is probed here, before any job
   * runs, so an unusable file (not a video, truncated, empty, audio only) is refused at once with
   * the file's name and the reason, nothing queued and the file removed.
   */
  async onUploadFinished(videoId: string, tusFilePath: string, fileName: string, size: number): Promise<UploadOutcome> {
    const v = await this.efir.videos.get(videoId);
    if (!v) {
      await fs.rm(tusFilePath, { force: true });
      return { ok: false, video: null, error: `${fileName}: its video was deleted during the upload`, reason: 'conflict' };
    }
    // Two uploads begun into one draft (two tabs): the first to finish is the video's file.
    if (v.state !== 'uploading') {
      await fs.rm(tusFilePath, { force: true });
      return { ok: false, video: await this.view(videoId), error: `${fileName}: "${v.title}" already has its file (state: ${v.state})`, reason: 'conflict' };
    }
    const dir = path.join(this.efir.paths.sources, videoId);
    await fs.mkdir(dir, { recursive: true });
    for (const old of await fs.readdir(dir)) if (old.startsWith('source.')) await fs.rm(path.join(dir, old), { force: true });
    const dest = path.join(dir, `source.${extensionOf(fileName)}`);
    await moveFile(tusFilePath, dest);

    const refuse = async (reason: string, problem: string, details: Record<string, string | number> = {}): Promise<UploadOutcome> => {
      await fs.rm(dest, { force: true });
      const error = await this.refuseUpload(videoId, fileName, reason, problem, details);
      return { ok: false, video: await this.view(videoId), error, reason: 'bad_media', params: { file: fileName, ...details, problem } };
    };
    if (size === 0) return refuse('empty file (0 bytes)', 'empty_file');
    let probe;
    try {
      probe = await probeFile(dest, fileName, { limits: this.efir.config.mediaLimits });
    } catch (err) {
      if (err instanceof MediaInputError) return refuse(err.reason, err.code, err.params);
      await this.efir.videos.setState(videoId, 'failed', withCode(`${fileName}: could not be examined (server error); try again`, 'internal', { file: fileName, problem: 'probe_failed' }));
      throw err;
    }
    await this.efir.videos.setSource(videoId, {
      path: this.relative(dest),
      name: fileName,
      size,
      probe,
      duration: probe.duration,
      width: probe.video?.width ?? null,
      height: probe.video?.height ?? null
    });
    try {
      const { runId, rev } = await this.efir.pipeline.startFullRun(videoId);
      return { ok: true, video: (await this.view(videoId))!, runId, rev };
    } catch (err) {
      await this.efir.videos.setState(videoId, 'failed', withCode(`${fileName}: processing could not be started (server error); try again`, 'internal', { file: fileName, problem: 'start_failed' }));
      throw err;
    }
  }

  /**
   * Records why a file was refused, so the studio shows it beside the video (which then takes another
   * file); returns the message, which names the file. Used for refusals the upload plugin decides
   * itself too (an empty file is refused before tus creates anything). The stored text keeps the
   * refusal's code (bad_media, `problem`) for the studio to word it (media/coded-message.ts).
   */
  async refuseUpload(videoId: string, fileName: string, reason: string, problem = 'bad_media', details: Record<string, string | number> = {}): Promise<string> {
    const error = `${fileName}: ${reason}`;
    await this.efir.videos.setState(videoId, 'failed', withCode(error, 'bad_media', { file: fileName, ...details, problem }));
    return error;
  }

  /**
   * Listens to processing events of the videos this user may see (admins: all). Ownership is looked
   * up once per video and remembered for the subscription. Returns the unsubscribe function.
   */
  subscribeEvents(user: User, listener: (event: RunEventLike) => void): () => void {
    this.requireProducer(user);
    const known = new Map<string, Promise<boolean>>();
    const maySee = (videoId: string): Promise<boolean> => {
      if (user.role === 'admin') return Promise.resolve(true);
      let answer = known.get(videoId);
      if (!answer) {
        answer = this.efir.videos.get(videoId).then((v) => !!v && canManage(user, v), () => false);
        known.set(videoId, answer);
      }
      return answer;
    };
    return this.efir.pipeline.onEvent((event: RunEventLike) => {
      void maySee(event.videoId).then((ok) => {
        if (ok) listener(event);
      });
    });
  }

  /**
   * After any change of one language's subtitles (an uploaded file, a removal, a cue editor save,
   * a machine draft, a restore): the outputs made from them are made again. Every such change goes
   * through here (the cue editor's too: server/services/subtitle-editor.ts).
   */
  async subtitlesChanged(v: Video, lang: string): Promise<{ runId: string; rev: number } | null> {
    // The language's subtitled variant burns the old cues: it goes, and is made again if it had been.
    await this.efir.variants?.subtitlesChanged(v.id, lang);
    if (v.currentRev === null) return null;
    return (await this.efir.pipeline.startSubtitleRun(v.id)) ?? null;
  }

  /** A video this user manages, else 404 (the cue editor asks too). */
  async manageable(user: User, id: string): Promise<Video> {
    const v = await this.efir.videos.get(id);
    if (!v || !canManage(user, v)) throw notFound(id);
    return v;
  }

  private requireProducer(user: User): void {
    if (user.role !== 'producer' && user.role !== 'admin') throw new EfirError('forbidden', 'Forbidden: needs the producer role');
  }

  /** Stored paths are relative to DATA_DIR, so the data directory can move (the pipeline resolves them). */
  private relative(file: string): string {
    return path.relative(this.efir.config.dataDir, file);
  }

  private async view(id: string): Promise<StudioVideo | null> {
    const row = await this.efir.videos.getForStudio(id);
    return row ? toStudioVideo(row, await this.efir.subtitles.list(id)) : null;
  }

}

/**
 * A mirrored video follows the channel (the sync hides it when YouTube does, and would bring back a
 * deleted one without its Q&A and subtitles): the studio neither deletes nor hides it.
 */
function notMirrored(v: Video, what: string): void {
  if (v.origin === 'youtube') {
    throw new EfirError('invalid_state', `"${v.title}" is mirrored from the YouTube channel and cannot be ${what} here; change it on YouTube`);
  }
}

/** A mirrored video whose original Efir does not have yet (and is not receiving). */
export function awaitsOriginal(v: Pick<Video, 'origin' | 'state' | 'sourcePath' | 'currentRev'>): boolean {
  return v.origin === 'youtube' && v.state === 'ready' && v.sourcePath === null && v.currentRev === null;
}


function notFound(id: string): EfirError {
  return new EfirError('not_found', `No video ${id} in your studio`);
}

function notReadyReason(v: Video): string {
  if (v.state === 'uploading') return 'its file has not been uploaded yet';
  if (v.state === 'processing') return 'it is still processing';
  if (v.state === 'failed') return `its processing failed (${v.error ?? 'unknown error'})`;
  return 'it has no processed revision yet';
}

function cleanTitle(title: string): string {
  const t = title.trim();
  if (!t) throw new EfirError('invalid_request', 'title: must not be empty', { field: 'title', params: { rule: 'required' } });
  if (t.length > TITLE_MAX) throw new EfirError('invalid_request', `title: at most ${TITLE_MAX} characters`, { field: 'title', params: { rule: 'too_long', max: TITLE_MAX } });
  return t;
}

function cleanDescription(d: string): string {
  const t = d.trim();
  if (t.length > DESCRIPTION_MAX) {
    throw new EfirError('invalid_request', `description: at most ${DESCRIPTION_MAX} characters`, { field: 'description', params: { rule: 'too_long', max: DESCRIPTION_MAX } });
  }
  return t;
}
