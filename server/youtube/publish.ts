/**
 * Publishing a producer's tutorial to the organisation's YouTube channel, with one action: the
 * source file by Google's resumable upload (resumable-upload.ts) with its title and description in
 * Russian and a localization for every language Efir has (videos.i18n), then every subtitle track of
 * its current revision as a caption track (captions.insert). It runs as the `publish` job of the
 * web process's `youtube` queue; the studio shows its progress from the youtube_publications row.
 *
 * A retry never makes a second copy: the row keeps the session URI (a retry asks YouTube what it
 * holds and goes on from there, or learns that the upload had completed and reads the new video's
 * id), and once YouTube answered with the video's id nothing is uploaded again; only the caption
 * tracks not yet recorded as done are sent. The id goes on videos.youtube_id, so the mirror's sync
 * links the published video to Efir's own instead of adding it.
 *
 * Costs go through the ledger as every call does (YoutubeApi): videos.insert 1600 units for the
 * session start, captions.insert 400 a track, purpose 'publish' (within the day's budget minus the
 * sync's reserve). Uploads from an API project Google has not audited stay private on YouTube.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config, DataPaths } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import { LANGUAGE_NAMES, SUBTITLE_LANGUAGES, type Lang } from '../../media/subtitles/index.ts';
import type { YoutubeApi } from './api.ts';
import { PublicationsRepository, type Publication } from './publications.ts';
import { querySession, startSession, uploadChunks } from './resumable-upload.ts';

export const PRIVACY_STATUSES = ['public', 'unlisted', 'private'] as const;
export type PrivacyStatus = (typeof PRIVACY_STATUSES)[number];

/** The `publish` job's payload (H1's youtube queue). */
export interface PublishJobData {
  videoId: string;
  /** What the producer chose (default public; an unaudited API project's uploads stay private anyway). */
  privacyStatus?: PrivacyStatus;
}

/** What the studio shows of a publication. */
export interface PublicationView {
  state: Publication['state'];
  bytesSent: number;
  totalBytes: number | null;
  /** 0..100 of the upload (captions after it are counted apart). */
  percent: number;
  captionsDone: string[];
  youtubeVideoId: string | null;
  youtubeUrl: string | null;
  error: string | null;
}

/** YouTube's limits: a title of at most 100 characters, a description of at most 5000 bytes, neither with < or >. */
const TITLE_MAX = 100;
const DESCRIPTION_MAX_BYTES = 5000;
/** Education: what the organisation's tutorials are. */
const CATEGORY_EDUCATION = '27';
const PARTS = ['snippet', 'status', 'localizations'];

export interface PublishDeps {
  db: Db;
  api: Pick<YoutubeApi, 'request' | 'hasAccessTokens'>;
  videos: VideosRepository;
  paths: Pick<DataPaths, 'media'>;
  config: Pick<Config, 'dataDir'>;
  log: Logger;
  /** Whether the channel's account has consented (OAuth): publishing needs it (oauth.state().connected). */
  oauthConnected?: () => Promise<boolean>;
  /** Adds the `publish` job (H1's youtube queue, one job per video); set where the queue is wired. */
  enqueue?: (data: PublishJobData) => Promise<void>;
  /** Bytes per chunk (a multiple of 256 KiB); tests use small ones. */
  chunkSize?: number;
}

export interface PublishResult {
  youtubeVideoId: string;
  /** The languages of the revision's subtitle tracks, each now a caption track on YouTube. */
  captions: string[];
}

export type PublishProgress = { phase: 'upload'; bytes: number; total: number } | { phase: 'captions'; done: number; total: number };

export class PublishService {
  readonly repo: PublicationsRepository;
  enqueue: PublishDeps['enqueue'];
  /** Bytes per chunk of the resumable upload (a multiple of 256 KiB). */
  chunkSize: number | undefined;

  constructor(private readonly deps: PublishDeps) {
    this.repo = new PublicationsRepository(deps.db);
    this.enqueue = deps.enqueue;
    this.chunkSize = deps.chunkSize;
  }

  /**
   * The producer's action (studio button, POST /api/studio/videos/:id/youtube): the producer's own
   * processed video, or any for an admin. Queues the `publish` job; a failed or interrupted
   * publication is queued again and resumes.
   */
  async request(user: User, videoId: string, privacyStatus: PrivacyStatus = 'public'): Promise<PublicationView> {
    const v = await this.publishable(user, videoId);
    const existing = await this.repo.get(videoId);
    if (v.origin === 'youtube' || (v.youtubeId && existing?.youtubeVideoId !== v.youtubeId) || existing?.state === 'done') {
      throw new EfirError('invalid_state', `"${v.title}" is already on YouTube${v.youtubeId ? ` (${v.youtubeId})` : ''}`);
    }
    if (v.state !== 'ready' || v.currentRev === null || !v.sourcePath) {
      throw new EfirError('not_ready', `"${v.title}" cannot be published to YouTube before it is processed`);
    }
    const connected = this.deps.api.hasAccessTokens() && (this.deps.oauthConnected ? await this.deps.oauthConnected() : true);
    if (!connected || !this.enqueue) {
      throw new EfirError('youtube_not_connected', 'Publishing needs the YouTube channel connected with OAuth: an admin completes the consent on /admin');
    }
    const queued = await this.repo.queue(videoId, user.id);
    if (!queued) throw new EfirError('invalid_state', `"${v.title}" is already on YouTube`);
    await this.enqueue({ videoId, privacyStatus });
    return toView(queued);
  }

