/**
 * Which mirrored video a file on disk is the original of (`npm run import -- --youtube DIR`). Pure:
 * the import script lists the folder, probes durations and attaches; this module only decides.
 *
 * Two kinds of folders are met in practice:
 *  - files named by id, as yt-dlp and most download tools write them: "Title [dQw4w9WgXcQ].mp4", or
 *    just "dQw4w9WgXcQ.mp4". An id is taken only when a mirrored video has it, so a title that happens
 *    to be eleven letters ("Amnesty2024") is not mistaken for one;
 *  - a Google Takeout export of the channel, whose files are named by the video's title with the
 *    characters a file name cannot hold replaced (or dropped), a "(1)" added to a name already taken,
 *    and long titles cut. A title alone is weak (a channel repeats "Q&A" or "Patent: part 2" for
 *    years), so a Takeout name must also agree with the video's duration, within DURATION_TOLERANCE.
 * Two candidates, or none, is a refusal with the reason: the import prints it and attaches nothing,
 * since a wrong original would play under another video's title.
 */
import path from 'node:path';

/** YouTube rounds durations to whole seconds and a re-encoded Takeout file may differ by a frame or two. */
export const DURATION_TOLERANCE_SECONDS = 2;
/** A file name cut this short or shorter is not trusted as a title's beginning (see titleKey). */
const MIN_TRUNCATED_KEY = 20;
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/** Extensions of the video files a channel export holds; its .json/.csv metadata and the rest are skipped. */
export const VIDEO_EXTENSIONS = ['mp4', 'mov', 'm4v', 'mkv', 'webm', 'avi', 'flv', '3gp', 'mpg', 'mpeg', 'mts', 'm2ts', 'ts', 'wmv', 'ogv'];

/** A mirrored video as the matcher sees it. */
export interface MirroredCandidate {
  id: string;
  youtubeId: string;
  title: string;
  /** Seconds, from the channel's contentDetails; null when the mirror has none. */
  duration: number | null;
}

export type TakeoutMatch =
  | { file: string; video: MirroredCandidate; by: 'id' | 'title' }
  | { file: string; error: string };

export function isVideoFileName(name: string): boolean {
  return VIDEO_EXTENSIONS.includes(path.extname(name).slice(1).toLowerCase());
}

/**
 * The YouTube ids a file name may carry, most specific first: every "[…]" of 11 id characters
 * (yt-dlp's "%(title)s [%(id)s]"), then the whole name without its extension.
 */
export function youtubeIdsInName(fileName: string): string[] {
  const stem = stemOf(fileName);
  const ids = [...stem.matchAll(/\[([A-Za-z0-9_-]{11})\]/g)].map((m) => m[1]!);
  if (YOUTUBE_ID.test(stem)) ids.push(stem);
  return [...new Set(ids)];
}

/**
 * The comparable form of a title or a Takeout file name: Unicode-normalised, lower case, with every
 * character other than a letter or a digit removed. Takeout replaces what a file name cannot hold
 * (`/ \ : * ? " < > |`, and more on some exports) with `_` or drops it; removing all punctuation
 * and spaces on both sides makes either way compare equal.
 */
export function titleKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The keys a Takeout name may stand for: as it is, and without the "(1)" Takeout adds to a repeated name. */
export function takeoutKeys(fileName: string): string[] {
  const stem = stemOf(fileName);
  const keys = [titleKey(stem)];
  const suffix = /\s*\(\d{1,3}\)$/.exec(stem);
  if (suffix) keys.push(titleKey(stem.slice(0, suffix.index)));
  return [...new Set(keys.filter((k) => k !== ''))];
}

/** The mirrored videos, indexed once for a folder of files. */
export class MirrorIndex {
  private readonly byYoutubeId = new Map<string, MirroredCandidate>();
  private readonly byKey = new Map<string, MirroredCandidate[]>();

  constructor(readonly videos: readonly MirroredCandidate[]) {
    for (const v of videos) {
      this.byYoutubeId.set(v.youtubeId, v);
      const key = titleKey(v.title);
      if (key) this.byKey.set(key, [...(this.byKey.get(key) ?? []), v]);
    }
  }

  /** The video a file names by id, or null (then it needs a duration for matchByTitle). */
  matchById(fileName: string): MirroredCandidate | null {
    for (const id of youtubeIdsInName(fileName)) {
      const v = this.byYoutubeId.get(id);
      if (v) return v;
    }
    return null;
  }

  /**
   * Videos whose title the file name stands for. An exact key first (with, then without, a "(N)"
   * suffix); else, for a long name, titles it is the beginning of, since Takeout cuts long titles.
   */
  titleCandidates(fileName: string): MirroredCandidate[] {
    const keys = takeoutKeys(fileName);
    for (const key of keys) {
      const exact = this.byKey.get(key);
      if (exact) return exact;
    }
    const long = keys.filter((k) => k.length >= MIN_TRUNCATED_KEY);
    if (!long.length) return [];
    return this.videos.filter((v) => long.some((k) => titleKey(v.title).startsWith(k)));
  }
}

/**
 * One file: by id when its name has a mirrored video's id, else by title and duration (`duration`
 * is the file's, probed; null when it could not be read, which then only an id can match).
 */
export function matchFile(index: MirrorIndex, file: string, duration: number | null): TakeoutMatch {
  const name = path.basename(file);
  const byId = index.matchById(name);
  if (byId) return { file, video: byId, by: 'id' };

  const titled = index.titleCandidates(name);
  if (!titled.length) {
    const ids = youtubeIdsInName(name);
    if (ids.length) return { file, error: `${name}: no mirrored video has the YouTube id ${ids[0]} (sync the channel first?)` };
    return { file, error: `${name}: no mirrored video has this title` };
  }
  if (duration === null) return { file, error: `${name}: its duration could not be read, so its title alone cannot be trusted` };
  const fits = titled.filter((v) => v.duration !== null && Math.abs(v.duration - duration) <= DURATION_TOLERANCE_SECONDS);
  if (fits.length === 1) return { file, video: fits[0]!, by: 'title' };
  if (fits.length > 1) {
    return { file, error: `${name}: matches ${fits.length} mirrored videos of the same title and duration (${fits.map((v) => v.youtubeId).sort().join(', ')}); rename it "Title [YOUTUBE_ID]" to choose` };
  }
  const durations = titled.map((v) => `${v.youtubeId} ${formatSeconds(v.duration)}`).sort().join(', ');
  return { file, error: `${name}: the title matches (${durations}) but the file lasts ${formatSeconds(duration)}` };
}

/**
 * A folder's files: each matched on its own, then a video claimed by two files is refused for both
 * (which one is the original is not for a guess to decide).
 */
export function matchFiles(index: MirrorIndex, files: readonly { file: string; duration: number | null }[]): TakeoutMatch[] {
  const matches = files.map((f) => matchFile(index, f.file, f.duration));
  const claims = new Map<string, string[]>();
  for (const m of matches) if ('video' in m) claims.set(m.video.id, [...(claims.get(m.video.id) ?? []), path.basename(m.file)]);
  return matches.map((m) => {
    if (!('video' in m)) return m;
    const names = claims.get(m.video.id)!;
    if (names.length < 2) return m;
    return { file: m.file, error: `${path.basename(m.file)}: ${names.length} files match the video ${m.video.youtubeId} (${names.join(', ')}); keep one` };
  });
}

function stemOf(fileName: string): string {
  const base = path.basename(fileName);
  return isVideoFileName(base) ? base.slice(0, -path.extname(base).length) : base;
}

function formatSeconds(s: number | null): string {
  if (s === null) return 'unknown duration';
  const total = Math.round(s);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
