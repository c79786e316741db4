/**
 * BullMQ connection options from a redis:// or rediss:// URL. BullMQ takes ioredis options (not a
 * URL) and opens and closes its own connections from them, so nothing has to be closed by hand.
 * Shared by the workers and the web process's pipeline (this file needs nothing but the URL).
 */
import type { RedisOptions } from 'ioredis';

export function bullConnection(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Blocking commands must wait through a Redis restart instead of failing (BullMQ requires it).
    maxRetriesPerRequest: null
  };
}
