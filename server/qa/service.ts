/**
 * The Q&A's logic: who may do what to which question, in which state (what each moderator action
 * does is in moderation.ts). Every change goes through
 * QaRepository.mutate (one transaction, numbered events, audit entry; it may run a change again, so
 * a change touches nothing outside its transaction, and rate tokens are taken before it); only after it commits is the
 * change acknowledged and its events published to every instance through Redis (QaFanout).
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/index.ts';
import type { User } from '../repositories/users.ts';
import { hasRole } from '../services/auth.ts';
import { newId } from '../ids.ts';
import type { AckMessage, BroadcastView, ClientMessageOf, ClientMessageType, Snapshot } from './protocol.ts';
import { EfirError, isEfirError } from '../errors.ts';
import { QaRepository, sanctionKey, type EventRow, type EventSpec, type MutateContext, type Sanction } from './repository.ts';
import type { BucketSpec, QaLimits, SharedBuckets } from './limits.ts';
import { applyModeration, type ModMessage } from './moderation.ts';
import { ViewerSightings } from './sightings.ts';
import { QUESTION_MAX_CHARS, NAME_MAX_CHARS, charCount, cleanName, cleanText, findBlockedWords } from './text.ts';
import {
  broadcastView,
  isPublic,
  modQuestion,
  publicQuestion,
  questionEvent,
  readableOrder,
  sanctionView,
  type BroadcastRow
} from './views.ts';

/** Who sends a message: the viewer cookie's identity, the account if signed in, the address. */
export interface Actor {
  viewerId: string;
  ipHash: string;
  /** When this viewer's connection opened (ms): seen before a sanction made later (repository.activeSanctions). */
  seenAt?: number;
  user: User | null;
  /** A moderator for this connection (role checked and CSRF token shown at hello). */
  moderator: boolean;
}

export type Ack = Omit<AckMessage, 'type' | 'ref'>;

export interface Publisher {
  publish(broadcastId: string, events: EventRow[]): Promise<void>;
}

export function hashIp(secret: string, ip: string): string {
  return crypto.createHash('sha256').update(`${secret}\0ip\0${ip}`).digest('base64url').slice(0, 32);
}

/** May this account moderate this broadcast? Moderators and admins any; a producer their own. */
export function canModerate(user: User | null, b: Pick<BroadcastRow, 'owner_id'>): boolean {
  if (!user) return false;
  return hasRole(user, 'moderator') || (user.role === 'producer' && b.owner_id === user.id);
}

/**
 * May this account manage this broadcast (its settings, poster, stream key, start and end)? Its
 * producer and admins only. Moderators curate the Q&A and nothing else: ending is final (the stream
 * stops for everyone and the recording becomes the replay), so it is the producer's call; a
 * moderator facing an unruly Q&A closes the questions (`settings` with `open: false`).
 */
export function canManageBroadcast(user: User | null, b: Pick<BroadcastRow, 'owner_id'>): boolean {
  if (!user) return false;
  return user.role === 'admin' || (user.role === 'producer' && b.owner_id === user.id);
}

interface VoteItem {
  actor: Actor;
  msg: ClientMessageOf<'vote'>;
  resolve(a: Ack): void;
  reject(err: unknown): void;
}


export class QaService {
  readonly repo: QaRepository;
  private readonly sightings: ViewerSightings;

  /** `banIpHours`: how long a sanction also catches a fresh cookie from its viewer's address (QA_BAN_IP_HOURS). */
  constructor(
    db: Db,
    private readonly publisher: Publisher,
    readonly limits: QaLimits,
    private readonly log: Logger,
    /** Question and vote rates, shared by every instance (Redis). */
    private readonly buckets: SharedBuckets,
    private readonly banIpHours = 24
  ) {
    this.repo = new QaRepository(db);
    this.sightings = new ViewerSightings(this.repo, log);
  }

  /** A viewer joined a broadcast's Q&A at `at` (ms): from then on they are known there. */
  sawViewer(viewerId: string, at: number): void {
    this.sightings.saw(viewerId, at);
  }

  async close(): Promise<void> {
    await this.sightings.flush();
  }

  /** Publishes committed events; a failure only delays them (instances fill gaps from the database). */
  private async commit<R>(broadcastId: string, fn: (ctx: MutateContext) => Promise<R>): Promise<{ result: R; events: EventRow[] }> {
    const out = await this.repo.mutate(broadcastId, fn);
    if (out.events.length) {
      await this.publisher.publish(broadcastId, out.events).catch((err) => this.log.warn({ err, broadcastId }, 'Q&A publish failed; instances will read the events from the database'));
    }
    return out;
  }