  /** The publication of a video this user may publish, or null when there is none. */
  async view(user: User, videoId: string): Promise<PublicationView | null> {
    await this.publishable(user, videoId);
    const p = await this.repo.get(videoId);
    return p ? toView(p) : null;
  }

  /** For the studio list: the publications of these videos. */
  async views(videoIds: string[]): Promise<Map<string, PublicationView>> {
    const rows = await this.repo.forVideos(videoIds);
    return new Map([...rows].map(([id, p]) => [id, toView(p)]));
  }

  /** The `publish` job. Resumes from the row; throws (the row then says 'failed' and why) for the queue to retry. */
  async run(data: PublishJobData, onProgress: (p: PublishProgress) => Promise<void> | void = () => {}): Promise<PublishResult> {
    const { videoId } = data;
    const pub = await this.repo.get(videoId);
    const v = await this.deps.videos.get(videoId);
    if (!pub || !v) throw new EfirError('not_found', `No publication of video ${videoId} (deleted meanwhile?)`);
    try {
      let youtubeVideoId = pub.youtubeVideoId;
      if (!youtubeVideoId) {
        youtubeVideoId = await this.upload(v.id, v.sourcePath, pub, data.privacyStatus ?? 'public', onProgress);
        await this.repo.uploaded(v.id, youtubeVideoId);
        this.deps.log.info({ videoId, youtubeVideoId }, 'video uploaded to YouTube');
      } else if (pub.state !== 'captions') {
        await this.repo.update(videoId, { state: 'captions', error: null });
      }
      const captions = await this.captions(v.id, v.currentRev, youtubeVideoId, pub.captionsDone, onProgress);
      await this.repo.update(videoId, { state: 'done', error: null });
      return { youtubeVideoId, captions };
    } catch (err) {
      await this.repo.update(videoId, { state: 'failed', error: (err as Error).message }).catch(() => {});
      throw err;
    }
  }

  /** The resumable upload, from where YouTube's copy ends; answers the new video's id. */
  private async upload(
    videoId: string,
    sourcePath: string | null,
    pub: Publication,
    privacyStatus: PrivacyStatus,
    onProgress: (p: PublishProgress) => Promise<void> | void
  ): Promise<string> {
    if (!sourcePath) throw new EfirError('not_ready', `Video ${videoId} has no source file to publish`);
    const file = path.resolve(this.deps.config.dataDir, sourcePath);
    const totalBytes = (await fs.stat(file)).size;
    let sessionUri = pub.sessionUri;
    let offset = 0;
    if (sessionUri) {
      const state = await querySession(this.deps.api, sessionUri, pub.totalBytes ?? totalBytes);
      if ('expired' in state) sessionUri = null;
      else if (state.done) return state.video.id;
      else offset = state.offset;
    }
    if (!sessionUri) {
      const text = await this.repo.videoText(videoId);
      if (!text) throw new EfirError('not_found', `No video ${videoId}`);
      sessionUri = await startSession(this.deps.api, {
        resource: videoResource(text, privacyStatus),
        parts: PARTS,
        totalBytes,
        contentType: contentTypeOf(file)
      });
      offset = 0;
      await this.repo.update(videoId, { state: 'uploading', sessionUri, totalBytes, bytesSent: 0, error: null });
    } else {
      await this.repo.update(videoId, { state: 'uploading', bytesSent: offset, error: null });
    }
    await onProgress({ phase: 'upload', bytes: offset, total: totalBytes });
    const video = await uploadChunks(this.deps.api, {
      sessionUri,
      file,
      totalBytes,
      offset,
      chunkSize: this.chunkSize,
      onProgress: async (bytes) => {
        await this.repo.update(videoId, { bytesSent: bytes });
        await onProgress({ phase: 'upload', bytes, total: totalBytes });
      }
    });
    return video.id;
  }

