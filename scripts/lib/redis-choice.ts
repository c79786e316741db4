import path from 'node:path';
import type { Config } from '../../config/index.ts';
import { assertRedisReachable } from '../../server/redis.ts';
import { startManagedRedis, type ManagedRedis, type ManagedRedisOptions } from './redis-server.ts';

/** REDIS_URL when set (checked now, with a clear error), else a managed redis-server child. */
export async function chooseRedis(config: Config, opts: ManagedRedisOptions = {}): Promise<{ url: string; managed: ManagedRedis | null }> {
  if (config.redisUrl) {
    await assertRedisReachable(config.redisUrl);
    return { url: config.redisUrl, managed: null };
  }
  const managed = await startManagedRedis(path.join(config.dataDir, 'redis'), opts);
  return { url: managed.url, managed };
}
