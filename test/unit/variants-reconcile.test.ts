import { describe, expect, it } from 'vitest';
import { judgeBatch, LOST_REASON } from '../../server/variants/reconcile.ts';

describe('a variant batch the database thinks open, against its jobs in BullMQ', () => {
  const waiting = { state: 'waiting' };
  const parent = { state: 'waiting-children' };

  it('fails with the make job’s reason first, then the record’s, however recent', () => {
    expect(judgeBatch({ state: 'failed', failedReason: 'ffmpeg: bad input' }, { state: 'failed', failedReason: 'child failed' }, false)).toBe('ffmpeg: bad input');
    expect(judgeBatch({ state: 'completed' }, { state: 'failed', failedReason: 'db down' }, false)).toBe('db down');
    expect(judgeBatch({ state: 'failed' }, parent, false)).toMatch(/failed/);
  });

  it('calls a batch lost only once its rows are old: no record step, or a record step waiting for a child that is gone', () => {
    expect(judgeBatch(null, null, false)).toBeNull();
    expect(judgeBatch(null, null, true)).toBe(LOST_REASON);
    expect(judgeBatch(waiting, null, true)).toBe(LOST_REASON);
    expect(judgeBatch(null, parent, true)).toBe(LOST_REASON);
    expect(judgeBatch({ state: 'unknown' }, parent, true)).toBe(LOST_REASON);
  });

  it('leaves a batch on its way alone', () => {
    expect(judgeBatch(waiting, parent, true)).toBeNull();
    expect(judgeBatch({ state: 'active' }, parent, true)).toBeNull();
    expect(judgeBatch({ state: 'delayed' }, parent, true)).toBeNull(); // an attempt failed; a retry follows
    // The make job done and removed, the record step running or about to.
    expect(judgeBatch(null, { state: 'waiting' }, true)).toBeNull();
    expect(judgeBatch(null, { state: 'active' }, true)).toBeNull();
  });
});