  /** Every subtitle track of the current revision not yet on YouTube, each its own captions.insert. */
  private async captions(
    videoId: string,
    rev: number | null,
    youtubeVideoId: string,
    done: string[],
    onProgress: (p: PublishProgress) => Promise<void> | void
  ): Promise<string[]> {
    if (rev === null) return [];
    const subsDir = path.join(this.deps.paths.media, videoId, String(rev), 'subs');
    const names = new Set(await fs.readdir(subsDir).catch(() => [] as string[]));
    const langs = SUBTITLE_LANGUAGES.filter((l) => names.has(`${l}.vtt`));
    let count = langs.filter((l) => done.includes(l)).length;
    for (const lang of langs) {
      if (done.includes(lang)) continue;
      await onProgress({ phase: 'captions', done: count, total: langs.length });
      await insertCaption(this.deps.api, youtubeVideoId, lang, await fs.readFile(path.join(subsDir, `${lang}.vtt`)));
      await this.repo.captionDone(videoId, lang);
      count++;
    }
    await onProgress({ phase: 'captions', done: count, total: langs.length });
    return langs;
  }

  /** The producer's own video, or any for an admin (mirrored videos are refused by request()); else 404. */
  private async publishable(user: User, videoId: string) {
    const v = await this.deps.videos.get(videoId);
    const mayPublish = !!v && (user.role === 'admin' || (user.role === 'producer' && (v.ownerId === user.id || v.origin === 'youtube')));
    if (!v || !mayPublish) throw new EfirError('not_found', `No video ${videoId} in your studio`);
    return v;
  }
}

/** captions.insert by a multipart/related upload (the resource, then the WebVTT track), purpose 'publish'. */
async function insertCaption(api: PublishDeps['api'], youtubeVideoId: string, lang: Lang, vtt: Buffer): Promise<void> {
  const boundary = `efir-${crypto.randomBytes(12).toString('hex')}`;
  const resource = { snippet: { videoId: youtubeVideoId, language: lang, name: LANGUAGE_NAMES[lang], isDraft: false } };
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(resource)}\r\n--${boundary}\r\nContent-Type: text/vtt\r\n\r\n`),
    vtt,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ]);
  await api.request('captions.insert', 'publish', {
    method: 'POST',
    path: 'upload/youtube/v3/captions',
    query: { uploadType: 'multipart', part: 'snippet' },
    headers: { 'Content-Type': `multipart/related; boundary=${boundary}` },
    body
  });
}

/** The video resource of videos.insert: Russian in the snippet, the other languages as localizations. */
export function videoResource(
  text: { title: string; description: string; i18n: Record<string, { title?: string; description?: string }> },
  privacyStatus: PrivacyStatus
): Record<string, unknown> {
  const localizations: Record<string, { title: string; description: string }> = {};
  for (const lang of SUBTITLE_LANGUAGES) {
    if (lang === 'ru') continue;
    const t = text.i18n[lang];
    if (!t || (!t.title?.trim() && !t.description?.trim())) continue;
    localizations[lang] = { title: youtubeTitle(t.title?.trim() || text.title), description: youtubeDescription(t.description ?? '') };
  }
  return {
    snippet: {
      title: youtubeTitle(text.title),
      description: youtubeDescription(text.description),
      defaultLanguage: 'ru',
      defaultAudioLanguage: 'ru',
      categoryId: CATEGORY_EDUCATION
    },
    status: { privacyStatus, selfDeclaredMadeForKids: false, embeddable: true },
    ...(Object.keys(localizations).length ? { localizations } : {})
  };
}

/** YouTube refuses < and > in titles and descriptions: the look-alike angle quotation marks instead. */
const noAngles = (s: string) => s.replace(/</g, '‹').replace(/>/g, '›');

export function youtubeTitle(title: string): string {
  const t = noAngles(title).trim();
  const chars = [...t];
  return chars.length <= TITLE_MAX ? t : `${chars.slice(0, TITLE_MAX - 1).join('')}…`;
}

export function youtubeDescription(description: string): string {
  let d = noAngles(description).trim();
  while (Buffer.byteLength(d) > DESCRIPTION_MAX_BYTES) d = [...d].slice(0, -Math.max(1, Math.ceil((Buffer.byteLength(d) - DESCRIPTION_MAX_BYTES) / 4))).join('');
  return d;
}

function contentTypeOf(file: string): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  const types: Record<string, string> = { mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', mkv: 'video/x-matroska', webm: 'video/webm', avi: 'video/x-msvideo' };
  return types[ext] ?? 'application/octet-stream';
}

export function toView(p: Publication): PublicationView {
  const total = p.totalBytes ?? 0;
  return {
    state: p.state,
    bytesSent: p.bytesSent,
    totalBytes: p.totalBytes,
    percent: p.youtubeVideoId ? 100 : total > 0 ? Math.floor((p.bytesSent / total) * 100) : 0,
    captionsDone: p.captionsDone,
    youtubeVideoId: p.youtubeVideoId,
    youtubeUrl: p.youtubeVideoId ? `https://www.youtube.com/watch?v=${p.youtubeVideoId}` : null,
    error: p.error
  };
}
