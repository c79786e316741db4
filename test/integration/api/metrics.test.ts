/**
 * /metrics: refused to whoever is neither an admin nor at an address of METRICS_ALLOW (loopback by
 * default), and its content: HTTP requests by route pattern, Q&A sockets and fan-out, queue depths
 * and job durations (a real BullMQ job), broadcasts by ingest state, free disk.
 */
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, signIn } from './helpers.ts';
import { startQaWorld, type QaWorld } from '../qa/setup.ts';
import { QUEUE } from '../../../jobs/queues.ts';
import { bullConnection } from '../../../jobs/redis.ts';

let w: QaWorld;
beforeAll(async () => {
  w = await startQaWorld();
});
afterAll(async () => w?.close());

/** As the test runs on loopback, another client address comes through the trusted proxy header. */
const FAR = { 'x-forwarded-for': '203.0.113.7' };

async function scrape(headers: Record<string, string> = {}, cookie?: string) {
  const res = await fetch(`${w.t.baseUrl}/metrics`, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample line, e.g. `efir_queue_jobs{queue="live",state="completed"}`. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

test('refused to anonymous and non-admin clients from elsewhere; served to loopback and to admins anywhere', async () => {
  const far = await scrape(FAR);
  expect(far.status).toBe(403);
  expect(JSON.parse(far.text).error.code).toBe('forbidden');
  expect((await scrape(FAR, w.producer.cookie)).status).toBe(403);
  expect((await scrape(FAR, w.moderator.cookie)).status).toBe(403);
  const admin = await signIn(w.t, 'admin');
  const asAdmin = await scrape(FAR, admin.cookie);
  expect(asAdmin.status).toBe(200);
  const local = await scrape();
  expect(local.status).toBe(200);
  expect(local.type).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(local.text).toContain('efir_process_cpu_seconds_total');
});

test('HTTP requests are counted by route pattern and status, not by URL', async () => {
  await api(w.t, null, 'GET', '/api/videos');
  await api(w.t, null, 'GET', '/api/videos/nope1');
  await api(w.t, null, 'GET', '/api/videos/nope2');
  const { text } = await scrape();
  expect(sample(text, 'efir_http_request_duration_seconds_count{method="GET",route="/api/videos",status="200"}')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'efir_http_request_duration_seconds_count{method="GET",route="/api/videos/:id",status="404"}')).toBeGreaterThanOrEqual(2);
  expect(text).not.toContain('nope1');
});

test('Q&A: open sockets, accepted sockets and the fan-out latency of a question', async () => {
  const id = await w.newBroadcast();
  const viewer = await w.open(id);
  const before = sample((await scrape()).text, 'efir_qa_fanout_seconds_count') ?? 0;
  expect((await viewer.ask('Сколько стоит патент?')).type).toBe('ack');
  await viewer.waitEvent((e) => e.type === 'question');
  const { text } = await scrape();
  expect(sample(text, 'efir_websocket_connections')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'efir_websocket_connections_accepted_total')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'efir_qa_fanout_seconds_count')).toBeGreaterThan(before);
  // The broadcast exists and nobody publishes to it.
  expect(sample(text, 'efir_broadcasts{state="scheduled",ingest_state="idle"}')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'efir_data_disk_free_bytes')).toBeGreaterThan(0);
});

test('queue depths and job durations come from BullMQ', async () => {
  const connection = bullConnection(w.t.env.REDIS_URL);
  const prefix = w.t.efir.config.queuePrefix;
  // The live queue has no worker in this Efir (live: false): a job waits there until ours takes it.
  const queue = new Queue(QUEUE.live, { connection, prefix });
  try {
    await queue.add('metrics-probe', {});
    expect(sample((await scrape()).text, 'efir_queue_jobs{queue="live",state="waiting"}')).toBe(1);
    const worker = new Worker(QUEUE.live, async () => 'done', { connection, prefix });
    try {
      // The duration is recorded when QueueEvents tells the web process the job completed.
      let count: number | null = null;
      while (!count) {
        count = sample((await scrape()).text, 'efir_job_duration_seconds_count{queue="live",name="metrics-probe",outcome="completed"}');
        if (!count) await new Promise((r) => setTimeout(r, 100));
      }
      expect(count).toBe(1);
      expect(sample((await scrape()).text, 'efir_queue_jobs{queue="live",state="waiting"}')).toBe(0);
    } finally {
      await worker.close();
    }
  } finally {
    await queue.close();
  }
});
