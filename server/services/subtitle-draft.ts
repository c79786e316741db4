/**
 * Machine-translation drafts (issue 12): "Draft translation" in the cue editor fills a language from
 * the Russian cues through the Cloud Translation API (server/translate/).
 *
 * The plan (server/translate/draft-plan.ts) keeps every cue a person wrote and translates the Russian
 * cues none of them overlaps, replacing an earlier draft's machine cues; the texts go out in batches of
 * TRANSLATE_BATCH_CUES, one request each, one after the other. Only when every batch has come back is
 * ONE version committed (kind 'draft', drafted cues `machine: true`, machine_cues counted) through the
 * editor's commitVersion, which checks baseVersion, writes the file and starts the subtitle-only run.
 * A failure of any batch (a refused key, quota, timeout…) throws the service's reason and writes
 * nothing: the track stays at the version the person saw.
 */
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import type { StudioService } from './studio.ts';
import type { SubtitleEditorService, EditorCue } from './subtitle-editor.ts';
import { REFERENCE_LANG } from './subtitle-editor.ts';
import type { TextTranslator } from '../translate/client.ts';
import { notConfigured } from '../translate/errors.ts';
import { assembleDraft, batches, planDraft } from '../translate/draft-plan.ts';
import { checkSubtitleLang } from './subtitle-lang.ts';

export interface DraftResult {
  /** The new version (the base version when there was nothing to translate and nothing was written). */
  version: number;
  /** Cues translated by the machine in this draft. */
  drafted: number;
  /** Cues written by people, kept as they were. */
  kept: number;
  /** Machine cues of an earlier draft that this one replaced. */
  replaced: number;
  /** Requests sent (one per batch). */
  requests: number;
  run: { runId: string; rev: number } | null;
}

export interface SubtitleDraftDeps {
  editor: SubtitleEditorService;
  studio: StudioService;
  translator: TextTranslator;
}

export class SubtitleDraftService {
  constructor(private readonly efir: SubtitleDraftDeps) {}

  /** "Draft translation" is offered only when a key is configured. */
  get available(): boolean {
    return this.efir.translator.configured;
  }

  async draft(user: User, videoId: string, lang: string, baseVersion: number): Promise<DraftResult> {
    checkSubtitleLang(lang);
    if (lang === REFERENCE_LANG) throw new EfirError('invalid_field', 'The Russian original is what drafts are translated from: choose another language', { field: 'lang' });
    if (!this.efir.translator.configured) throw notConfigured();
    const video = await this.efir.studio.manageable(user, videoId);
    const [reference, target] = await Promise.all([
      this.efir.editor.currentTrack(video, REFERENCE_LANG),
      this.efir.editor.currentTrack(video, lang)
    ]);
    if (target.version !== baseVersion) {
      // The translation would be thrown away by commitVersion's check anyway: refuse before spending it.
      const current = (await this.efir.editor.versions(user, videoId, lang, video)).find((v) => v.current);
      throw new EfirError(
        'subtitle_conflict',
        `The ${lang} subtitles of "${video.title}" are at version ${target.version} now, not ${baseVersion} that the editor showed; reload the editor (nothing was translated or saved)`,
        { version: { number: target.version, kind: current?.kind ?? 'upload', author: current?.author ?? null, savedAt: current?.createdAt ?? new Date().toISOString() } }
      );
    }
    if (!reference.cues.length) throw new EfirError('invalid_state', `"${video.title}" has no Russian subtitles to translate from`);

    const plan = planDraft(reference.cues, target.cues);
    if (!plan.translate.length && !plan.replaced) {
      return { version: baseVersion, drafted: 0, kept: plan.kept.length, replaced: 0, requests: 0, run: null };
    }
    const translations: string[] = [];
    const groups = batches(plan.translate.map((c) => c.text), this.efir.translator.batchSize);
    for (const texts of groups) translations.push(...(await this.efir.translator.translateBatch(texts, lang)));
    const cues: EditorCue[] = assembleDraft(plan, translations);
    const saved = await this.efir.editor.commitVersion(video, lang, { baseVersion, cues, kind: 'draft', authorId: user.id });
    return {
      version: saved.version,
      drafted: cues.filter((c) => c.machine).length,
      kept: plan.kept.length,
      replaced: plan.replaced,
      requests: groups.length,
      run: saved.run
    };
  }
}
