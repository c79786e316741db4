/**
 * Redis between instances: committed events are published on one channel per broadcast
 * (`<prefix>:qa:<broadcastId>`, as `<instance id>\n<JSON of the events>`) and every instance with
 * viewers of that broadcast subscribes; the publishing instance's own rooms get them directly.
 * Pub/sub may reorder messages from two publishers or lose them in a reconnect; the hub puts
 * events back in sequence order and reads what is missing from the database.
 * Presence: each instance writes its own viewer count into a hash per broadcast; the sum of fresh
 * entries is the number watching.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedis } from '../redis.ts';
import { newId } from '../ids.ts';
import type { EventRow } from './repository.ts';

const PRESENCE_FRESH_MS = 15_000;

export class QaFanout {
  readonly instanceId = newId(10);
  private sub: Redis | null = null;
  private readonly channels = new Set<string>();
  onEvents: (broadcastId: string, events: EventRow[]) => void = () => {};
  /** Called after a (re)connection of the subscriber: messages may have been lost meanwhile. */
  onResubscribed: () => void = () => {};

  constructor(
    private readonly pub: Redis,
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly log: Logger
  ) {}

  private channel(broadcastId: string): string {
    return `${this.prefix}:qa:${broadcastId}`;
  }

  private subscriber(): Redis {
    if (this.sub) return this.sub;
    const sub = createRedis(this.redisUrl, 'efir-qa-sub');
    const head = `${this.prefix}:qa:`;
    const own = Buffer.from(`${this.instanceId}\n`);
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const name = channel.toString();
      if (!name.startsWith(head)) return;
      // Our own publications came to our rooms directly (publish); only other instances' are read.
      if (message.subarray(0, own.length).equals(own)) return;
      try {
        const body = message.subarray(message.indexOf(0x0a) + 1).toString('utf8');
        this.onEvents(name.slice(head.length), JSON.parse(body) as EventRow[]);
      } catch (err) {
        this.log.warn({ err, channel: name }, 'bad Q&A fan-out message');
      }
    });
    let first = true;
    sub.on('ready', () => {
      if (first) return void (first = false);
      this.onResubscribed();
    });
    this.sub = sub;
    return sub;
  }

  async subscribe(broadcastId: string): Promise<void> {
    const ch = this.channel(broadcastId);
    this.channels.add(ch);
    await this.subscriber().subscribe(ch);
  }

  async unsubscribe(broadcastId: string): Promise<void> {
    const ch = this.channel(broadcastId);
    this.channels.delete(ch);
    await this.sub?.unsubscribe(ch);
  }

  /**
   * Hands committed events to this instance's rooms at once (a Redis round trip later would be
   * milliseconds of every viewer's latency), and to the other instances through Redis, tagged with
   * our id so our own copy is not delivered twice.
   */
  async publish(broadcastId: string, events: EventRow[]): Promise<void> {
    try {
      this.onEvents(broadcastId, events);
    } catch (err) {
      this.log.error({ err, broadcastId }, 'Q&A local delivery failed; the rooms will read the events from the database');
    }
    await this.pub.publish(this.channel(broadcastId), `${this.instanceId}\n${JSON.stringify(events)}`);
  }

  /** Records this instance's count and returns the total across instances. */
  async presence(broadcastId: string, count: number): Promise<number> {
    const key = `${this.prefix}:qa:presence:${broadcastId}`;
    const now = Date.now();
    const res = await this.pub
      .multi()
      .hset(key, this.instanceId, `${count}:${now}`)
      .pexpire(key, PRESENCE_FRESH_MS * 2)
      .hgetall(key)
      .exec();
    const all = (res?.[2]?.[1] ?? {}) as Record<string, string>;
    let total = 0;
    const stale: string[] = [];
    for (const [field, value] of Object.entries(all)) {
      const [n, at] = value.split(':').map(Number);
      if (now - at! <= PRESENCE_FRESH_MS) total += n!;
      else stale.push(field);
    }
    if (stale.length) await this.pub.hdel(key, ...stale);
    return total;
  }

  /**
   * The number watching each broadcast, summed over every instance's fresh entry, without writing
   * one (the console's list asks for broadcasts this instance may have no room for). One round trip.
   */
  async watching(broadcastIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!broadcastIds.length) return out;
    const multi = this.pub.multi();
    for (const id of broadcastIds) multi.hgetall(`${this.prefix}:qa:presence:${id}`);
    const res = (await multi.exec()) ?? [];
    const now = Date.now();
    broadcastIds.forEach((id, i) => out.set(id, freshTotal((res[i]?.[1] ?? {}) as Record<string, string>, now)));
    return out;
  }

  async forget(broadcastId: string): Promise<void> {
    await this.pub.hdel(`${this.prefix}:qa:presence:${broadcastId}`, this.instanceId);
  }

  async close(): Promise<void> {
    const sub = this.sub;
    this.sub = null;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }
}

/** The sum of the entries (`<count>:<ms>`) written within PRESENCE_FRESH_MS of `now`. */
export function freshTotal(entries: Record<string, string>, now: number): number {
  let total = 0;
  for (const value of Object.values(entries)) {
    const [n, at] = value.split(':').map(Number);
    if (Number.isFinite(n) && now - at! <= PRESENCE_FRESH_MS) total += n!;
  }
  return total;
}
