/**
 * The buckets and counters that hold the Q&A's limits (config/qa-limits.ts: what each limit is and
 * its default), shared by every instance through Redis where they must be.
 * Tests and benchmarks may change `efir.qa.limits` in place.
 */
import type { Redis } from 'ioredis';
import type { QaLimits } from '../../config/qa-limits.ts';

export { DEFAULT_LIMITS, QA_LIMIT_ENV, type QaLimits } from '../../config/qa-limits.ts';

/** A token bucket: `rate` tokens per second up to `burst`. */
export class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private rate: number,
    private burst: number
  ) {
    this.tokens = burst;
  }

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(rate = this.rate, burst = this.burst): number {
    this.rate = rate;
    this.burst = burst;
    const now = Date.now();
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return rate > 0 ? Math.max(0.1, (1 - this.tokens) / rate) : 3600;
  }

  /** Full again (nothing to remember). */
  idle(): boolean {
    return this.tokens + ((Date.now() - this.last) / 1000) * this.rate >= this.burst;
  }
}

/** Buckets by key (identity or IP hash); full ones are forgotten now and then. */
export class BucketMap {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  take(key: string, rate: number, burst: number): number {
    if (++this.sweeps % 1000 === 0) this.sweep();
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Bucket(rate, burst)));
    return b.take(rate, burst);
  }

  sweep(): void {
    for (const [k, b] of this.buckets) if (b.idle()) this.buckets.delete(k);
  }
}

/**
 * Token buckets kept in Redis, so every instance behind a balancer takes from the same ones (N
 * instances must not give N× the questions). One script call checks the identity's bucket and the
 * address's and takes a token from both or from neither; Redis's clock is the one clock.
 * KEYS: buckets; ARGV: rate and burst of each, in KEYS order. Returns {1, 0, 0} or {0, ms to wait, which bucket (1-based)}.
 */
const TAKE_TOKENS = `
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local left = {}
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local v = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(v[1]) or burst
  local at = tonumber(v[2]) or t
  tokens = math.min(burst, tokens + math.max(0, t - at) / 1000 * rate)
  if tokens < 1 then
    if rate <= 0 then return {0, 3600000, i} end
    return {0, math.ceil((1 - tokens) / rate * 1000), i}
  end
  left[i] = tokens - 1
end
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  redis.call('HSET', key, 'tokens', tostring(left[i]), 'at', t)
  -- Forgotten once full again: nothing to remember.
  local full = 3600000
  if rate > 0 then full = math.ceil((burst - left[i]) / rate * 1000) + 1000 end
  redis.call('PEXPIRE', key, full)
end
return {1, 0, 0}
`;

/** Puts a token back (a request that was taken for nothing: a resent question already stored). */
const GIVE_TOKENS = `
for i, key in ipairs(KEYS) do
  local tokens = tonumber(redis.call('HGET', key, 'tokens'))
  if tokens then redis.call('HSET', key, 'tokens', tostring(math.min(tonumber(ARGV[i]), tokens + 1))) end
end
return 0
`;

export interface BucketSpec {
  key: string;
  rate: number;
  burst: number;
}

export class SharedBuckets {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string
  ) {}

  private keyOf(key: string): string {
    return `${this.prefix}:qa:bucket:${key}`;
  }

  /**
   * wait 0 when a token was taken from every bucket; else nothing was taken, `wait` is the seconds
   * until the empty bucket (`buckets[index]`) has one.
   */
  async take(buckets: BucketSpec[]): Promise<{ wait: number; index: number }> {
    const [ok, ms, i] = (await this.redis.eval(
      TAKE_TOKENS,
      buckets.length,
      ...buckets.map((b) => this.keyOf(b.key)),
      ...buckets.flatMap((b) => [b.rate, b.burst])
    )) as [number, number, number];
    return ok === 1 ? { wait: 0, index: -1 } : { wait: Math.max(0.1, ms / 1000), index: i - 1 };
  }

  async giveBack(buckets: BucketSpec[]): Promise<void> {
    await this.redis.eval(GIVE_TOKENS, buckets.length, ...buckets.map((b) => this.keyOf(b.key)), ...buckets.map((b) => b.burst));
  }
}

/**
 * Open sockets per address over every instance: a sorted set per address whose members are this
 * instance's connections, scored with when they stop counting. Each instance renews its own
 * members every third of CONNECTION_TTL_MS, so the sockets of an instance that crashed stop
 * counting within CONNECTION_TTL_MS instead of holding the address's allowance forever.
 */
const CONNECTION_TTL_MS = 60_000;

/** KEYS: the address's set; ARGV: member, limit, ttl ms. 1 when admitted. */
const ADMIT = `
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], t + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/** KEYS: address sets; ARGV: ttl ms, then the members (one per key). Renews this instance's members. */
const RENEW = `
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', t + ttl, ARGV[i + 1])
  redis.call('PEXPIRE', key, ttl)
end
return 0
`;

export class ConnectionCounter {
  private readonly open = new Map<string, string>(); // member → key
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly instance: string,
    private readonly onError: (err: unknown) => void
  ) {}

  private keyOf(ipHash: string): string {
    return `${this.prefix}:qa:conns:${ipHash}`;
  }

  /** Counts one more socket of this address if it is under `limit`; the id is released by leave(). */
  async admit(ipHash: string, connId: string, limit: number): Promise<boolean> {
    const key = this.keyOf(ipHash);
    const member = `${this.instance}:${connId}`;
    const ok = (await this.redis.eval(ADMIT, 1, key, member, limit, CONNECTION_TTL_MS)) === 1;
    if (ok) {
      this.open.set(member, key);
      this.timer ??= setInterval(() => void this.renew(), CONNECTION_TTL_MS / 3).unref();
    }
    return ok;
  }

  leave(connId: string): void {
    const member = `${this.instance}:${connId}`;
    const key = this.open.get(member);
    if (!key) return;
    this.open.delete(member);
    this.redis.zrem(key, member).catch(this.onError);
  }

  private async renew(): Promise<void> {
    const entries = [...this.open];
    for (let i = 0; i < entries.length; i += 500) {
      const part = entries.slice(i, i + 500);
      await this.redis.eval(RENEW, part.length, ...part.map(([, k]) => k), CONNECTION_TTL_MS, ...part.map(([m]) => m)).catch(this.onError);
    }
  }

  /** Stops renewing and releases what this instance counted (its sockets are being closed). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const entries = [...this.open];
    this.open.clear();
    if (!entries.length) return;
    const multi = this.redis.multi();
    for (const [m, k] of entries) multi.zrem(k, m);
    await multi.exec().catch(this.onError);
  }
}
