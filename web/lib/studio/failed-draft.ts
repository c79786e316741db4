/**
 * A failed upload in "My videos": the producer is offered to delete it, and told when the failed-draft
 * sweep (server/services/failed-drafts.ts) would remove it by itself (pure; unit-tested in
 * test/unit/web/failed-draft.test.ts). Its words are the `failed_draft` namespace of the catalogues.
 */
export interface DraftLike {
  state: string;
  origin: string;
  currentRev: number | null;
  published: boolean;
  updatedAt: string;
}

/** Whether the sweep counts it a failed draft (the same test as server/repositories/videos.ts FAILED_DRAFT). */
export function isFailedDraft(v: DraftLike): boolean {
  return v.state === 'failed' && v.origin === 'upload' && v.currentRev === null && !v.published;
}

/** When the sweep removes it (ISO), or null: not a failed draft, or FAILED_DRAFT_DAYS is 0 (kept). */
export function failedDraftRemovalAt(v: DraftLike, days: number): string | null {
  if (!isFailedDraft(v) || !(days > 0)) return null;
  const at = Date.parse(v.updatedAt);
  return Number.isNaN(at) ? null : new Date(at + days * 86_400_000).toISOString();
}
