/**
 * What viewers read: the library (published videos, newest first) and one video's watch data.
 * Used by the JSON API and directly by the SvelteKit pages (locals.efir.library).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DataPaths } from '../../config/index.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import type { SubtitlesRepository } from '../repositories/subtitles.ts';
import type { User } from '../repositories/users.ts';
import type { Video, VideoI18n, VideoOrigin } from '../repositories/videos.ts';
import { LANGUAGE_NAMES, SUBTITLE_LANGUAGES, isLang, parseSubtitles, toWebVtt, type Cue } from '../../media/subtitles/index.ts';

export interface LibraryItem {
  id: string;
  origin: VideoOrigin;
  title: string;
  description: string;
  /** Translations by language; pages show the viewer's, the Russian original otherwise. */
  i18n: VideoI18n;
  duration: number | null;
  /** ISO 8601 */
  publishedAt: string;
  /** null: a mirrored video whose poster the sync has not fetched yet. */
  posterUrl: string | null;
}

/** One of the channel's upcoming or live broadcasts, for the home page's schedule. */
export interface ChannelBroadcast {
  id: string;
  title: string;
  i18n: VideoI18n;
  state: 'upcoming' | 'live';
  /** ISO 8601; null when YouTube gives no time. */
  scheduledAt: string | null;
  posterUrl: string | null;
}

export interface LibraryPage {
  items: LibraryItem[];
  page: number;
  limit: number;
  total: number;
}

export interface WatchSubtitle {
  lang: string;
  /** The language's name in its own script, for the player's menu. */
  name: string;
  url: string;
  /** Present (true) when a machine translated some of its cues: players label it "(machine-translated)". */
  machine?: true;
}

export interface WatchData {
  id: string;
  origin: VideoOrigin;
  title: string;
  description: string;
  i18n: VideoI18n;
  duration: number | null;
  /** ISO 8601; null for an owner's or admin's preview of an unpublished video. */
  publishedAt: string | null;
  /** True when the viewer sees it only because they own it or are an admin. */
  preview: boolean;
  width: number | null;
  height: number | null;
  /** Efir's HLS; null while a mirrored video has no revision of its own (it plays in `embedUrl`). */
  masterUrl: string | null;
  /** YouTube's privacy-enhanced embed of a mirrored video Efir cannot play itself yet, else null. */
  embedUrl: string | null;
  /** A channel broadcast not yet over: 'upcoming' or 'live' (in the embed), else null. */
  live: 'upcoming' | 'live' | null;
  /** ISO 8601: when an upcoming channel broadcast is to start. */
  scheduledAt: string | null;
  posterUrl: string | null;
  /** The thumbnail sprite's WebVTT (seek previews); null when the revision has none. */
  spritesUrl: string | null;
  subtitles: WatchSubtitle[];
  /** A replay's chapters (seconds from the start; the questions answered on air), else empty. */
  chapters: { start: number; title: string }[];
}

export const LIBRARY_MAX_LIMIT = 100;

/** URL of a file in a published revision (served by server/plugins/media.ts). */
export const mediaUrl = (id: string, rev: number, file: string) => `/media/${id}/${rev}/${file}`;

/** YouTube's privacy-enhanced player: no cookies until the viewer plays. The pages' CSP allows this origin's frames only. */
export const YOUTUBE_EMBED = 'https://www.youtube-nocookie.com/embed/';

/** A subtitle file of a video without a revision, as WebVTT (server/routes/library.ts). */
export const subtitleFileUrl = (id: string, lang: string) => `/api/videos/${id}/subtitles/${lang}`;

/** Its current revision may be served to viewers: published, not hidden, processed. */
export function isPublished(v: Video): boolean {
  return v.state === 'ready' && v.publishedAt !== null && v.currentRev !== null && v.hiddenAt === null;
}

const broadcastContent = (v: Video) => v.youtube?.liveBroadcastContent ?? 'none';

/** The library's rule for one row: the same as VISIBLE (server/repositories/videos.ts), in TypeScript. */
export function isVisible(v: Video): boolean {
  if (v.publishedAt === null || v.hiddenAt !== null) return false;
  return (v.state === 'ready' && v.currentRev !== null) || (v.origin === 'youtube' && broadcastContent(v) === 'none');
}

