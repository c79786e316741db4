import type { Redis } from 'ioredis';

/** A Redis lock with a short lease, renewed while held: a dead worker's lock lapses in seconds. */
export class WriterLock {
  private static readonly LEASE_MS = 5000;
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly owner: string
  ) {}

  async acquire(waitMs: number): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await this.redis.set(this.key, this.owner, 'PX', WriterLock.LEASE_MS, 'NX')) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Extends the lease if it is still ours. */
  async refresh(): Promise<boolean> {
    const ok = await this.redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
      1, this.key, this.owner, String(WriterLock.LEASE_MS)
    );
    return ok === 1;
  }

  async release(): Promise<void> {
    await this.redis
      .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, this.key, this.owner)
      .catch(() => {});
  }
}
