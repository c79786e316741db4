/**
 * The requests of bench:chat (a child process of its own): 20 askers, a moderator approving each
 * question, 50 voters. Each request's send time is taken on the shared wall clock; the ack's `seq`
 * names the event it made, and the parent matches it with the viewers' receipts.
 */
import { WebSocket } from 'ws';
import { cpuMeter, serve, sleep, wallClock } from './stats.ts';

const now = wallClock();
const cpu = cpuMeter();
type Send = (msg: Record<string, unknown>) => Promise<any>;

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A client that sends requests and resolves each with its reply (ack or error), by ref. */
async function requester(url: string, headers: Record<string, string> = {}, csrf?: string): Promise<Send> {
  const ws = await open(url, headers);
  const waiting = new Map<string, (m: any) => void>();
  let welcomed: () => void = () => {};
  const joined = new Promise<void>((r) => (welcomed = r));
  ws.on('message', (d: Buffer) => {
    const head = d.toString('latin1', 0, 16);
    if (head.startsWith('{"type":"welcome')) return welcomed();
    if (!head.startsWith('{"type":"ack"') && !head.startsWith('{"type":"error"')) return;
    const m = JSON.parse(d.toString());
    waiting.get(m.ref)?.(m);
    waiting.delete(m.ref);
  });
  ws.send(JSON.stringify({ type: 'hello', v: 1, ...(csrf ? { csrf } : {}) }));
  await joined;
  let n = 0;
  return (msg) =>
    new Promise((resolve) => {
      const ref = `b${++n}`;
      waiting.set(ref, resolve);
      ws.send(JSON.stringify({ ...msg, ref }));
    });
}

let askers: Send[] = [];
let voters: Send[] = [];
let moderate: Send = async () => ({});
const approved: string[] = [];
const errors: Record<string, number> = {};
const count = (r: any) => {
  if (r.type === 'error') errors[r.code] = (errors[r.code] ?? 0) + 1;
  return r;
};

serve(async (m) => {
  if (m.cmd === 'exit') setTimeout(() => process.exit(0), 10);
  if (m.cmd === 'connect') {
    const { askerUrl, modUrl, voterUrl, modCookie, csrf } = m as Record<string, string>;
    askers = await Promise.all(Array.from({ length: 20 }, () => requester(askerUrl!)));
    moderate = await requester(modUrl!, { cookie: modCookie! }, csrf);
    voters = await Promise.all(Array.from({ length: 50 }, () => requester(voterUrl!)));
    // A few approved questions, so that votes have targets from the start.
    for (let i = 0; i < 10; i++) {
      const a = count(await askers[i % askers.length]!({ type: 'ask', text: `Вопрос для разогрева ${i}`, lang: 'ru' }));
      const ok = count(await moderate({ type: 'approve', questionId: a.id }));
      if (ok.type === 'ack') approved.push(a.id);
    }
    for (const k of Object.keys(errors)) delete errors[k];
    return {};
  }
  if (m.cmd !== 'run') return {};
  const { seconds, qps, vps } = m as { seconds: number; qps: number; vps: number };
  // seq -> when the request behind it left. A `votes` event carries a group of votes: it is timed
  // from the earliest of them (the longest wait in the group).
  const sent = new Map<number, [number, number]>(); // seq -> [time, kind: 0 approval, 1 votes]
  const note = (seq: number, t: number, kind: number) => {
    const s = sent.get(seq);
    if (s === undefined || t < s[0]) sent.set(seq, [t, kind]);
  };
  cpu.reset();
  let asks = 0;
  let votes = 0;
  let approvals = 0;
  const outstanding = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    outstanding.add(p);
    void p.finally(() => outstanding.delete(p));
  };
  const start = performance.now();
  const end = start + seconds * 1000;
  // Paced loops: each sends at its rate without waiting for replies (as real clients would).
  const paced = async (rate: number, fn: (i: number) => void) => {
    let i = 0;
    while (performance.now() < end) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      fn(i++);
    }
  };
  await Promise.all([
    paced(qps, (i) => {
      asks++;
      track(
        askers[i % askers.length]!({ type: 'ask', text: `Вопрос ${i}: как продлить патент, если сменился работодатель?`, lang: 'ru' }).then(async (a) => {
          if (count(a).type !== 'ack') return;
          const tm = now();
          const r = count(await moderate({ type: 'approve', questionId: a.id }));
          if (r.type === 'ack' && r.seq) {
            note(r.seq, tm, 0);
            approvals++;
            approved.push(a.id);
          }
        })
      );
    }),
    paced(vps, (i) => {
      const q = approved[Math.floor(Math.random() * approved.length)]!;
      const t = now();
      votes++;
      track(
        voters[i % voters.length]!({ type: 'vote', questionId: q, up: Math.random() < 0.8 }).then((r) => {
          if (count(r).type === 'ack' && r.seq) note(r.seq, t, 1);
        })
      );
    })
  ]);
  // Replies still on their way: at most 2 s more (the parent waits as long for the last events).
  await Promise.race([Promise.all(outstanding), sleep(2000)]);
  return { sent: [...sent].map(([seq, [t, kind]]) => [seq, t, kind]), asks, votes, approvals, unanswered: outstanding.size, errors, usage: cpu.read() };
});
process.send!({ ready: true });