/** What a watch page may show: the library's videos, and the channel's upcoming and live broadcasts (in the embed). */
export function isWatchable(v: Video): boolean {
  return isVisible(v) || (v.origin === 'youtube' && v.youtubeId !== null && v.publishedAt !== null && v.hiddenAt === null);
}

/** A mirrored video viewers may watch that Efir cannot play itself (no revision, or one not servable now). */
function playsInEmbed(v: Video): boolean {
  return v.youtubeId !== null && isWatchable(v) && (v.currentRev === null || !isPublished(v));
}

/** YouTube's date-time as ISO 8601, or null when absent or not a date. */
function isoOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(+d) ? null : d.toISOString();
}

/** The poster: a mirrored video's own (fetched from YouTube) until Efir has a revision, then the revision's. */
export function posterUrlOf(v: Video): string | null {
  if (v.currentRev !== null && v.state === 'ready') return mediaUrl(v.id, v.currentRev, 'poster.jpg');
  return v.posterPath ? `/media/posters/${v.posterPath}` : null;
}

/**
 * The owner and admins see a video before viewers do, to check it before publishing. A mirrored
 * video (origin 'youtube') is the organisation's: every producer manages it (attaches its original,
 * its subtitles).
 */
export function canManage(user: User | null, v: Pick<Video, 'ownerId' | 'origin'>): boolean {
  return !!user && (user.role === 'admin' || (user.role === 'producer' && (v.ownerId === user.id || v.origin === 'youtube')));
}

/** What the library reads: the videos and the published revisions' folder. */
export interface LibraryDeps {
  videos: VideosRepository;
  subtitles: SubtitlesRepository;
  paths: DataPaths;
  /** DATA_DIR: stored subtitle paths are relative to it. */
  dataDir: string;
}

export class LibraryService {
  constructor(private readonly efir: LibraryDeps) {}

  async listLibrary(opts: { page?: number; limit?: number } = {}): Promise<LibraryPage> {
    const page = Math.max(1, Math.floor(opts.page ?? 1));
    const limit = Math.min(LIBRARY_MAX_LIMIT, Math.max(1, Math.floor(opts.limit ?? 24)));
    const { items, total } = await this.efir.videos.listLibrary({ offset: (page - 1) * limit, limit });
    return {
      items: items.map(libraryItem),
      page,
      limit,
      total
    };
  }

  /** The channel's upcoming and live broadcasts (mirrored), for the home page beside Efir's own. */
  async channelSchedule(): Promise<ChannelBroadcast[]> {
    return (await this.efir.videos.listChannelSchedule()).map((v) => ({
      id: v.id,
      title: v.title,
      i18n: v.i18n,
      state: v.youtube?.liveBroadcastContent === 'live' ? 'live' : 'upcoming',
      scheduledAt: isoOrNull(v.youtube?.scheduledStartTime),
      posterUrl: posterUrlOf(v)
    }));
  }

  /** Watch data, or null when this viewer may not see the video (so pages and API answer 404). */
  async getWatch(id: string, viewer: User | null): Promise<WatchData | null> {
    const v = await this.efir.videos.get(id);
    if (!v) return null;
    if (playsInEmbed(v)) return this.embedWatch(v);
    if (v.currentRev === null) return null;
    const published = isPublished(v);
    if (!published && !(v.state === 'ready' && canManage(viewer, v))) return null;
    const rev = v.currentRev;
    const revDir = path.join(this.efir.paths.media, v.id, String(rev));
    const [subtitles, hasSprite, machine] = await Promise.all([
      revisionSubtitles(revDir),
      exists(path.join(revDir, 'sprite.vtt')),
      this.machineLanguages(v.id)
    ]);
    return {
      ...watchText(v),
      preview: !published,
      width: v.width,
      height: v.height,
      masterUrl: mediaUrl(v.id, rev, 'master.m3u8'),
      embedUrl: null,
      live: null,
      scheduledAt: null,
      posterUrl: mediaUrl(v.id, rev, 'poster.jpg'),
      spritesUrl: hasSprite ? mediaUrl(v.id, rev, 'sprite.vtt') : null,
      subtitles: subtitles.map((lang) => ({ lang, name: LANGUAGE_NAMES[lang], url: mediaUrl(v.id, rev, `subs/${lang}.vtt`), ...machineFlag(machine, lang) })),
      chapters: v.chapters ?? []
    };
  }