  // ------------------------------------------------------------ viewers

  async ask(actor: Actor, broadcastId: string, msg: ClientMessageOf<'ask'>): Promise<Ack> {
    const text = cleanText(msg.text);
    if (!text) throw new EfirError('empty_text', 'The question is empty', { field: 'text' });
    const n = charCount(text);
    if (n > QUESTION_MAX_CHARS) throw new EfirError('text_too_long', `The question has ${n} characters; at most ${QUESTION_MAX_CHARS} are allowed`, { field: 'text' });
    const name = cleanName(msg.name ?? '');
    if (charCount(name) > NAME_MAX_CHARS) throw new EfirError('invalid_field', `The name is longer than ${NAME_MAX_CHARS} characters`, { field: 'name', params: { rule: 'too_long', max: NAME_MAX_CHARS } });
    // The rate is taken once, before the transaction: mutate may run the closure again (up to five
    // times), and a question must not be charged for each run. What did not become a new question
    // (a resend of a stored one, a refusal) gets its token back below.
    const rates = this.askRates(actor);
    await this.rate(rates, ['questions', 'questions from your network']);
    const sanction = this.sanctionBeside(broadcastId, [actor]);
    let stored = false;
    const out = this.commit(broadcastId, async ({ tx, b, emit }) => {
      stored = false;
      const s = (await sanction(tx)).get(sanctionKey(actor.viewerId, actor.ipHash));
      if (s) throw sanctionError(s);
      // A retry of a question whose acknowledgement was lost: the stored one, not a second copy.
      const existing = await this.repo.questionByRef(tx, b.id, actor.viewerId, msg.ref);
      if (existing) return { id: existing.id, state: existing.state };
      if (!b.qa_open || b.state === 'ended') throw new EfirError('qa_closed', 'Questions are closed for this broadcast');
      if (b.slow_mode_seconds > 0) {
        const last = await this.repo.lastAskedAt(tx, b.id, actor.viewerId);
        const wait = last ? b.slow_mode_seconds - (Date.now() - +new Date(last)) / 1000 : 0;
        if (wait > 0) {
          throw new EfirError('slow_mode', `Slow mode: one question every ${b.slow_mode_seconds} s; try again in ${Math.ceil(wait)} s`, { retryAfter: Math.ceil(wait) });
        }
      }
      const hits = findBlockedWords(text, b.blocked_words ?? []);
      const held = hits.length ? 'blocked_word' : b.qa_mode === 'pre' ? 'premoderation' : null;
      const q = await this.repo.insertQuestion(tx, {
        id: newId(12),
        broadcast_id: b.id,
        viewer_id: actor.viewerId,
        ip_hash: actor.ipHash,
        client_ref: msg.ref,
        author_name: name,
        lang: msg.lang,
        text,
        state: held ? 'pending' : 'approved',
        held_for: held,
        blocked_hits: hits
      });
      emit(questionEvent(null, q));
      stored = true;
      return { id: q.id, state: q.state };
    });
    const { result, events } = await out.finally(() => {
      if (!stored) void this.buckets.giveBack(rates).catch((err) => this.log.warn({ err }, 'Q&A rate give-back failed'));
    });
    return { ...result, seq: events.at(-1)?.seq };
  }

  /** The buckets a question takes from: the viewer's and the address's. */
  private askRates(actor: Actor): BucketSpec[] {
    const l = this.limits;
    return [
      { key: `ask:id:${actor.viewerId}`, rate: l.asksPerMinute / 60, burst: l.askBurst },
      { key: `ask:ip:${actor.ipHash}`, rate: l.asksPerMinutePerIp / 60, burst: l.askBurstPerIp }
    ];
  }

