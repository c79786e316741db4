import { describe, expect, it } from 'vitest';
import { groupForConsole, ENDED_SHOWN } from '../../../server/qa/console-list.ts';
import { freshTotal } from '../../../server/qa/fanout.ts';
import type { BroadcastRow } from '../../../server/qa/views.ts';
import type { User } from '../../../server/repositories/users.ts';

const user = (id: string, role: User['role']) => ({ id, role, email: `${id}@x`, displayName: id }) as User;
let n = 0;
function row(p: Partial<BroadcastRow>): BroadcastRow {
  return { id: `b${++n}`, owner_id: 'p1', state: 'scheduled', scheduled_at: null, started_at: null, ended_at: null, created_at: new Date(2026, 0, 1, 0, n), ...p } as BroadcastRow;
}

describe('groupForConsole (the moderators home)', () => {
  const soon = row({ scheduled_at: new Date('2026-12-07T10:00:00Z') });
  const later = row({ scheduled_at: new Date('2026-12-09T10:00:00Z') });
  const unscheduled = row({});
  const live = row({ state: 'live', started_at: new Date('2026-12-06T20:00:00Z') });
  const others = row({ owner_id: 'p2', state: 'live', started_at: new Date('2026-12-06T19:00:00Z') });
  const ended = Array.from({ length: ENDED_SHOWN + 2 }, (_, i) => row({ state: 'ended', ended_at: new Date(Date.UTC(2026, 10, i + 1)) }));
  const rows = [unscheduled, later, live, soon, others, ...ended];

  it('gives a moderator every broadcast: live, then upcoming soonest first (unscheduled last), then the last ended', () => {
    const g = groupForConsole(user('m', 'moderator'), rows);
    expect(g.live.map((b) => b.id)).toEqual([others.id, live.id]);
    expect(g.upcoming.map((b) => b.id)).toEqual([soon.id, later.id, unscheduled.id]);
    expect(g.ended).toHaveLength(ENDED_SHOWN);
    expect(g.ended[0]!.id).toBe(ended.at(-1)!.id);
  });
  it('gives a producer only their own', () => {
    const g = groupForConsole(user('p2', 'producer'), rows);
    expect(g.live.map((b) => b.id)).toEqual([others.id]);
    expect(g.upcoming).toEqual([]);
  });
});

describe('freshTotal (viewers over every instance)', () => {
  it('sums the entries written within the freshness window', () => {
    const now = 1_000_000;
    expect(freshTotal({ a: `3:${now - 1000}`, b: `4:${now - 14_000}`, c: `9:${now - 60_000}`, d: 'junk' }, now)).toBe(7);
  });
});
