/** The one place that opens Redis connections (ioredis), for BullMQ and for pub/sub. */
import { Redis } from 'ioredis';

/**
 * BullMQ workers block on Redis and need maxRetriesPerRequest: null; we use the same settings for
 * every connection so a Redis restart is ridden out by reconnecting rather than failing requests.
 */
export function createRedis(url: string, name = 'efir'): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
}

export async function assertRedisReachable(url: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  // The failure is reported by connect() below; without a listener ioredis also prints it as "unhandled".
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new Error(`Cannot reach Redis at ${url}: ${(err as Error).message}`);
  } finally {
    r.disconnect();
  }
}

/**
 * Closes a connection without waiting on a Redis that is gone: QUIT is queued while ioredis
 * reconnects (maxRetriesPerRequest: null never gives up), so a process stopping after Redis did
 * would wait forever. QUIT when connected, bounded; otherwise, or when it takes too long, drop it.
 */
export async function closeRedis(r: Redis, timeoutMs = 2000): Promise<void> {
  if (r.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([r.quit().catch(() => {}), late]);
    clearTimeout(timer);
  }
  r.disconnect();
}