  /** The languages of a video whose tracks hold machine-translated cues (video_subtitles.machine_cues). */
  private async machineLanguages(videoId: string): Promise<Set<string>> {
    return new Set((await this.efir.subtitles.list(videoId)).filter((s) => s.machineCues > 0).map((s) => s.lang));
  }

  /**
   * A mirrored video Efir cannot play itself (no revision yet, or one being made): YouTube's embed,
   * with the subtitle files Efir has for it (the studio's, or the channel's caption tracks brought
   * in) as WebVTT links beside it.
   */
  private async embedWatch(v: Video): Promise<WatchData> {
    const subs = (await this.efir.subtitles.list(v.id)).filter((s) => isLang(s.lang));
    const order = (lang: string) => (SUBTITLE_LANGUAGES as readonly string[]).indexOf(lang);
    subs.sort((a, b) => order(a.lang) - order(b.lang));
    const content = broadcastContent(v);
    return {
      ...watchText(v),
      preview: false,
      width: v.width,
      height: v.height,
      masterUrl: null,
      embedUrl: `${YOUTUBE_EMBED}${encodeURIComponent(v.youtubeId!)}`,
      live: content === 'none' ? null : content,
      scheduledAt: isoOrNull(v.youtube?.scheduledStartTime),
      posterUrl: v.posterPath ? `/media/posters/${v.posterPath}` : null,
      spritesUrl: null,
      subtitles: subs.map((s) => ({
        lang: s.lang,
        name: LANGUAGE_NAMES[s.lang as keyof typeof LANGUAGE_NAMES],
        url: subtitleFileUrl(v.id, s.lang),
        ...(s.machineCues > 0 ? { machine: true as const } : {})
      })),
      chapters: []
    };
  }

  /**
   * One language's subtitles of a video viewers may watch, parsed from the stored file (the one the
   * next revision is made from), or null when there are none. For videos without a revision: the
   * embed page's transcript and its WebVTT links; a revision's own are under /media.
   */
  async subtitleCues(id: string, lang: string): Promise<Cue[] | null> {
    if (!isLang(lang)) return null;
    const v = await this.efir.videos.get(id);
    // Only where the embed plays it: a revision's own subtitles are its published ones (/media), and a
    // file attached since is not public until the subtitle run publishes it.
    if (!v || !playsInEmbed(v)) return null;
    const row = await this.efir.subtitles.get(id, lang);
    if (!row) return null;
    const bytes = await fs.readFile(path.resolve(this.efir.dataDir, row.storedPath)).catch(() => null);
    if (!bytes) return null;
    try {
      return parseSubtitles(bytes, row.fileName).cues;
    } catch {
      // Checked when attached; a file that no longer parses is treated as absent.
      return null;
    }
  }

  /** The same as a WebVTT file, for the links beside the embed. */
  async subtitleVtt(id: string, lang: string): Promise<string | null> {
    const cues = await this.subtitleCues(id, lang);
    return cues ? toWebVtt(cues) : null;
  }
}

const machineFlag = (machine: Set<string>, lang: string) => (machine.has(lang) ? { machine: true as const } : {});

/** A library card of a video the caller knows is visible. */
export function libraryItem(v: Video): LibraryItem {
  return {
    id: v.id,
    origin: v.origin,
    title: v.title,
    description: v.description,
    i18n: v.i18n,
    duration: v.duration,
    publishedAt: v.publishedAt!.toISOString(),
    posterUrl: posterUrlOf(v)
  };
}

/**
 * The languages the revision actually has, read from its directory rather than from the subtitle
 * rows: a file attached or removed since is not in this revision (nor in its master playlist) until
 * the subtitle run publishes the next one.
 */
async function revisionSubtitles(revDir: string): Promise<(typeof SUBTITLE_LANGUAGES)[number][]> {
  const names = new Set(await fs.readdir(path.join(revDir, 'subs')).catch(() => [] as string[]));
  return SUBTITLE_LANGUAGES.filter((lang) => names.has(`${lang}.vtt`));
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false
  );
}

/** What every watch answer says of a video, whichever player it gets. */
function watchText(v: Video) {
  return {
    id: v.id,
    origin: v.origin,
    title: v.title,
    description: v.description,
    i18n: v.i18n,
    duration: v.duration,
    publishedAt: v.publishedAt?.toISOString() ?? null
  };
}
