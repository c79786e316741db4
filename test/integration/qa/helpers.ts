/**
 * A real Q&A client for tests: a `ws` socket with the viewer cookie (and a moderator's session),
 * request/reply matching by `ref`, and a check of every `events` frame: each starts right after the
 * last seq this client had (no gap) and never repeats one (no duplicate).
 */
import { WebSocket } from 'ws';
import { Compile } from 'typebox/compile';
import { ServerMessages } from '../../../server/qa/protocol.ts';
import type { Session } from '../api/helpers.ts';

const checkers = Object.fromEntries(Object.entries(ServerMessages).map(([k, s]) => [k, Compile(s)]));

export interface ClientOptions {
  session?: Session | null;
  since?: number;
  /** sent as x-forwarded-for (the app trusts its proxy), to act as another address */
  ip?: string;
  hello?: boolean;
  csrf?: boolean;
}

let refs = 0;
export const ref = () => `r${++refs}`;

export class QaClient {
  readonly messages: any[] = [];
  readonly events: any[] = [];
  /** every seq of an event received, in order */
  readonly seqs: number[] = [];
  lastSeq = 0;
  gaps: string[] = [];
  schemaErrors: string[] = [];
  welcome: any = null;
  closeCode: number | null = null;
  closeReason = '';
  private waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve(code);
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data) => this.onMessage(JSON.parse(data.toString())));
  }

  static async connect(baseUrl: string, broadcastId: string, opts: ClientOptions = {}): Promise<QaClient> {
    const headers: Record<string, string> = {};
    if (opts.session) headers.cookie = opts.session.cookie;
    if (opts.ip) headers['x-forwarded-for'] = opts.ip;
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/broadcasts/${broadcastId}/qa`, { headers });
    const c = new QaClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req: unknown, res: any) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    if (opts.hello !== false) {
      c.send({
        type: 'hello',
        v: 1,
        ...(opts.since !== undefined ? { since: opts.since } : {}),
        ...(opts.session?.csrf && opts.csrf !== false ? { csrf: opts.session.csrf } : {})
      });
      await c.waitFor((m) => m.type === 'welcome' || m.type === 'error');
      if (!c.welcome) throw new Error(`no welcome: ${JSON.stringify(c.messages.at(-1))}`);
    }
    return c;
  }

  private onMessage(m: any): void {
    this.messages.push(m);
    const check = checkers[m.type];
    if (!check) this.schemaErrors.push(`unknown server message ${m.type}`);
    else if (!check.Check(m)) this.schemaErrors.push(`${m.type}: ${JSON.stringify([...check.Errors(m)][0])}`);
    if (m.type === 'welcome') {
      this.welcome = m;
      this.lastSeq = m.seq;
    } else if (m.type === 'events') {
      if (m.from !== this.lastSeq + 1) this.gaps.push(`frame ${m.from}..${m.to} after ${this.lastSeq}`);
      for (const e of m.events) {
        if (e.seq <= this.lastSeq || e.seq < m.from || e.seq > m.to) this.gaps.push(`event ${e.seq} in ${m.from}..${m.to} after ${this.lastSeq}`);
        this.events.push(e);
        this.seqs.push(e.seq);
      }
      this.lastSeq = m.to;
    }
    for (const w of [...this.waiters]) {
      if (w.pred(m)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' || Buffer.isBuffer(msg) ? (msg as any) : JSON.stringify(msg));
  }

  /** Resolves with the first message (already received or coming) that matches. */
  waitFor(pred: (m: any) => boolean, timeoutMs = 10_000, fromStart = false): Promise<any> {
    if (fromStart) {
      const found = this.messages.find(pred);
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting (${pred.toString().slice(0, 120)})`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Waits for an event matching pred (already received or coming). */
  waitEvent(pred: (e: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const found = this.events.find(pred);
    if (found) return Promise.resolve(found);
    return this.waitFor((m) => m.type === 'events' && m.events.some(pred), timeoutMs).then((m) => m.events.find(pred));
  }

  /** Sends a request and resolves with its ack or error. */
  async request(msg: Record<string, unknown>): Promise<any> {
    const r = (msg.ref as string) ?? ref();
    const reply = this.waitFor((m) => (m.type === 'ack' || m.type === 'error') && m.ref === r);
    this.send({ ...msg, ref: r });
    return reply;
  }

  async ask(text: string, extra: Record<string, unknown> = {}): Promise<any> {
    return this.request({ type: 'ask', text, lang: 'ru', ...extra });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2000))]);
  }
}

/** Current questions as this client should see them: snapshot, then events applied. */
export function questionsOf(c: QaClient): Map<string, any> {
  const qs = new Map<string, any>();
  for (const q of c.welcome?.snapshot?.questions ?? []) qs.set(q.id, q);
  for (const e of c.events) {
    if (e.type === 'question') qs.set(e.question.id, e.question);
    if (e.type === 'question.removed') qs.delete(e.id);
    if (e.type === 'votes') for (const [id, n] of Object.entries(e.counts)) if (qs.has(id)) qs.set(id, { ...qs.get(id), votes: n });
  }
  return qs;
}
