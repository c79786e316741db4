import { describe, expect, it } from 'vitest';
import { failedDraftRemovalAt, isFailedDraft } from '../../../web/lib/studio/failed-draft.ts';

describe('a failed upload in My videos', () => {
  const draft = { state: 'failed', origin: 'upload', currentRev: null, published: false, updatedAt: '2026-12-01T10:00:00.000Z' };
  it('is a failed draft only as the sweep counts one: failed, uploaded, never processed or published', () => {
    expect(isFailedDraft(draft)).toBe(true);
    expect(isFailedDraft({ ...draft, state: 'ready' })).toBe(false);
    expect(isFailedDraft({ ...draft, origin: 'youtube' })).toBe(false);
    expect(isFailedDraft({ ...draft, currentRev: 1 })).toBe(false);
  });
  it('goes FAILED_DRAFT_DAYS after it failed; 0 keeps it', () => {
    expect(failedDraftRemovalAt(draft, 7)).toBe('2026-12-08T10:00:00.000Z');
    expect(failedDraftRemovalAt(draft, 0)).toBeNull();
    expect(failedDraftRemovalAt({ ...draft, state: 'processing' }, 7)).toBeNull();
  });
});
