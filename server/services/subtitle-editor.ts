/**
 * The studio's cue editor (issue 12): one language's cues beside the Russian ones, saved as versions.
 * A save names the version it was made from (baseVersion); the track's row moves on only from that
 * version, in the same transaction that records the version and writes the file, so of two saves
 * from one version the later is refused (409 subtitle_conflict, naming the version it would have
 * erased) on every instance alike. A saved track is Efir's own WebVTT in
 * sources/<id>/subtitles/<lang>.vtt, and the change goes through StudioService.subtitlesChanged
 * (the subtitle-only run, and the language's burned variants) like an uploaded file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, DataPaths } from '../../config/index.ts';
import type { Db, Queryable } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import { formatVttTimestamp } from '../../media/subtitles/index.ts';
import type { SubtitlesRepository } from '../repositories/subtitles.ts';
import type { SubtitleVersionInfo, SubtitleVersionsRepository, VersionKind } from '../repositories/subtitle-versions.ts';
import type { User } from '../repositories/users.ts';
import type { Video } from '../repositories/videos.ts';
import type { LibraryService } from './library.ts';
import type { StudioService } from './studio.ts';
import { removeSiblings, writeAtomically } from './studio-files.ts';
import { CueCheckError, cleanCues, type CueWarning, type EditorCue } from '../../media/subtitles/cue-checks.ts';
import { SubtitleError, parseSubtitles, toWebVtt } from '../../media/subtitles/index.ts';
import { checkSubtitleLang } from './subtitle-lang.ts';

export type { EditorCue, CueWarning } from '../../media/subtitles/cue-checks.ts';

/** The language whose cues are the reference beside the one being edited. */
export const REFERENCE_LANG = 'ru';
/** More would not be an edited track but a pasted file: upload files through the studio's subtitle table. */
export const MAX_EDITOR_CUES = 5000;

export interface VersionView {
  version: number;
  kind: VersionKind;
  /** The author's display name; null for the YouTube channel's track or a deleted account. */
  author: string | null;
  cueCount: number;
  machineCues: number;
  restoredFrom: number | null;
  createdAt: string;
  /** The track's current version. */
  current: boolean;
}

export interface EditorTrack {
  lang: string;
  /** 0: the video has no track in this language yet (the first save creates it). */
  version: number;
  cues: EditorCue[];
  machineCues: number;
}

export interface EditorData {
  video: {
    id: string;
    title: string;
    duration: number | null;
    /** The preview (the latest revision's HLS); null while the video has no revision Efir plays. */
    masterUrl: string | null;
    posterUrl: string | null;
    width: number | null;
    height: number | null;
    /** The revision's subtitle tracks, for the preview player. */
    subtitles: { lang: string; name: string; url: string }[];
  };
  reference: EditorTrack;
  target: EditorTrack;
  versions: VersionView[];
}

export interface SaveResult {
  version: number;
  warnings: CueWarning[];
  run: { runId: string; rev: number } | null;
}

export interface SubtitleEditorDeps {
  db: Db;
  config: Config;
  paths: DataPaths;
  subtitles: SubtitlesRepository;
  versions: SubtitleVersionsRepository;
  studio: StudioService;
  library: LibraryService;
}

export class SubtitleEditorService {
  constructor(private readonly efir: SubtitleEditorDeps) {}

  async load(user: User, videoId: string, lang: string): Promise<EditorData> {
    checkSubtitleLang(lang);
    const v = await this.efir.studio.manageable(user, videoId);
    const [watch, reference, target, versions] = await Promise.all([
      this.efir.library.getWatch(videoId, user),
      this.currentTrack(v, REFERENCE_LANG),
      this.currentTrack(v, lang),
      this.versions(user, videoId, lang, v)
    ]);
    return {
      video: {
        id: v.id,
        title: v.title,
        duration: v.duration,
        masterUrl: watch?.masterUrl ?? null,
        posterUrl: watch?.posterUrl ?? null,
        width: v.width,
        height: v.height,
        subtitles: watch?.masterUrl ? watch.subtitles : []
      },
      reference,
      target,
      versions
    };
  }