  /**
   * Votes are the busiest writes (hundreds a second in a big debate), so they are committed in
   * groups: the votes that arrive while one transaction runs go into the next one, which takes the
   * broadcast's lock once and emits one `votes` event with every changed count. Each vote is still
   * acknowledged only after the transaction that stored it committed.
   */
  async vote(actor: Actor, broadcastId: string, msg: ClientMessageOf<'vote'>): Promise<Ack> {
    const l = this.limits;
    await this.rate(
      [
        { key: `vote:id:${actor.viewerId}`, rate: l.votesPerSecond, burst: l.voteBurst },
        { key: `vote:ip:${actor.ipHash}`, rate: l.votesPerSecondPerIp, burst: l.voteBurstPerIp }
      ],
      ['votes', 'votes from your network']
    );
    let queue = this.voteQueues.get(broadcastId);
    if (!queue) this.voteQueues.set(broadcastId, (queue = { items: [], running: false }));
    const p = new Promise<Ack>((resolve, reject) => queue.items.push({ actor, msg, resolve, reject }));
    void this.runVotes(broadcastId, queue);
    return p;
  }

  private readonly voteQueues = new Map<string, { items: VoteItem[]; running: boolean }>();

  private async runVotes(broadcastId: string, queue: { items: VoteItem[]; running: boolean }): Promise<void> {
    if (queue.running) return;
    queue.running = true;
    try {
      while (queue.items.length) {
        const batch = queue.items.splice(0, 500);
        try {
          const sanctions = this.sanctionBeside(broadcastId, batch.map((i) => i.actor));
          const { result, events } = await this.commit(broadcastId, async ({ tx, b, emit }) => {
            const { out, counts } = await this.voteGroup(tx, b, batch, await sanctions(tx));
            if (Object.keys(counts).length) {
              const body = { type: 'votes', counts };
              emit({ mod: body, pub: body });
            }
            return { out, counts };
          });
          const seq = events.at(-1)?.seq;
          batch.forEach((item, i) => {
            const r = result.out[i]!;
            if (isEfirError(r)) item.reject(r);
            else item.resolve({ ...r, votes: result.counts[r.id] ?? r.votes, ...(r.seq === -1 && seq ? { seq } : {}) });
          });
        } catch (err) {
          for (const item of batch) item.reject(err);
        }
      }
    } finally {
      queue.running = false;
      if (!queue.items.length) this.voteQueues.delete(broadcastId);
    }
  }

  /**
   * A group's votes in order, as if one after another, worked out in memory from the rows read
   * once; then the net changes are written in one statement (QaRepository.applyVotes).
   * `seq: -1` marks a vote that changed a count.
   */
  private async voteGroup(tx: MutateContext['tx'], b: BroadcastRow, batch: VoteItem[], sanctions: Map<string, Sanction>): Promise<{ out: (Ack | EfirError)[]; counts: Record<string, number> }> {
    const counts: Record<string, number> = {};
    if (!b.qa_open || b.state === 'ended') {
      return { out: batch.map(() => new EfirError('qa_closed', 'Voting is closed for this broadcast')), counts };
    }
    const key = (q: string, v: string) => `${q}\0${v}`;
    const ids = [...new Set(batch.map((i) => i.msg.questionId))];
    const pairs = [...new Map(batch.map((i) => [key(i.msg.questionId, i.actor.viewerId), { q: i.msg.questionId, v: i.actor.viewerId }])).values()];
    const state = await this.repo.voteState(tx, b.id, ids, pairs);
    const questions = new Map(state.questions.map((q) => [q.id, { ...q }]));
    const before = new Set(state.existing.map((r) => key(r.question_id, r.voter_id)));
    const now = new Set(before);
    const delta = new Map<string, number>();
    const out: (Ack | EfirError)[] = batch.map(({ actor, msg }) => {
      const s = sanctions.get(sanctionKey(actor.viewerId, actor.ipHash));
      if (s) return sanctionError(s);
      const q = questions.get(msg.questionId);
      if (!q) return new EfirError('unknown_question', `No question "${msg.questionId}" in this broadcast`, { field: 'questionId' });
      const votable = msg.up ? q.state === 'approved' : isPublic(q.state);
      if (!votable) return new EfirError('not_votable', `A question that is ${q.state} cannot be voted on`, { field: 'questionId' });
      const k = key(q.id, actor.viewerId);
      const changed = msg.up ? !now.has(k) : now.has(k);
      if (changed) {
        if (msg.up) now.add(k);
        else now.delete(k);
        q.votes += msg.up ? 1 : -1;
        delta.set(q.id, (delta.get(q.id) ?? 0) + (msg.up ? 1 : -1));
      }
      return { id: q.id, votes: q.votes, voted: msg.up, state: q.state, ...(changed ? { seq: -1 } : {}) };
    });
    if (delta.size) {
      const add = pairs.filter((p) => now.has(key(p.q, p.v)) && !before.has(key(p.q, p.v)));
      const remove = pairs.filter((p) => !now.has(key(p.q, p.v)) && before.has(key(p.q, p.v)));
      const stored = await this.repo.applyVotes(tx, add, remove, [...delta].map(([id, d]) => ({ id, delta: d })));
      for (const id of delta.keys()) counts[id] = stored.get(id) ?? questions.get(id)!.votes;
    }
    return { out, counts };
  }

