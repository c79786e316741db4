import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseSize } from '../../config/index.ts';
import { workerInputUrl } from '../../server/live/ingest-service.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: '/tmp/efir-config-test', ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/efir-config-test' });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.redisUrl).toBeNull();
    expect(c.uploadMaxBytes).toBe(8 * 1024 ** 3);
    expect(c.trustProxy).toBe(false);
  });

  it('names every bad variable at once, with what was expected', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'not a url',
      UPLOAD_MAX_BYTES: 'lots',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'my-proxy'
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/PORT="eighty": expected a whole number/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: expected a postgres: or postgresql: URL/);
    expect(problems.join('\n')).toMatch(/REDIS_URL: not a URL/);
    expect(problems.join('\n')).toMatch(/UPLOAD_MAX_BYTES="lots": expected a size/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL="loud"/);
    expect(problems.join('\n')).toMatch(/TRUST_PROXY: "my-proxy" is not an address/);
  });

  it('reads sizes with units', () => {
    expect(parseSize('500M')).toBe(500 * 1024 ** 2);
    expect(parseSize('8G')).toBe(8 * 1024 ** 3);
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('-1')).toBeNull();
  });

  it('trusts proxies only when told which', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/x', TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ DATA_DIR: '/tmp/x', TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATA_DIR: '/tmp/x', TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  // RTMP ingest caps and Q&A bans (issue 10, items 5 and 7)
  it('caps RTMP connections and bounds the ban address window, with defaults', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/efir-config-test' });
    expect([c.rtmpMaxConnectionsPerIp, c.rtmpMaxConnections, c.qaBanIpHours]).toEqual([10, 1000, 24]);
    const set = loadConfig({ DATA_DIR: '/tmp/efir-config-test', RTMP_MAX_CONNECTIONS_PER_IP: '3', RTMP_MAX_CONNECTIONS: '0', QA_BAN_IP_HOURS: '0' });
    expect([set.rtmpMaxConnectionsPerIp, set.rtmpMaxConnections, set.qaBanIpHours]).toEqual([3, 0, 0]);
    const problems = problemsOf({ RTMP_MAX_CONNECTIONS_PER_IP: '-1', RTMP_MAX_CONNECTIONS: 'many', QA_BAN_IP_HOURS: '1.5' }).join('\n');
    expect(problems).toMatch(/RTMP_MAX_CONNECTIONS_PER_IP="-1": expected a whole number/);
    expect(problems).toMatch(/RTMP_MAX_CONNECTIONS="many": expected a whole number/);
    expect(problems).toMatch(/QA_BAN_IP_HOURS="1.5": expected a whole number/);
  });
});

describe('LIVE_LOW_LATENCY (issue 15)', () => {
  it('is on by default, and reads true/false', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/x' }).liveLowLatency).toBe(true);
    expect(loadConfig({ DATA_DIR: '/tmp/x', LIVE_LOW_LATENCY: 'false' }).liveLowLatency).toBe(false);
    expect(loadConfig({ DATA_DIR: '/tmp/x', LIVE_LOW_LATENCY: '0' }).liveLowLatency).toBe(false);
    expect(loadConfig({ DATA_DIR: '/tmp/x', LIVE_LOW_LATENCY: 'true' }).liveLowLatency).toBe(true);
    expect(loadConfig({ DATA_DIR: '/tmp/x' }).liveBlockingWaitersMax).toBe(20_000);
    expect(loadConfig({ DATA_DIR: '/tmp/x', LIVE_BLOCKING_WAITERS_MAX: '5' }).liveBlockingWaitersMax).toBe(5);
    expect(problemsOf({ LIVE_LOW_LATENCY: 'maybe' }).join('\n')).toMatch(/LIVE_LOW_LATENCY="maybe": expected true or false/);
  });
});

describe('process lifecycle and worker settings (issue 10)', () => {
  it('has defaults: two live transcodes, BullMQ lock timings left to the worker, 5 s to stop', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/x' });
    expect(c.liveConcurrency).toBe(2);
    expect(c.workerLockDurationMs).toBeNull();
    expect(c.workerStalledIntervalMs).toBeNull();
    expect(c.stopGraceMs).toBe(5000);
  });

  it('reads them', () => {
    const c = loadConfig({
      DATA_DIR: '/tmp/x',
      LIVE_CONCURRENCY: '0',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      STOP_GRACE_SECONDS: '3'
    });
    expect(c).toMatchObject({ liveConcurrency: 0, workerLockDurationMs: 2000, workerStalledIntervalMs: 1000, stopGraceMs: 3000 });
  });

  it('names the bad ones with the other problems', () => {
    const problems = problemsOf({ LIVE_CONCURRENCY: 'two', WORKER_LOCK_DURATION_MS: '10', WORKER_STALLED_INTERVAL_MS: '1.5', STOP_GRACE_SECONDS: '0' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/LIVE_CONCURRENCY="two": expected a whole number from 0 to 64/);
    expect(problems.join('\n')).toMatch(/WORKER_LOCK_DURATION_MS="10": expected a whole number from 1000/);
    expect(problems.join('\n')).toMatch(/WORKER_STALLED_INTERVAL_MS="1.5"/);
    expect(problems.join('\n')).toMatch(/STOP_GRACE_SECONDS="0"/);
  });
});

describe('where workers read live streams back (RTMP_WORKER_URL)', () => {
  it('defaults to this machine, takes rtmp://host:port, and refuses a path, a query or credentials', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/x' }).rtmpWorkerUrl).toBeNull();
    expect(loadConfig({ DATA_DIR: '/tmp/x', RTMP_WORKER_URL: 'rtmp://ingest.internal:1935/' }).rtmpWorkerUrl).toBe('rtmp://ingest.internal:1935');
    for (const bad of ['rtmp://ingest:1935/live', 'rtmp://ingest:1935?x=1', 'rtmp://u:p@ingest:1935', 'http://ingest:1935']) {
      expect(problemsOf({ RTMP_WORKER_URL: bad }).join('\n'), bad).toMatch(/RTMP_WORKER_URL/);
    }
  });

  it('builds the play URL a live job carries from it, or from the loopback and the ingest port', () => {
    expect(workerInputUrl(null, 40123, 'KEY_abc-1', 'tok')).toBe('rtmp://127.0.0.1:40123/live/KEY_abc-1?play=tok');
    expect(workerInputUrl('rtmp://ingest.internal:1935', 40123, 'KEY', 'tok')).toBe('rtmp://ingest.internal:1935/live/KEY?play=tok');
  });
});
