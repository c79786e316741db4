import { describe, expect, it } from 'vitest';
import { answeredInOrder } from '../../../web/lib/qa/order.ts';

describe('answeredInOrder (the viewer panel after a broadcast)', () => {
  it('keeps only answered questions, in the order they were answered', () => {
    const q = (id: string, state: string, answeredAt: string | null, createdAt = '2026-01-01T10:00:00Z') => ({ id, state, answeredAt, createdAt });
    const out = answeredInOrder([
      q('late', 'answered', '2026-01-01T10:30:00Z'),
      q('open', 'approved', null),
      q('mine', 'pending', null),
      q('early', 'answered', '2026-01-01T10:05:00Z', '2026-01-01T10:04:00Z'),
      q('gone', 'hidden', null)
    ]);
    expect(out.map((x) => x.id)).toEqual(['early', 'late']);
  });
});
