/**
 * What the bench:chat processes share: one clock (all on one machine, so the wall clock is common),
 * a compact latency histogram that travels over IPC, and request/reply over a child's IPC channel.
 */
import type { ChildProcess } from 'node:child_process';

/**
 * Milliseconds on the wall clock with sub-millisecond resolution. Each process pins
 * performance.now() to an edge of Date.now() (a tick of at most 1 ms), so readings taken in
 * different processes of one machine compare to well under a millisecond.
 */
export function wallClock(): () => number {
  const t0 = Date.now();
  let t = t0;
  while (t === t0) t = Date.now();
  const base = t - performance.now();
  return () => base + performance.now();
}

/** 0.1 ms buckets up to 1 s, 1 ms buckets up to 60 s, then one overflow bucket. */
const FINE = 10_000;
const COARSE = 59_000;
const SIZE = FINE + COARSE + 1;

export class Histogram {
  counts = new Uint32Array(SIZE);
  n = 0;
  max = 0;
  /** Receipts before their send (clock disagreement): counted as 0 ms, reported apart. */
  negative = 0;

  add(ms: number): void {
    if (ms < 0) {
      this.negative++;
      ms = 0;
    }
    const i = ms < 1000 ? Math.floor(ms * 10) : Math.min(SIZE - 1, FINE + Math.floor(ms - 1000));
    this.counts[i]!++;
    this.n++;
    if (ms > this.max) this.max = ms;
  }

  /** Sparse form for IPC: [bucket, count] pairs. */
  toJSON(): { buckets: [number, number][]; n: number; max: number; negative: number } {
    const buckets: [number, number][] = [];
    for (let i = 0; i < SIZE; i++) if (this.counts[i]) buckets.push([i, this.counts[i]!]);
    return { buckets, n: this.n, max: this.max, negative: this.negative };
  }

  merge(h: ReturnType<Histogram['toJSON']>): void {
    for (const [i, c] of h.buckets) this.counts[i]! += c;
    this.n += h.n;
    this.negative += h.negative;
    if (h.max > this.max) this.max = h.max;
  }

  /** The p-th percentile in ms (upper edge of its bucket), one decimal. */
  percentile(p: number): number {
    if (!this.n) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const ms = i < FINE ? (i + 1) / 10 : i < SIZE - 1 ? 1000 + (i - FINE) + 1 : this.max;
        return Math.round(Math.min(ms, this.max) * 10) / 10;
      }
    }
    return Math.round(this.max * 10) / 10;
  }

  summary(): { p50: number; p95: number; p99: number; max: number } {
    return { p50: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99), max: Math.round(this.max * 10) / 10 };
  }
}

/** `{"type":"events","from":F,"to":T,` at the start of every events frame. */
export const FRAME = /^\{"type":"events","from":(\d+),"to":(\d+),/;

let nextId = 0;
/** Sends a command to a child and resolves with its reply (the message carrying the same id). */
export function call<T = any>(child: ChildProcess, msg: Record<string, unknown>): Promise<T> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const onMessage = (m: any) => {
      if (m?.id !== id) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (m.error) reject(new Error(m.error));
      else resolve(m as T);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`bench child exited (${code}) while handling "${String(msg.cmd)}"`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ ...msg, id });
  });
}

/** In a child: answers the parent's commands with `handler` (errors go back as `error`). */
export function serve(handler: (msg: any) => Promise<Record<string, unknown>>): void {
  process.on('message', (m: any) => {
    if (typeof m?.id !== 'number') return;
    handler(m).then(
      (r) => process.send!({ ...r, id: m.id }),
      (err) => process.send!({ id: m.id, error: String(err?.stack ?? err) })
    );
  });
  // The benchmark that started us is gone (killed, crashed): so are we.
  process.on('disconnect', () => process.exit(0));
}

/** CPU of this process since `mark`, as % of one core. */
export function cpuMeter() {
  let mark = { cpu: process.cpuUsage(), at: performance.now() };
  return {
    reset() {
      mark = { cpu: process.cpuUsage(), at: performance.now() };
    },
    read() {
      const cpu = process.cpuUsage(mark.cpu);
      const ms = performance.now() - mark.at;
      return { cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / ms) * 100), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) };
    }
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
