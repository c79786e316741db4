/**
 * Variant requests that may start ffmpeg, per address and hour, counted in Redis so every Efir
 * instance draws on the same allowance (VARIANT_REQUESTS_PER_HOUR). A fixed window per address
 * block (login-limiter.ts addressBlock: an IPv6 /64 is one client). A request that finds its
 * variants already made or queued takes nothing: only one that queues work counts.
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { addressBlock } from '../services/login-limiter.ts';

const WINDOW_MS = 3_600_000;

/** KEYS: the address's counter; ARGV: limit, window ms. {1, 0} when taken, else {0, ms until it clears}. */
const TAKE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  return {0, ttl}
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, 0}
`;

const GIVE_BACK = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

export type VariantTicket = { ok: true; key: string } | { ok: false; retryAfterSeconds: number };

export class VariantLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Read at each request: tests change config.variants.requestsPerHour in place. */
    private readonly perHour: () => number
  ) {}

  async take(ip: string): Promise<VariantTicket> {
    const key = `${this.prefix}:variants:ip:${crypto.createHash('sha256').update(addressBlock(ip)).digest('base64url').slice(0, 22)}`;
    const [ok, ttl] = (await this.redis.eval(TAKE, 1, key, this.perHour(), WINDOW_MS)) as [number, number];
    return ok === 1 ? { ok: true, key } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  /** The request queued nothing after all. */
  async giveBack(key: string): Promise<void> {
    await this.redis.eval(GIVE_BACK, 1, key);
  }
}
