/**
 * What the studio shows of a video (the JSON API's StudioVideo and the studio pages): its state,
 * its latest run and its subtitle files, from the repository's rows.
 */
import type { LatestRun, StudioVideoRow } from '../repositories/videos.ts';
import type { SubtitleWarning, VideoSubtitle } from '../repositories/subtitles.ts';
import { readCoded, type CodedParams } from '../../media/coded-message.ts';
import { LANGUAGE_NAMES, isLang } from '../../media/subtitles/index.ts';
import { isPublished, mediaUrl } from './library.ts';

export interface StudioSubtitle {
  lang: string;
  name: string;
  fileName: string;
  format: string;
  encoding: string;
  cueCount: number;
  warnings: SubtitleWarning[];
  /** ISO 8601 */
  updatedAt: string;
}

/** Why a video or run failed, as a code and the values its words need (web/lib/i18n/errors.ts). */
export interface StudioProblem {
  code: string;
  params: CodedParams;
}

/** The latest processing run, as the repository reads it, its error split into message and problem. */
export type StudioRun = LatestRun & { problem: StudioProblem | null };

/** A stored error text (media/coded-message.ts) as the API gives it: the message, and the code apart. */
export function splitError(text: string | null): { error: string | null; problem: StudioProblem | null } {
  if (text === null) return { error: null, problem: null };
  const c = readCoded(text);
  return { error: c.message, problem: c.code ? { code: c.code, params: c.params } : null };
}

export interface StudioVideo {
  id: string;
  ownerId: string | null;
  title: string;
  description: string;
  /** The five translations of title and description (Russian is title/description). */
  i18n: Record<string, { title?: string; description?: string }>;
  origin: string;
  state: 'uploading' | 'processing' | 'ready' | 'failed';
  error: string | null;
  problem: StudioProblem | null;
  /** Visible to viewers right now (published, ready, with a revision). */
  published: boolean;
  /** Will be published by the run that makes it ready ("publish when processed"). */
  publishWhenReady: boolean;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  sourceName: string | null;
  sourceSize: number | null;
  duration: number | null;
  width: number | null;
  height: number | null;
  currentRev: number | null;
  posterUrl: string | null;
  run: StudioRun | null;
  /** Published rungs and those still joining the revision (issue 15: watchable at 360p, the rest after). */
  renditions: { made: string[]; pending: string[] } | null;
  /** Held until the full ladder is made (the upload form's choice). */
  holdFullLadder: boolean;
  subtitles: StudioSubtitle[];
  /** The YouTube video id: a mirrored video's, or the one this upload was published as. */
  youtubeId: string | null;
  /** A mirrored video whose original file Efir does not have yet: the studio offers "Attach original". */
  awaitingOriginal: boolean;
}

export function toStudioSubtitle(s: VideoSubtitle): StudioSubtitle {
  return {
    lang: s.lang,
    name: isLang(s.lang) ? LANGUAGE_NAMES[s.lang] : s.lang,
    fileName: s.fileName,
    format: s.format,
    encoding: s.encoding,
    cueCount: s.cueCount,
    warnings: s.warnings,
    updatedAt: s.updatedAt.toISOString()
  };
}

export function toStudioVideo(r: StudioVideoRow, subs: VideoSubtitle[]): StudioVideo {
  return {
    id: r.id,
    ownerId: r.ownerId,
    title: r.title,
    description: r.description,
    i18n: r.i18n,
    origin: r.origin,
    state: r.state,
    ...splitError(r.error),
    published: isPublished(r),
    publishWhenReady: r.autoPublish && r.publishedAt === null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    sourceName: r.sourceName,
    sourceSize: r.sourceSize,
    duration: r.duration,
    width: r.width,
    height: r.height,
    currentRev: r.currentRev,
    posterUrl: r.currentRev === null ? null : mediaUrl(r.id, r.currentRev, 'poster.jpg'),
    run: r.run && { ...r.run, ...splitError(r.run.error) },
    renditions: r.currentRev === null ? null : r.renditions,
    holdFullLadder: r.holdFullLadder,
    subtitles: subs.map(toStudioSubtitle),
    youtubeId: r.youtubeId,
    awaitingOriginal: r.origin === 'youtube' && r.sourcePath === null && r.currentRev === null && r.state === 'ready'
  };
}