  /** Takes a token from every bucket or throws `rate_limited` naming the empty one (`what`, by index). */
  private async rate(buckets: BucketSpec[], what: string[]): Promise<void> {
    const { wait, index } = await this.buckets.take(buckets);
    if (wait > 0) throw new EfirError('rate_limited', `Too many ${what[index]}; try again in ${Math.ceil(wait)} s`, { retryAfter: Math.ceil(wait) });
  }

  /**
   * The sanctions of these actors (moderators are never held back), read beside the transaction
   * that is about to start (Db.beside): call it before `commit`, await it inside.
   */
  private sanctionBeside(broadcastId: string, actors: Actor[]): (tx: Queryable) => Promise<Map<string, Sanction>> {
    const viewers = actors.filter((a) => !a.moderator);
    if (!viewers.length) return async () => new Map();
    return this.repo.db.beside((q) => this.repo.activeSanctions(broadcastId, viewers, this.banIpHours, q));
  }

  // ------------------------------------------------------------ moderators

  async moderate(actor: Actor, broadcastId: string, msg: ModMessage): Promise<Ack> {
    if (!actor.moderator || !actor.user) throw new EfirError('forbidden', `Only moderators may ${msg.type}`);
    const user = actor.user;
    const { result, events } = await this.commit(broadcastId, (ctx) => applyModeration(this.repo, ctx, user, msg));
    return { ...result, seq: events.at(-1)?.seq };
  }

  // ------------------------------------------------------------ broadcasts (HTTP)

  async createBroadcast(user: User, input: { title: string; description?: string; scheduledAt?: string | null }) {
    if (!hasRole(user, 'producer')) throw new EfirError('forbidden', 'Only producers and admins may create broadcasts');
    const title = cleanName(input.title);
    if (!title) throw new EfirError('invalid_field', 'title: must not be empty', { field: 'title', params: { rule: 'required' } });
    const b = await this.repo.createBroadcast({
      ownerId: user.id,
      title,
      description: cleanText(input.description ?? ''),
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null
    });
    return broadcastView(b, true);
  }

  /**
   * Starts or ends a broadcast (an event for everyone watching). Ending closes the Q&A. `system`: the
   * ingest did it (a publisher started, or never came back), not a person.
   */
  async setBroadcastState(actor: User | 'system', id: string, state: 'live' | 'ended') {
    const user = actor === 'system' ? null : actor;
    let changed = false;
    const { result } = await this.commit(id, async ({ tx, b, emit, audit }) => {
      if (user && !canManageBroadcast(user, b)) {
        throw new EfirError('forbidden', 'Only the producer of this broadcast or an admin may start or end it');
      }
      if (b.state === state) return broadcastView(b, true);
      if (b.state === 'ended') throw new EfirError('invalid_state', 'The broadcast has ended');
      const [row] = await tx.query<BroadcastRow>(
        `update broadcasts set state = $2,
           started_at = case when $2 = 'live' then coalesce(started_at, now()) else started_at end,
           ended_at = case when $2 = 'ended' then now() else ended_at end,
           on_air_question_id = case when $2 = 'ended' then null else on_air_question_id end,
           updated_at = now()
         where id = $1 returning *`,
        [b.id, state]
      );
      changed = true;
      audit({ actorId: user?.id ?? null, actorName: user?.displayName ?? 'ingest', action: state === 'live' ? 'start' : 'end', targetId: b.id, before: { state: b.state }, after: { state } });
      return emitBroadcast(b, row!, emit);
    });
    if (changed) for (const l of this.stateListeners) l(id, state);
    return result;
  }