  /** Newest first; a track stored before versions existed shows its current state as one. */
  async versions(user: User, videoId: string, lang: string, known?: Video): Promise<VersionView[]> {
    checkSubtitleLang(lang);
    const v = known ?? (await this.efir.studio.manageable(user, videoId));
    const [row, list] = await Promise.all([this.efir.subtitles.get(v.id, lang), this.efir.versions.list(v.id, lang)]);
    const views = list.map((i) => view(i, row?.version ?? 0));
    if (row && !list.some((i) => i.version === row.version)) {
      views.unshift({
        version: row.version,
        kind: 'upload',
        author: null,
        cueCount: row.cueCount,
        machineCues: 0,
        restoredFrom: null,
        createdAt: row.updatedAt.toISOString(),
        current: true
      });
    }
    return views;
  }

  /** A person's save: a new version (kind 'edit') from `baseVersion`. */
  async save(user: User, videoId: string, lang: string, input: { baseVersion: number; cues: EditorCue[] }): Promise<SaveResult> {
    checkSubtitleLang(lang);
    const v = await this.efir.studio.manageable(user, videoId);
    return this.commitVersion(v, lang, { baseVersion: input.baseVersion, cues: input.cues, kind: 'edit', authorId: user.id });
  }

  /** An older version's cues as a new version (kind 'restore'). */
  async restore(user: User, videoId: string, lang: string, version: number, input: { baseVersion: number }): Promise<SaveResult> {
    checkSubtitleLang(lang);
    const v = await this.efir.studio.manageable(user, videoId);
    const old = await this.efir.versions.get(v.id, lang, version);
    if (!old) throw new EfirError('not_found', `"${v.title}" has no version ${version} of its ${lang} subtitles`);
    return this.commitVersion(v, lang, { baseVersion: input.baseVersion, cues: old.cues, kind: 'restore', authorId: user.id, restoredFrom: version });
  }

  /**
   * The one way a version is made from cues (edits, restores, machine drafts: kind 'draft' with
   * machine: true cues). The caller has checked access. Cleans and checks the cues (400 bad_cue naming
   * the cue), then in one transaction moves the track from `baseVersion` (0: no track yet) to the
   * next version, records it and writes the file; 409 subtitle_conflict when the track has moved on.
   */
  async commitVersion(
    video: Video,
    lang: string,
    input: { baseVersion: number; cues: EditorCue[]; kind: VersionKind; authorId: string | null; restoredFrom?: number | null }
  ): Promise<SaveResult> {
    checkSubtitleLang(lang);
    if (!Number.isInteger(input.baseVersion) || input.baseVersion < 0) {
      throw new EfirError('invalid_field', 'baseVersion: the version the edit started from (0 for a new track)', { field: 'baseVersion' });
    }
    if (input.cues.length > MAX_EDITOR_CUES) {
      throw new EfirError('too_large', `at most ${MAX_EDITOR_CUES} cues; upload longer subtitles as a file`, { field: 'cues' });
    }
    let cleaned: ReturnType<typeof cleanCues>;
    try {
      cleaned = cleanCues(input.cues, video.duration);
    } catch (err) {
      if (err instanceof CueCheckError) throw new EfirError('bad_cue', err.message, { field: err.field });
      throw err;
    }
    if (cleaned.cues.length === 0) {
      throw new EfirError('bad_cue', 'no cue with text is left to save; to remove the language, delete its file in the studio', { field: 'cues' });
    }
    const dir = path.join(this.efir.paths.sources, video.id, 'subtitles');
    const file = path.join(dir, `${lang}.vtt`);
    await fs.mkdir(dir, { recursive: true });
    const machineCues = cleaned.cues.filter((c) => c.machine).length;
    const warnings = cleaned.warnings;
    const version = await this.efir.db.transaction(async (tx) => {
      const next = await this.efir.versions.bump(tx, video.id, lang, input.baseVersion, {
        fileName: `${lang}.vtt`,
        format: 'vtt',
        encoding: 'utf-8',
        cueCount: cleaned.cues.length,
        machineCues,
        warnings: warnings.map((w) => ({ line: w.line, code: `cue_${w.code}`, params: { cue: w.cue, time: formatVttTimestamp(w.start) }, message: w.message })),
        storedPath: path.relative(this.efir.config.dataDir, file)
      });
      if (next === null) throw await this.conflict(tx, video, lang, input.baseVersion);
      await this.efir.versions.insert(tx, {
        videoId: video.id,
        lang,
        version: next,
        kind: input.kind,
        authorId: input.authorId,
        cues: cleaned.cues,
        warnings,
        restoredFrom: input.restoredFrom ?? null
      });
      // Written while the row is locked: two saves in turn write their files in the same order.
      await writeAtomically(file, toWebVtt(cleaned.cues.map((c) => ({ ...c, line: 0 }))));
      return next;
    });
    // An uploaded file of another format (tg.srt) must not linger beside the saved track.
    await removeSiblings(dir, lang, file);
    const run = await this.efir.studio.subtitlesChanged(video, lang);
    return { version, warnings, run };
  }

