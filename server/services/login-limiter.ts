/**
 * Sign-in attempts per address and per account, counted in Redis so every Efir instance behind a
 * balancer draws on the same allowance (N instances must not give N× the guesses).
 *
 * Why our own counter and not @fastify/rate-limit: the page's form action (web/routes/login) does
 * not pass Fastify's route hooks, so the limit has to live in AuthService.login, which both the API
 * route and the page call; and it must check two keys (address, account) and take from both in one
 * atomic step, then hand back what a successful sign-in took, so only failures count.
 *
 * A fixed window per key: the first failure starts it, LOGIN_WINDOW_SECONDS later it is forgotten.
 * Once a key is spent, every attempt (the right password too) is refused until its window ends;
 * the caller is told how long that is (Retry-After).
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LoginLimits {
  windowSeconds: number;
  failuresPerAccount: number;
  failuresPerIp: number;
}

/**
 * KEYS: address key, account key; ARGV: address limit, account limit, window ms.
 * Takes one attempt from both when both have one left: {1, 0}; else {0, ms until the spent one clears}.
 */
const TAKE = `
for i, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, ARGV[3])
      ttl = tonumber(ARGV[3])
    end
    return {0, ttl}
  end
end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[3]) end
end
return {1, 0}
`;

/** Gives back an attempt (a sign-in that succeeded does not count against anyone). */
const GIVE_BACK = `
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 0 then redis.call('DECR', key) end
end
return 0
`;

export type LoginTicket = { ok: true; keys: string[] } | { ok: false; retryAfterSeconds: number };

export class LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: LoginLimits
  ) {}

  /** Takes an attempt for this address and email before the password is even hashed. */
  async take(ip: string, email: string): Promise<LoginTicket> {
    const keys = [`${this.prefix}:login:ip:${digest(addressBlock(ip))}`, `${this.prefix}:login:account:${digest(email.trim().toLowerCase())}`];
    const [ok, ttl] = (await this.redis.eval(
      TAKE,
      keys.length,
      ...keys,
      this.limits.failuresPerIp,
      this.limits.failuresPerAccount,
      this.limits.windowSeconds * 1000
    )) as [number, number];
    if (ok === 1) return { ok: true, keys };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  async giveBack(keys: string[]): Promise<void> {
    await this.redis.eval(GIVE_BACK, keys.length, ...keys);
  }
}

function digest(s: string): string {
  return crypto.createHash('sha256').update(s).digest('base64url').slice(0, 22);
}

/**
 * The block one client controls: an IPv4 address, or an IPv6 /64 (a home or phone gets a whole
 * /64 and could otherwise walk through its addresses to reset the count).
 */
export function addressBlock(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
