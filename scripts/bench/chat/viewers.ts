/**
 * A shard of bench:chat's viewers (a child process): opens its sockets, notes when each events
 * frame arrives (on the shared wall clock) and which seqs it covered, and at the end turns them
 * into a latency histogram against the send times the parent hands over. Shards keep the viewers'
 * event loops off the processes that send requests, so that the bench measures the server.
 */
import { WebSocket } from 'ws';
import { FRAME, Histogram, cpuMeter, serve, wallClock } from './stats.ts';

const now = wallClock();
const cpu = cpuMeter();

/** Frames received: from, to, when; in typed arrays that grow (millions of entries in a big run). */
class Frames {
  n = 0;
  from = new Int32Array(1 << 16);
  to = new Int32Array(1 << 16);
  at = new Float64Array(1 << 16);
  push(from: number, to: number, at: number): void {
    if (this.n === this.at.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.from = grow(this.from);
      this.to = grow(this.to);
      this.at = grow(this.at);
    }
    this.from[this.n] = from;
    this.to[this.n] = to;
    this.at[this.n] = at;
    this.n++;
  }
}

let frames = new Frames();
let recording = false;
let probe: { at: number; data: string }[] = [];
let sockets: WebSocket[] = [];
let closedEarly: Record<string, number> = {};
/** Frames whose `from` was not the previous `to` + 1 (or the welcome's seq + 1): a gap or a repeat. */
let outOfOrder = 0;
const WELCOME_SEQ = /^\{"type":"welcome","v":\d+,"seq":(\d+),/;

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** One viewer: Efir's (hello, then the welcome) or the bare server's (nothing to say). */
async function viewer(url: string, efir: boolean, isProbe: boolean): Promise<WebSocket> {
  const ws = await open(url);
  let welcomed: () => void = () => {};
  const joined = efir ? new Promise<void>((r) => (welcomed = r)) : Promise.resolve();
  let last = -1; // the last seq accounted for (-1: not known, the bare server sends no welcome)
  ws.on('message', (data: Buffer) => {
    const at = now();
    // The head is enough: no parsing of whole frames in the hot loop of thousands of sockets.
    const head = data.toString('latin1', 0, 64);
    const m = FRAME.exec(head);
    if (!m) {
      const w = WELCOME_SEQ.exec(head);
      if (w) {
        last = Number(w[1]);
        welcomed();
      }
      return;
    }
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (last >= 0 && from !== last + 1 && recording) outOfOrder++;
    last = to;
    if (!recording) return;
    frames.push(from, to, at);
    if (isProbe) probe.push({ at, data: data.toString() });
  });
  ws.on('close', (code) => {
    if (recording) closedEarly[code] = (closedEarly[code] ?? 0) + 1;
  });
  ws.on('error', () => {});
  if (efir) ws.send(JSON.stringify({ type: 'hello', v: 1 }));
  await joined;
  return ws;
}

serve(async (m) => {
  if (m.cmd === 'exit') setTimeout(() => process.exit(0), 10);
  switch (m.cmd) {
    case 'connect': {
      // urls[(offset + i) % urls.length]: the parent's numbering spreads viewers over instances.
      const { urls, count, offset, efir, probe: withProbe } = m as { urls: string[]; count: number; offset: number; efir: boolean; probe: boolean };
      const t0 = performance.now();
      for (let i = 0; i < count; i += 100) {
        const batch = Array.from({ length: Math.min(100, count - i) }, (_, k) => viewer(urls[(offset + i + k) % urls.length]!, efir, withProbe && i + k === 0));
        sockets.push(...(await Promise.all(batch)));
      }
      return { connected: sockets.length, ms: Math.round(performance.now() - t0) };
    }
    case 'reset':
      frames = new Frames();
      probe = [];
      closedEarly = {};
      outOfOrder = 0;
      recording = true;
      cpu.reset();
      return {};
    case 'compute': {
      // sent: [seq, when the request that made it left, kind] for the measured events; kind 0 is a
      // moderator's approval, 1 a group of votes (one histogram each, besides the total).
      recording = false;
      const usage = cpu.read();
      const sent = new Map<number, [number, number]>((m.sent as [number, number, number?][]).map(([seq, t, kind]) => [seq, [t, kind ?? 0]]));
      // arrived: [seq, when it reached the viewer's instance's rooms] (Efir only): the fan-out's share.
      const arrived = new Map<number, number>((m.arrived as [number, number][] | undefined) ?? []);
      const h = new Histogram();
      const byKind = [new Histogram(), new Histogram()];
      const fanout = new Histogram();
      for (let i = 0; i < frames.n; i++) {
        for (let seq = frames.from[i]!; seq <= frames.to[i]!; seq++) {
          const s = sent.get(seq);
          if (s === undefined) continue;
          h.add(frames.at[i]! - s[0]);
          byKind[s[1]]?.add(frames.at[i]! - s[0]);
          const a = arrived.get(seq);
          if (a !== undefined) fanout.add(frames.at[i]! - a);
        }
      }
      const out = { hist: h.toJSON(), byKind: byKind.map((k) => k.toJSON()), fanout: fanout.toJSON(), frames: frames.n, outOfOrder, closed: closedEarly, usage, probe: m.wantProbe ? probe : undefined };
      frames = new Frames();
      return out;
    }
    case 'close':
      for (const s of sockets) s.terminate();
      sockets = [];
      return {};
  }
  return {};
});
process.send!({ ready: true });
