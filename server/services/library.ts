/**
 * What viewers read: the library (published videos, newest first) and one video's watch data.
 * Used by the JSON API and directly by the SvelteKit pages (locals.efir.library).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DataPaths } from '../../config/index.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import type { User } from '../repositories/users.ts';
import type { Video } from '../repositories/videos.ts';
import { LANGUAGE_NAMES, SUBTITLE_LANGUAGES } from '../../media/subtitles/index.ts';

export interface LibraryItem {
  id: string;
  title: string;
  description: string;
  duration: number | null;
  /** ISO 8601 */
  publishedAt: string;
  posterUrl: string;
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
}

export interface WatchData {
  id: string;
  title: string;
  description: string;
  duration: number | null;
  /** ISO 8601; null for an owner's or admin's preview of an unpublished video. */
  publishedAt: string | null;
  /** True when the viewer sees it only because they own it or are an admin. */
  preview: boolean;
  width: number | null;
  height: number | null;
  masterUrl: string;
  posterUrl: string;
  /** The thumbnail sprite's WebVTT (seek previews); null when the revision has none. */
  spritesUrl: string | null;
  subtitles: WatchSubtitle[];
  /** A replay's chapters (seconds from the start; the questions answered on air), else empty. */
  chapters: { start: number; title: string }[];
}

export const LIBRARY_MAX_LIMIT = 100;

/** URL of a file in a published revision (served by server/plugins/media.ts). */
export const mediaUrl = (id: string, rev: number, file: string) => `/media/${id}/${rev}/${file}`;

export function isPublished(v: Video): boolean {
  return v.state === 'ready' && v.publishedAt !== null && v.currentRev !== null;
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
  paths: DataPaths;
}

export class LibraryService {
  constructor(private readonly efir: LibraryDeps) {}

  async listLibrary(opts: { page?: number; limit?: number } = {}): Promise<LibraryPage> {
    const page = Math.max(1, Math.floor(opts.page ?? 1));
    const limit = Math.min(LIBRARY_MAX_LIMIT, Math.max(1, Math.floor(opts.limit ?? 24)));
    const { items, total } = await this.efir.videos.listLibrary({ offset: (page - 1) * limit, limit });
    return {
      items: items.map((v) => ({
        id: v.id,
        title: v.title,
        description: v.description,
        duration: v.duration,
        publishedAt: v.publishedAt!.toISOString(),
        posterUrl: mediaUrl(v.id, v.currentRev!, 'poster.jpg')
      })),
      page,
      limit,
      total
    };
  }

  /** Watch data, or null when this viewer may not see the video (so pages and API answer 404). */
  async getWatch(id: string, viewer: User | null): Promise<WatchData | null> {
    const v = await this.efir.videos.get(id);
    if (!v || v.currentRev === null) return null;
    const published = isPublished(v);
    if (!published && !(v.state === 'ready' && canManage(viewer, v))) return null;
    const rev = v.currentRev;
    const revDir = path.join(this.efir.paths.media, v.id, String(rev));
    const [subtitles, hasSprite] = await Promise.all([revisionSubtitles(revDir), exists(path.join(revDir, 'sprite.vtt'))]);
    return {
      id: v.id,
      title: v.title,
      description: v.description,
      duration: v.duration,
      publishedAt: v.publishedAt?.toISOString() ?? null,
      preview: !published,
      width: v.width,
      height: v.height,
      masterUrl: mediaUrl(v.id, rev, 'master.m3u8'),
      posterUrl: mediaUrl(v.id, rev, 'poster.jpg'),
      spritesUrl: hasSprite ? mediaUrl(v.id, rev, 'sprite.vtt') : null,
      subtitles: subtitles.map((lang) => ({ lang, name: LANGUAGE_NAMES[lang], url: mediaUrl(v.id, rev, `subs/${lang}.vtt`) })),
      chapters: v.chapters ?? []
    };
  }
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