  /**
   * A change to the broadcast row outside the Q&A (the ingest's state, the live run), with a
   * `broadcast` event for everyone watching. `change` must update the row (taking its lock) and
   * return it.
   */
  async changeBroadcast(id: string, change: (tx: Queryable) => Promise<BroadcastRow | undefined>): Promise<BroadcastView> {
    const { result } = await this.commit(id, async ({ tx, b, emit }) => {
      const row = await change(tx);
      if (!row) throw new EfirError('unknown_broadcast', `No broadcast "${id}"`);
      if (row.replay_video_id) {
        // The replay's progress is its video's: read with the change, so the event tells it.
        const [v] = await tx.query<{ state: string; published_at: Date | null }>('select state, published_at from videos where id = $1', [row.replay_video_id]);
        Object.assign(b, { replay_video_state: v?.state ?? null, replay_published_at: v?.published_at ?? null });
      }
      return emitBroadcast(b, row, emit);
    });
    return result;
  }

  private readonly stateListeners: ((id: string, state: 'live' | 'ended') => void)[] = [];

  /** Called after a broadcast went live or ended (the live side finishes the recording on 'ended'). */
  onStateChange(listener: (id: string, state: 'live' | 'ended') => void): void {
    this.stateListeners.push(listener);
  }

  /**
   * A new joiner's picture of the Q&A, consistent with `seq`: every read sees one snapshot of the
   * database (repeatable read), so it takes no lock and holds no change back.
   */
  async snapshot(broadcastId: string, audience: { moderator: boolean; viewerId: string }): Promise<{ seq: number; snapshot: Snapshot }> {
    return this.repo.db.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read');
      const [b] = await tx.query<BroadcastRow>('select * from broadcasts where id = $1', [broadcastId]);
      if (!b) throw new EfirError('unknown_broadcast', `No broadcast "${broadcastId}"`);
      const rows = await this.repo.questionsFor(tx, broadcastId, audience);
      const questions = rows.map((q) =>
        audience.moderator ? modQuestion(q) : publicQuestion(q, q.viewer_id === audience.viewerId)
      );
      const snapshot: Snapshot = {
        broadcast: broadcastView(b, audience.moderator),
        questions,
        myVotes: await this.repo.myVotes(tx, broadcastId, audience.viewerId)
      };
      if (audience.moderator) {
        snapshot.sanctions = (await this.repo.sanctionsFor(tx, broadcastId)).map((s) => sanctionView(s, s.viewer_id));
      }
      return { seq: b.last_seq, snapshot };
    });
  }

  /**
   * The moderation log of a broadcast (who, what, when, before, after), for those who moderate it:
   * moderators and admins, and its own producer.
   */
  async audit(user: User, broadcastId: string) {
    const b = await this.repo.broadcast(broadcastId);
    if (!b) throw new EfirError('unknown_broadcast', `No broadcast "${broadcastId}"`);
    if (!canModerate(user, b)) throw new EfirError('forbidden', 'Only moderators, admins and the producer of this broadcast may read its log');
    return this.repo.audit(broadcastId);
  }

  /** After (or during) the broadcast: the public questions, answered first with their times. */
  async readable(broadcastId: string) {
    const b = await this.repo.broadcast(broadcastId);
    if (!b) return null;
    const rows = await this.repo.publicQuestions(broadcastId);
    return { broadcast: broadcastView(b, false), questions: rows.sort(readableOrder).map((q) => publicQuestion(q)) };
  }
}

/**
 * Emits the `broadcast` event for a row the change just updated: that update took the broadcast's
 * lock, so row.last_seq is current and this event is the next number. `b` (the row the change
 * decided on) takes the new values, so mutate's check sees the change's own update as expected.
 */
function emitBroadcast(b: BroadcastRow, row: BroadcastRow, emit: (e: EventSpec) => void) {
  const replay = { replay_video_state: b.replay_video_state, replay_published_at: b.replay_published_at };
  Object.assign(b, row);
  const next = { ...row, ...replay, last_seq: row.last_seq + 1 };
  emit({ mod: { type: 'broadcast', broadcast: broadcastView(next, true) }, pub: { type: 'broadcast', broadcast: broadcastView(next, false) } });
  return broadcastView(next, true);
}


// Where they were before the event builders moved to views.ts.
export { questionEvent, sanctionView } from './views.ts';
export type { ClientMessageType };

/** What a sanctioned viewer is told when they ask or vote. */
function sanctionError(s: Sanction): EfirError {
  if (s.kind === 'ban') return new EfirError('banned', 'You are banned from asking and voting');
  const wait = Math.ceil((+new Date(s.expires_at!) - Date.now()) / 1000);
  return new EfirError('timed_out', `You are timed out for ${wait} more seconds`, { retryAfter: wait });
}