  /** The refusal of a save whose base is no longer the track's version: names the version it would erase. */
  private async conflict(tx: Queryable, video: Video, lang: string, base: number): Promise<EfirError> {
    // Only `tx` here: PGlite would wait for this transaction to end before answering another query.
    const { version: current, updatedAt } = await this.efir.versions.current(tx, video.id, lang);
    if (current === 0) {
      return new EfirError('subtitle_conflict', `The ${lang} subtitles of "${video.title}" were removed after version ${base}; reload the editor`, {
        version: { number: 0, kind: 'removed', author: null, savedAt: new Date().toISOString() }
      });
    }
    const info = await this.efir.versions.get(video.id, lang, current, tx);
    const author = info?.authorName ?? null;
    const savedAt = (info?.createdAt ?? updatedAt ?? new Date()).toISOString();
    const who = author ?? (info?.kind === 'upload' || !info ? 'an uploaded file' : 'someone');
    return new EfirError(
      'subtitle_conflict',
      `Version ${current} of the ${lang} subtitles was saved by ${who} at ${savedAt}, after version ${base} that your edit started from; ` +
        'load it and make your changes again (nothing was saved)',
      { version: { number: current, kind: info?.kind ?? 'upload', author, savedAt } }
    );
  }

  /**
   * A language's current cues: its version's recorded cues, or, for a track stored before versions
   * existed, the cues parsed from its stored file.
   */
  async currentTrack(v: Video, lang: string): Promise<EditorTrack> {
    const row = await this.efir.subtitles.get(v.id, lang);
    if (!row) return { lang, version: 0, cues: [], machineCues: 0 };
    const recorded = await this.efir.versions.get(v.id, lang, row.version);
    if (recorded) return { lang, version: row.version, cues: recorded.cues, machineCues: recorded.machineCues };
    let cues: EditorCue[] = [];
    try {
      const parsed = parseSubtitles(await fs.readFile(path.resolve(this.efir.config.dataDir, row.storedPath)), row.fileName);
      cues = parsed.cues.map((c) => ({ start: c.start, end: c.end, text: c.text }));
    } catch (err) {
      // A file that is gone or unreadable: the editor starts empty and the first save replaces it.
      if (!(err instanceof SubtitleError) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return { lang, version: row.version, cues, machineCues: 0 };
  }
}

function view(i: SubtitleVersionInfo, current: number): VersionView {
  return {
    version: i.version,
    kind: i.kind,
    author: i.authorName,
    cueCount: i.cueCount,
    machineCues: i.machineCues,
    restoredFrom: i.restoredFrom,
    createdAt: i.createdAt.toISOString(),
    current: i.version === current
  };
}

