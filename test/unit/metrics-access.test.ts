/** Who may read /metrics: METRICS_ALLOW's addresses and CIDRs (checked at start), and admins. */
import { expect, test } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { mayReadMetrics } from '../../server/plugins/metrics.ts';
import type { User } from '../../server/repositories/users.ts';

const user = (role: User['role']): User => ({ id: 'u', email: 'u@x', displayName: 'u', role, createdAt: new Date(), disabledAt: null });

test('the default allow-list is loopback, IPv4 (also IPv4-mapped) and IPv6', () => {
  const allow = loadConfig({}).metricsAllow;
  expect(mayReadMetrics(null, '127.0.0.1', allow)).toBe(true);
  expect(mayReadMetrics(null, '::ffff:127.0.0.1', allow)).toBe(true);
  expect(mayReadMetrics(null, '::1', allow)).toBe(true);
  expect(mayReadMetrics(null, '10.0.0.5', allow)).toBe(false);
  expect(mayReadMetrics(null, '', allow)).toBe(false);
});

test('CIDRs and single addresses; admins from anywhere, other roles not', () => {
  const allow = loadConfig({ METRICS_ALLOW: '10.1.0.0/16, 192.0.2.9, fd00::/8' }).metricsAllow;
  expect(mayReadMetrics(null, '10.1.200.3', allow)).toBe(true);
  expect(mayReadMetrics(null, '10.2.0.1', allow)).toBe(false);
  expect(mayReadMetrics(null, '192.0.2.9', allow)).toBe(true);
  expect(mayReadMetrics(null, '192.0.2.10', allow)).toBe(false);
  expect(mayReadMetrics(null, 'fd12::1', allow)).toBe(true);
  expect(mayReadMetrics(null, '127.0.0.1', allow)).toBe(false);
  expect(mayReadMetrics(user('admin'), '198.51.100.1', allow)).toBe(true);
  expect(mayReadMetrics(user('producer'), '198.51.100.1', allow)).toBe(false);
});

test('a bad entry stops the start with its name', () => {
  expect(() => loadConfig({ METRICS_ALLOW: '10.0.0.0/33,localhost,1.2.3.4' })).toThrow(/METRICS_ALLOW: "10.0.0.0\/33", "localhost" is not an address or CIDR/);
  expect(() => loadConfig({ HEALTH_MIN_FREE: 'lots' })).toThrow(/HEALTH_MIN_FREE/);
});
