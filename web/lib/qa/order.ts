/**
 * What the viewer's panel lists after a broadcast ends (pure; unit-tested in test/unit/web/qa-order.test.ts):
 * the answered questions in the order they were answered on air. Approved ones that never came up, and
 * one's own still waiting, are no longer anything a viewer can act on.
 */
export interface OrderedQuestion {
  state: string;
  answeredAt?: string | null;
  createdAt: string;
}

export function answeredInOrder<Q extends OrderedQuestion>(questions: Iterable<Q>): Q[] {
  const at = (q: Q) => Date.parse(q.answeredAt ?? q.createdAt);
  return [...questions].filter((q) => q.state === 'answered').sort((a, b) => at(a) - at(b));
}
