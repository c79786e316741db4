/**
 * The moderators' home (/console): the broadcasts someone may moderate, live first, then the
 * upcoming ones by start time, then the few that ended last, each with the number watching it
 * (counted in Redis by every instance, fanout.ts). And one broadcast for its console page. Who may
 * see what is decided here, not only by the pages: moderators and admins every broadcast, a producer
 * their own (canModerate).
 */
import type { User } from '../repositories/users.ts';
import { hasRole } from '../services/auth.ts';
import { EfirError } from '../errors.ts';
import type { BroadcastView } from './protocol.ts';
import type { QaRepository } from './repository.ts';
import { canManageBroadcast, canModerate } from './service.ts';
import { broadcastView, type BroadcastRow } from './views.ts';

export interface PresenceReader {
  watching(broadcastIds: string[]): Promise<Map<string, number>>;
}

export type ConsoleItem = BroadcastView & {
  /** May start and end it, and edit it in the studio (its producer, admins). */
  manage: boolean;
  /** Watching now (live broadcasts only; null where Redis did not answer). */
  watching: number | null;
};

export interface ConsoleGroups<T> {
  live: T[];
  upcoming: T[];
  ended: T[];
}

/** How many ended broadcasts the home lists (the last to end): their logs and replays are still read. */
export const ENDED_SHOWN = 10;

/**
 * Pure: the rows `user` may moderate, in the three groups. Upcoming: soonest first, unscheduled
 * ones last (newest first); ended: the last to end first.
 */
export function groupForConsole(user: User, rows: BroadcastRow[]): ConsoleGroups<BroadcastRow> {
  const mine = rows.filter((b) => canModerate(user, b));
  const ms = (d: Date | null) => (d ? +new Date(d) : null);
  const upcoming = mine
    .filter((b) => b.state === 'scheduled')
    .sort((a, b) => {
      const x = ms(a.scheduled_at);
      const y = ms(b.scheduled_at);
      if (x !== null && y !== null) return x - y;
      if (x !== y) return x === null ? 1 : -1;
      return +new Date(b.created_at) - +new Date(a.created_at);
    });
  return {
    live: mine.filter((b) => b.state === 'live').sort((a, b) => (ms(a.started_at) ?? 0) - (ms(b.started_at) ?? 0)),
    upcoming,
    ended: mine
      .filter((b) => b.state === 'ended')
      .sort((a, b) => (ms(b.ended_at) ?? 0) - (ms(a.ended_at) ?? 0))
      .slice(0, ENDED_SHOWN)
  };
}

function mayUseConsole(user: User | null): user is User {
  return hasRole(user, 'moderator') || hasRole(user, 'producer');
}

export class ConsoleList {
  constructor(
    private readonly repo: QaRepository,
    private readonly presence: PresenceReader
  ) {}

  async list(user: User | null): Promise<ConsoleGroups<ConsoleItem>> {
    if (!mayUseConsole(user)) throw new EfirError('forbidden', 'The console is for moderators and producers');
    const groups = groupForConsole(user, await this.repo.listBroadcasts(500));
    const counts = await this.counts(groups.live.map((b) => b.id));
    const item = (b: BroadcastRow): ConsoleItem => ({
      ...broadcastView(b, true),
      manage: canManageBroadcast(user, b),
      watching: b.state === 'live' ? (counts?.get(b.id) ?? null) : null
    });
    return { live: groups.live.map(item), upcoming: groups.upcoming.map(item), ended: groups.ended.map(item) };
  }

  /** One broadcast for its console page; 404 for an unknown one, 403 for someone else's producer. */
  async one(user: User | null, id: string): Promise<ConsoleItem> {
    if (!mayUseConsole(user)) throw new EfirError('forbidden', 'The console is for moderators and producers');
    const b = await this.repo.broadcast(id);
    if (!b) throw new EfirError('unknown_broadcast', `No broadcast "${id}"`);
    if (!canModerate(user, b)) throw new EfirError('forbidden', 'Only moderators, admins and the producer of this broadcast may moderate it');
    const counts = b.state === 'live' ? await this.counts([b.id]) : null;
    return { ...broadcastView(b, true), manage: canManageBroadcast(user, b), watching: counts?.get(b.id) ?? null };
  }

  /** The counts, or null when Redis is away: the list still shows (without them). */
  private async counts(ids: string[]): Promise<Map<string, number> | null> {
    return this.presence.watching(ids).catch(() => null);
  }
}
