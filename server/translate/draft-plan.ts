/**
 * What a machine-translation draft does to a target track (pure; test/unit/translate-draft-plan.test.ts).
 *
 * A person's work is never overwritten: every cue of the target that is not machine-made is kept as
 * it is, and a Russian cue that one of them overlaps in time is not translated (the person has already
 * said that moment in the target language). Machine cues of an earlier draft are all replaced: the new
 * draft translates again every Russian cue no human cue covers. Drafted cues take the Russian cue's
 * timing exactly, so the draft lines up with the original.
 */
export interface PlanCue {
  start: number;
  end: number;
  text: string;
  /** Machine-made and not yet saved by a person. */
  machine?: boolean;
}

export interface DraftPlan {
  /** The Russian cues to translate, in order (their text is what is sent). */
  translate: PlanCue[];
  /** The target's human cues, unchanged. */
  kept: PlanCue[];
  /** Machine cues of an earlier draft that the new one replaces. */
  replaced: number;
}

/** Two cues share some time (touching ends do not count: 1.0–2.0 and 2.0–3.0 are neighbours). */
export const overlaps = (a: PlanCue, b: PlanCue) => a.start < b.end && b.start < a.end;

export function planDraft(russian: readonly PlanCue[], target: readonly PlanCue[]): DraftPlan {
  const kept = target.filter((c) => !c.machine);
  const translate = russian.filter((r) => r.text.trim() !== '' && !kept.some((h) => overlaps(r, h)));
  return { translate: [...translate].sort(byTime), kept: [...kept], replaced: target.length - kept.length };
}

/** The drafted track: the kept cues and one machine cue per translated Russian cue, in time order. */
export function assembleDraft(plan: DraftPlan, translations: readonly string[]): PlanCue[] {
  if (translations.length !== plan.translate.length) throw new Error(`${translations.length} translations for ${plan.translate.length} cues`);
  const drafted = plan.translate.map((r, i) => ({ start: r.start, end: r.end, text: translations[i]!.trim(), machine: true }));
  return [...plan.kept.map(({ start, end, text }) => ({ start, end, text })), ...drafted.filter((c) => c.text !== '')].sort(byTime);
}

/** Splits the texts to translate into requests of at most `size` (TRANSLATE_BATCH_CUES). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

const byTime = (a: PlanCue, b: PlanCue) => a.start - b.start || a.end - b.end;
