/**
 * The browser's side of the Q&A protocol (docs/qa-protocol.md): one WebSocket, a snapshot then
 * events applied in seq order, reconnection with `since` (exponential backoff), and an outbox of
 * questions that were sent but not acknowledged, sent again with the same `ref` after a reconnect
 * (the server finds the stored one instead of asking twice). State is Svelte 5 runes, so
 * components read it directly.
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { BroadcastVideoView } from '$lib/live/types.ts';

export type QuestionState = 'pending' | 'approved' | 'rejected' | 'answered' | 'hidden' | 'merged';
export interface Question {
  id: string;
  text: string;
  lang: string;
  name: string;
  state: QuestionState;
  votes: number;
  createdAt: string;
  answeredAt: string | null;
  answeredOffset: number | null;
  mergedInto: string | null;
  mine?: boolean;
  // moderators only
  originalText?: string | null;
  author?: string;
  heldFor?: 'premoderation' | 'blocked_word' | null;
  blockedWords?: string[];
  updatedAt?: string;
}
export interface QaSettings {
  open: boolean;
  mode: 'pre' | 'post';
  slowModeSeconds: number;
  blockedWords?: string[];
}
/** server/qa/protocol.ts BroadcastView: the Q&A's fields and the video side's (web/lib/live/types.ts). */
export interface Broadcast extends BroadcastVideoView {
  qa: QaSettings;
  onAirQuestionId: string | null;
  lastSeq: number;
}
export interface Sanction {
  id: string;
  kind: 'timeout' | 'ban';
  /** Where it holds: its own broadcast, or every broadcast. */
  scope: 'broadcast' | 'all';
  author: string;
  questionId: string | null;
  reason: string;
  createdAt: string;
  expiresAt: string | null;
  liftedAt: string | null;
}
export interface Reply {
  type: 'ack' | 'error';
  ref: string;
  id?: string;
  code?: string;
  message?: string;
  retryAfter?: number;
  state?: QuestionState;
  votes?: number;
  voted?: boolean;
  seq?: number;
}

const PROTOCOL_VERSION = 1;

export class QaConnection {
  status = $state<'connecting' | 'live' | 'offline' | 'closed'>('connecting');
  /**
   * The broadcast as of the last snapshot or `broadcast` event: reactive, so a page follows its
   * state (scheduled → live → ended), its ingest and its replay without a reload.
   */
  broadcast = $state<Broadcast | null>(null);
  moderator = $state(false);
  watching = $state(0);
  readonly questions = new SvelteMap<string, Question>();
  readonly myVotes = new SvelteSet<string>();
  readonly sanctions = new SvelteMap<string, Sanction>();
  /** The last moderator action seen (console shows who did what). */
  lastAction = $state<{ name: string; action: string } | null>(null);
  lastSeq = 0;

  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private refs = 0;
  private readonly waiting = new Map<string, { msg: Record<string, unknown>; resolve: (r: Reply) => void; durable: boolean }>();

  constructor(
    private readonly url: string,
    private readonly csrf: string | null = null
  ) {}

  start(): void {
    this.connect();
    addEventListener('online', this.reconnectNow);
  }

