/**
 * A failed upload in "My videos": the producer is offered to delete it, and told when the failed-draft
 * sweep (server/services/failed-drafts.ts) would remove it by itself (pure; unit-tested in
 * test/unit/web/failed-draft.test.ts). Its words in the six UI languages (ru, uz, tg, az, ro, en).
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  failed_draft_delete: ['Удалить неудавшуюся загрузку', 'Muvaffaqiyatsiz yuklashni oʻchirish', 'Боргузории нокомро нест кардан', 'Uğursuz yükləməni sil', 'Ștergeți încărcarea eșuată', 'Delete this failed upload'],
  failed_draft_removal: [
    'Если её не удалить, она будет удалена автоматически {date}.',
    'Agar uni oʻchirmasangiz, u {date} avtomatik ravishda oʻchiriladi.',
    'Агар онро нест накунед, он {date} худкор нест карда мешавад.',
    'Onu silməsəniz, {date} avtomatik silinəcək.',
    'Dacă nu o ștergeți, va fi ștearsă automat pe {date}.',
    'If you do not delete it, it will be removed automatically on {date}.'
  ]
} satisfies Record<string, [string, string, string, string, string, string]>;

export const FAILED_DRAFT_ROWS: Record<string, readonly string[]> = ROWS;
export const fdt = messageTable<keyof typeof ROWS>(ROWS);

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