  stop(): void {
    this.status = 'closed';
    removeEventListener('online', this.reconnectNow);
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000);
  }

  private reconnectNow = () => {
    if (this.status === 'offline') {
      if (this.timer) clearTimeout(this.timer);
      this.connect();
    }
  };

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.status = 'connecting';
    ws.onopen = () => {
      const hello: Record<string, unknown> = { type: 'hello', v: PROTOCOL_VERSION };
      if (this.lastSeq > 0) hello.since = this.lastSeq;
      if (this.csrf) hello.csrf = this.csrf;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (ev) => this.onMessage(JSON.parse(String(ev.data)));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      // Requests that change nothing twice (votes, moderation) are answered as failed; questions wait.
      for (const [ref, w] of this.waiting) {
        if (!w.durable) {
          this.waiting.delete(ref);
          w.resolve({ type: 'error', ref, code: 'offline', message: 'connection lost' });
        }
      }
      if (this.status === 'closed') return;
      this.status = 'offline';
      const delay = Math.min(15_000, 500 * 2 ** this.attempt++) * (0.5 + Math.random() / 2);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  private onMessage(m: any): void {
    switch (m.type) {
      case 'welcome':
        this.attempt = 0;
        this.moderator = m.moderator;
        this.watching = m.watching;
        if (!m.resumed) {
          const s = m.snapshot;
          this.broadcast = s.broadcast;
          this.questions.clear();
          for (const q of s.questions) this.questions.set(q.id, q);
          this.myVotes.clear();
          for (const id of s.myVotes) this.myVotes.add(id);
          this.sanctions.clear();
          for (const x of s.sanctions ?? []) this.sanctions.set(x.id, x);
        }
        this.lastSeq = m.seq;
        this.status = 'live';
        // Questions whose acknowledgement was lost: again, with the same ref.
        for (const [, w] of this.waiting) this.ws?.send(JSON.stringify(w.msg));
        break;
      case 'events':
        if (m.to <= this.lastSeq) return; // already applied
        if (m.from > this.lastSeq + 1) {
          // A hole should never happen; if it does, start over from a snapshot.
          this.lastSeq = 0;
          this.ws?.close(4000, 'gap');
          return;
        }
        for (const e of m.events) if (e.seq > this.lastSeq) this.apply(e);
        this.lastSeq = m.to;
        break;
      case 'presence':
        this.watching = m.watching;
        break;
      case 'ack':
      case 'error': {
        const w = m.ref ? this.waiting.get(m.ref) : undefined;
        if (w) {
          this.waiting.delete(m.ref);
          w.resolve(m);
        }
        break;
      }
    }
  }

  private apply(e: any): void {
    if (e.by) this.lastAction = { name: e.by.name, action: e.by.action };
    switch (e.type) {
      case 'question': {
        const prev = this.questions.get(e.question.id);
        this.questions.set(e.question.id, { ...e.question, mine: e.question.mine ?? prev?.mine });
        break;
      }
      case 'question.removed':
        this.questions.delete(e.id);
        break;
      case 'votes':
        for (const [id, n] of Object.entries(e.counts as Record<string, number>)) {
          const q = this.questions.get(id);
          if (q) this.questions.set(id, { ...q, votes: n });
        }
        break;
      case 'onair':
        if (this.broadcast) this.broadcast = { ...this.broadcast, onAirQuestionId: e.questionId };
        break;
      case 'qa':
        if (this.broadcast) this.broadcast = { ...this.broadcast, qa: e.qa };
        break;
      case 'broadcast':
        this.broadcast = e.broadcast;
        break;
      case 'sanction':
        if (e.sanction.liftedAt) this.sanctions.delete(e.sanction.id);
        else this.sanctions.set(e.sanction.id, e.sanction);
        break;
    }
  }

  /** Sends a request; resolves with its ack or error. Questions survive reconnects (same ref). */
  request(msg: Record<string, unknown>): Promise<Reply> {
    const ref = `${Date.now().toString(36)}-${++this.refs}-${Math.random().toString(36).slice(2, 8)}`;
    const full = { ...msg, ref };
    return new Promise((resolve) => {
      const durable = msg.type === 'ask';
      this.waiting.set(ref, { msg: full, resolve, durable });
      if (this.status === 'live' && this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(full));
      else if (!durable) {
        this.waiting.delete(ref);
        resolve({ type: 'error', ref, code: 'offline', message: 'not connected' });
      }
    });
  }

  async vote(questionId: string, up: boolean): Promise<Reply> {
    // Optimistic: the mark flips at once and flips back if the server says no.
    if (up) this.myVotes.add(questionId);
    else this.myVotes.delete(questionId);
    const r = await this.request({ type: 'vote', questionId, up });
    if (r.type === 'error') {
      if (up) this.myVotes.delete(questionId);
      else this.myVotes.add(questionId);
    }
    return r;
  }
}
