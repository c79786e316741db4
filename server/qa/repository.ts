/**
 * The Q&A's SQL. Every change to a broadcast's Q&A runs in `mutate`: one transaction that makes the
 * change, then locks the broadcast row to number its events last_seq + 1, + 2, … and store them with
 * the audit entries, and commits. The row lock orders events across instances (commit order is seq
 * order), and a rolled-back change leaves no hole.
 */
import type { Db, Queryable } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { BroadcastRow, QuestionRow } from './views.ts';

/** One stored event: the JSON each audience receives (`seq` included), as text ready to send. */
export interface EventRow {
  seq: number;
  mod: string;
  pub: string | null;
  own: string | null;
  /** viewer id of the one who gets `own` instead of `pub` */
  author: string | null;
}

/** An event before it has its number: bodies per audience (null: that audience does not see it). */
export interface EventSpec {
  mod: Record<string, unknown>;
  pub: Record<string, unknown> | null;
  own?: Record<string, unknown> | null;
  author?: string | null;
}

export interface AuditEntry {
  actorId: string | null;
  actorName: string;
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

export interface MutateContext {
  tx: Queryable;
  b: BroadcastRow;
  emit(e: EventSpec): void;
  audit(a: AuditEntry): void;
}

const withSeq = (seq: number, body: Record<string, unknown> | null | undefined) =>
  body ? JSON.stringify({ seq, ...body }) : null;

const MUTATE_ATTEMPTS = 5;

/** A broadcast row with its replay video's state and publication (for BroadcastView's `replay`). */
export const WITH_REPLAY = `select b.*, v.state as replay_video_state, v.published_at as replay_published_at
  from broadcasts b left join videos v on v.id = b.replay_video_id`;

export interface Sanction {
  id: string;
  kind: 'timeout' | 'ban';
  expires_at: Date | null;
  reason: string;
}
export type SanctionScope = 'broadcast' | 'all';

/** Who a sanction check is about: the viewer cookie's identity, the address, when this connection came (ms). */
export interface SanctionSubject {
  viewerId: string;
  ipHash: string;
  seenAt?: number;
}
export const sanctionKey = (viewerId: string, ipHash: string) => `${viewerId}\0${ipHash}`;

/** The broadcast changed under a change that had decided on it: run the change again. */
class StaleBroadcast extends Error {}

function isRetryable(err: unknown): boolean {
  if (err instanceof StaleBroadcast) return true;
  const e = err as { code?: string; constraint?: string };
  // 40P01: deadlock detected (question locks in two orders); 23505 on the (viewer, ref) key: a
  // retried question committed while this copy was inserting: the next attempt finds and returns it.
  return e?.code === '40P01' || (e?.code === '23505' && /client_ref/.test(e.constraint ?? ''));
}

/** The broadcast's columns a change may decide on. */
type DecisionFields = Pick<BroadcastRow, 'state' | 'started_at' | 'ended_at' | 'qa_open' | 'qa_mode' | 'slow_mode_seconds' | 'blocked_words' | 'on_air_question_id' | 'owner_id'>;

function decisionStamp(b: DecisionFields): string {
  const t = (d: Date | string | null) => (d ? new Date(d).getTime() : null);
  return JSON.stringify([b.state, t(b.started_at), t(b.ended_at), b.qa_open, b.qa_mode, b.slow_mode_seconds, b.blocked_words ?? [], b.on_air_question_id, b.owner_id]);
}

/**
 * Takes the broadcast's lock and numbers the change's events after last_seq, stores them (each
 * audience's body with its seq) and the audit entries; returns the first number minus one and the
 * row's decision fields. One statement: data-modifying WITH parts always run to completion.
 */
const SEQUENCE_AND_STORE = `
  with b as (
    update broadcasts set last_seq = last_seq + $2, updated_at = now() where id = $1
    returning last_seq - $2 as base, state, started_at, ended_at, qa_open, qa_mode, slow_mode_seconds,
              blocked_words, on_air_question_id, owner_id
  ), e as (
    insert into qa_events (broadcast_id, seq, mod, pub, own, author)
    select $1, b.base + x.i, x.mod || jsonb_build_object('seq', b.base + x.i),
           x.pub || jsonb_build_object('seq', b.base + x.i), x.own || jsonb_build_object('seq', b.base + x.i), x.author
      from b, jsonb_to_recordset($3::jsonb) as x(i int, mod jsonb, pub jsonb, own jsonb, author text)
  ), a as (
    insert into qa_audit (broadcast_id, actor_id, actor_name, action, target_id, before, after)
    select $1, y."actorId", y."actorName", y.action, y."targetId", y.before, y.after
      from b, jsonb_to_recordset($4::jsonb) as y("actorId" text, "actorName" text, action text, "targetId" text, before jsonb, after jsonb)
  )
  select * from b`;

export class QaRepository {
  constructor(readonly db: Db) {}

  /**
   * Runs one change. The broadcast's row lock, which numbers the events, is taken last, in the one
   * statement that numbers and stores them (and the audit entries) just before COMMIT: it is held
   * for two round trips, not for the whole change, so a busy debate's asks, approvals and vote
   * groups do not queue behind each other's reads. Locks are always taken questions first, then
   * the broadcast, so they cannot deadlock on each other.
   * `fn` decides on the broadcast row as read at the start (settings, state, the question on air);
   * if another change altered those before this one took the lock, this one is rolled back and run
   * again on the fresh row (rare: settings change a few times an hour). A deadlock between question
   * locks or a duplicate `ref` racing its retry is run again the same way.
   */
  async mutate<R>(broadcastId: string, fn: (ctx: MutateContext) => Promise<R>): Promise<{ result: R; events: EventRow[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        // The row is read without a lock (its lock is taken last, below), so beside the BEGIN.
        const broadcast = this.db.beside((q) => q.query<BroadcastRow>('select * from broadcasts where id = $1', [broadcastId]));
        return await this.db.transaction(async (tx) => this.mutateOnce(tx, broadcastId, (await broadcast(tx))[0], fn));
      } catch (err) {
        if (attempt < MUTATE_ATTEMPTS && isRetryable(err)) continue;
        throw err;
      }
    }
  }

  private async mutateOnce<R>(tx: Queryable, broadcastId: string, b: BroadcastRow | undefined, fn: (ctx: MutateContext) => Promise<R>): Promise<{ result: R; events: EventRow[] }> {
    if (!b) throw new EfirError('unknown_broadcast', `No broadcast "${broadcastId}"`);
    const specs: EventSpec[] = [];
    const audits: AuditEntry[] = [];
    const result = await fn({ tx, b, emit: (e) => specs.push(e), audit: (a) => audits.push(a) });
    if (!specs.length && !audits.length) return { result, events: [] };
    const [row] = await tx.query<DecisionFields & { base: number }>(SEQUENCE_AND_STORE, [
      broadcastId,
      specs.length,
      JSON.stringify(specs.map((s, i) => ({ i: i + 1, mod: s.mod, pub: s.pub, own: s.own ?? null, author: s.author ?? null }))),
      JSON.stringify(audits.map((a) => ({ ...a, before: a.before ?? null, after: a.after ?? null })))
    ]);
    if (!row) throw new EfirError('unknown_broadcast', `No broadcast "${broadcastId}"`);
    // `b` as fn left it (its own changes to the row applied in place) must be the row now.
    if (decisionStamp(row) !== decisionStamp(b)) throw new StaleBroadcast();
    const base = Number(row.base);
    const events: EventRow[] = specs.map((s, i) => {
      const seq = base + i + 1;
      return { seq, mod: withSeq(seq, s.mod)!, pub: withSeq(seq, s.pub), own: withSeq(seq, s.own), author: s.author ?? null };
    });
    return { result, events };
  }

  // ------------------------------------------------------------ broadcasts

  async createBroadcast(input: { ownerId: string | null; title: string; description: string; scheduledAt: Date | null }): Promise<BroadcastRow> {
    const [row] = await this.db.query<BroadcastRow>(
      `insert into broadcasts (id, owner_id, title, description, scheduled_at) values ($1, $2, $3, $4, $5) returning *`,
      [newId(), input.ownerId, input.title, input.description, input.scheduledAt]
    );
    return row!;
  }

  /** A broadcast with its replay video's state (for the view's `replay`). */
  async broadcast(id: string, q: Queryable = this.db): Promise<BroadcastRow | null> {
    const [row] = await q.query<BroadcastRow>(`${WITH_REPLAY} where b.id = $1`, [id]);
    return row ?? null;
  }

  async listBroadcasts(limit = 100): Promise<BroadcastRow[]> {
    return this.db.query<BroadcastRow>(
      `${WITH_REPLAY} order by (b.state = 'live') desc, coalesce(b.scheduled_at, b.created_at) desc limit $1`,
      [limit]
    );
  }

  async lastSeq(id: string): Promise<number | null> {
    const [row] = await this.db.query<{ last_seq: number }>('select last_seq from broadcasts where id = $1', [id]);
    return row ? row.last_seq : null;
  }

  // ------------------------------------------------------------ questions

  async question(tx: Queryable, broadcastId: string, id: string, lock = true): Promise<QuestionRow | null> {
    const [row] = await tx.query<QuestionRow>(
      `select * from qa_questions where id = $1 and broadcast_id = $2${lock ? ' for update' : ''}`,
      [id, broadcastId]
    );
    return row ?? null;
  }

  /** Several questions locked in id order (the order every multi-question change locks in). */
  async questionsLocked(tx: Queryable, broadcastId: string, ids: string[]): Promise<QuestionRow[]> {
    return tx.query<QuestionRow>(
      `select * from qa_questions where broadcast_id = $1 and id in (select jsonb_array_elements_text($2::jsonb)) order by id for update`,
      [broadcastId, JSON.stringify(ids)]
    );
  }

  async questionByRef(tx: Queryable, broadcastId: string, viewerId: string, ref: string): Promise<QuestionRow | null> {
    const [row] = await tx.query<QuestionRow>(
      'select * from qa_questions where broadcast_id = $1 and viewer_id = $2 and client_ref = $3',
      [broadcastId, viewerId, ref]
    );
    return row ?? null;
  }

  async lastAskedAt(tx: Queryable, broadcastId: string, viewerId: string): Promise<Date | null> {
    const [row] = await tx.query<{ at: Date | null }>(
      'select max(created_at) as at from qa_questions where broadcast_id = $1 and viewer_id = $2',
      [broadcastId, viewerId]
    );
    return row?.at ?? null;
  }

  async insertQuestion(tx: Queryable, q: Omit<QuestionRow, 'created_at' | 'updated_at' | 'votes' | 'merged_into' | 'answered_at' | 'answered_offset' | 'original_text'>): Promise<QuestionRow> {
    const [row] = await tx.query<QuestionRow>(
      `insert into qa_questions (id, broadcast_id, viewer_id, ip_hash, client_ref, author_name, lang, text, state, held_for, blocked_hits)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) returning *`,
      [q.id, q.broadcast_id, q.viewer_id, q.ip_hash, q.client_ref, q.author_name, q.lang, q.text, q.state, q.held_for, JSON.stringify(q.blocked_hits)]
    );
    return row!;
  }

  /** Sets the given columns and updated_at; returns the new row. */
  async updateQuestion(tx: Queryable, id: string, set: Partial<Record<keyof QuestionRow, unknown>>): Promise<QuestionRow> {
    const keys = Object.keys(set);
    const values = keys.map((k) => (k === 'blocked_hits' ? JSON.stringify(set[k as keyof QuestionRow]) : set[k as keyof QuestionRow]));
    const assigns = keys.map((k, i) => `${k} = $${i + 2}${k === 'blocked_hits' ? '::jsonb' : ''}`);
    const [row] = await tx.query<QuestionRow>(
      `update qa_questions set ${[...assigns, 'updated_at = now()'].join(', ')} where id = $1 returning *`,
      [id, ...values]
    );
    return row!;
  }

  async questionsFor(q: Queryable, broadcastId: string, audience: { moderator: boolean; viewerId: string }, limit = 2000): Promise<QuestionRow[]> {
    if (audience.moderator) {
      return q.query<QuestionRow>(
        `select * from qa_questions where broadcast_id = $1 and state <> 'merged' order by created_at desc limit $2`,
        [broadcastId, limit]
      );
    }
    return q.query<QuestionRow>(
      `select * from qa_questions where broadcast_id = $1 and (state in ('approved', 'answered') or viewer_id = $2)
        order by created_at desc limit $3`,
      [broadcastId, audience.viewerId, limit]
    );
  }

  async publicQuestions(broadcastId: string): Promise<QuestionRow[]> {
    return this.db.query<QuestionRow>(
      `select * from qa_questions where broadcast_id = $1 and state in ('approved', 'answered')`,
      [broadcastId]
    );
  }

  async myVotes(q: Queryable, broadcastId: string, viewerId: string): Promise<string[]> {
    const rows = await q.query<{ question_id: string }>(
      `select v.question_id from qa_votes v join qa_questions q on q.id = v.question_id
        where v.voter_id = $1 and q.broadcast_id = $2`,
      [viewerId, broadcastId]
    );
    return rows.map((r) => r.question_id);
  }

  /**
   * A group of votes takes three statements whatever its size (round trips per vote would make a
   * busy debate's votes queue): here the questions, locked, then which of the (question, voter)
   * pairs exist; then applyVotes' net inserts, deletes and counts.
   */
  async voteState(tx: Queryable, broadcastId: string, questionIds: string[], pairs: { q: string; v: string }[]) {
    const questions = await tx.query<Pick<QuestionRow, 'id' | 'state' | 'votes'>>(
      `select id, state, votes from qa_questions
        where broadcast_id = $1 and id in (select jsonb_array_elements_text($2::jsonb)) order by id for update`,
      [broadcastId, JSON.stringify(questionIds)]
    );
    const existing = await tx.query<{ question_id: string; voter_id: string }>(
      `select v.question_id, v.voter_id from qa_votes v
        join jsonb_to_recordset($1::jsonb) as p(q text, v text) on v.question_id = p.q and v.voter_id = p.v`,
      [JSON.stringify(pairs)]
    );
    return { questions, existing };
  }

  /**
   * Applies a group's net changes in one statement (data-modifying WITH parts always run); returns
   * the new count of every question in `touched`.
   */
  async applyVotes(tx: Queryable, add: { q: string; v: string }[], remove: { q: string; v: string }[], touched: { id: string; delta: number }[]): Promise<Map<string, number>> {
    const rows = await tx.query<{ id: string; votes: number }>(
      `with added as (
         insert into qa_votes (question_id, voter_id) select p.q, p.v from jsonb_to_recordset($1::jsonb) as p(q text, v text)
         on conflict do nothing
       ), removed as (
         delete from qa_votes x using jsonb_to_recordset($2::jsonb) as p(q text, v text) where x.question_id = p.q and x.voter_id = p.v
       )
       update qa_questions q set votes = q.votes + d.delta, updated_at = now()
         from jsonb_to_recordset($3::jsonb) as d(id text, delta int) where q.id = d.id returning q.id, q.votes`,
      [JSON.stringify(add), JSON.stringify(remove), JSON.stringify(touched)]
    );
    return new Map(rows.map((r) => [r.id, r.votes]));
  }

  async hasVoted(tx: Queryable, questionId: string, voterId: string): Promise<boolean> {
    return (await tx.query('select 1 from qa_votes where question_id = $1 and voter_id = $2', [questionId, voterId])).length > 0;
  }

  /** Moves the votes of `from` onto `into` (a voter of both counts once) and recounts `into`. */
  async joinVotes(tx: Queryable, from: string, into: string): Promise<number> {
    await tx.query(
      `insert into qa_votes (question_id, voter_id, created_at)
       select $2, voter_id, created_at from qa_votes where question_id = $1 on conflict do nothing`,
      [from, into]
    );
    await tx.query('delete from qa_votes where question_id = $1', [from]);
    const [row] = await tx.query<{ votes: number }>(
      `update qa_questions set votes = (select count(*) from qa_votes where question_id = $1), updated_at = now()
        where id = $1 returning votes`,
      [into]
    );
    return row!.votes;
  }

  // ------------------------------------------------------------ sanctions

  /**
   * The sanctions that keep these viewers from asking or voting in this broadcast now, one statement
   * for a whole vote group; keyed by sanctionKey(viewer, address). A sanction holds in its own
   * broadcast, or in all of them (scope 'all'). It catches its viewer's identity for as long as it
   * lasts, and, for `ipHours` after it was made, a fresh identity from the same address: one first
   * seen after the sanction (neither in qa_viewers nor on a connection opened) before it. A viewer
   * known there before is in good standing and never caught by someone else's sanction.
   */
  async activeSanctions(broadcastId: string, actors: SanctionSubject[], ipHours: number, q: Queryable = this.db): Promise<Map<string, Sanction>> {
    const rows = await q.query<Sanction & { v: string; ip: string }>(
      `select a.v, a.ip, s.id, s.kind, s.expires_at, s.reason
         from jsonb_to_recordset($1::jsonb) as a(v text, ip text, seen timestamptz)
         cross join lateral (
           select x.id, x.kind, x.expires_at, x.reason from qa_sanctions x
            where x.lifted_at is null and (x.expires_at is null or x.expires_at > now())
              and (x.scope = 'all' or x.broadcast_id = $2)
              and (x.viewer_id = a.v
                   or (x.ip_hash = a.ip and x.created_at > now() - make_interval(hours => $3::int)
                       and (a.seen is null or a.seen >= x.created_at)
                       and not exists (select 1 from qa_viewers w where w.viewer_id = a.v and w.first_seen < x.created_at)))
            order by (x.kind = 'ban') desc, x.expires_at desc nulls first limit 1
         ) s`,
      [
        JSON.stringify(actors.map((a) => ({ v: a.viewerId, ip: a.ipHash, seen: a.seenAt ? new Date(a.seenAt).toISOString() : null }))),
        broadcastId,
        ipHours
      ]
    );
    return new Map(rows.map(({ v, ip, ...s }) => [sanctionKey(v, ip), s]));
  }

  /** Records when these identities were first seen (an earlier record stays). */
  async sawViewers(seen: { viewerId: string; at: number }[]): Promise<void> {
    if (!seen.length) return;
    await this.db.query(
      `insert into qa_viewers (viewer_id, first_seen)
       select x.v, min(x.at) from jsonb_to_recordset($1::jsonb) as x(v text, at timestamptz) group by x.v
       on conflict (viewer_id) do update set first_seen = least(qa_viewers.first_seen, excluded.first_seen)`,
      [JSON.stringify(seen.map((x) => ({ v: x.viewerId, at: new Date(x.at).toISOString() })))]
    );
  }

  async insertSanction(tx: Queryable, s: { kind: 'timeout' | 'ban'; scope: SanctionScope; viewerId: string; ipHash: string; broadcastId: string; questionId: string; reason: string; createdBy: string | null; seconds: number | null }) {
    const [row] = await tx.query<any>(
      `insert into qa_sanctions (id, kind, viewer_id, ip_hash, broadcast_id, question_id, reason, created_by, expires_at, scope)
       values ($1, $2, $3, $4, $5, $6, $7, $8, case when $9::int is null then null else now() + make_interval(secs => $9::int) end, $10)
       returning *`,
      [newId(12), s.kind, s.viewerId, s.ipHash, s.broadcastId, s.questionId, s.reason, s.createdBy, s.seconds, s.scope]
    );
    return row;
  }

  async liftSanction(tx: Queryable, id: string, by: string | null) {
    const [row] = await tx.query<any>(
      'update qa_sanctions set lifted_at = now(), lifted_by = $2 where id = $1 and lifted_at is null returning *',
      [id, by]
    );
    return row ?? null;
  }

  async sanctionsFor(q: Queryable, broadcastId: string) {
    return q.query<any>(
      `select * from qa_sanctions where broadcast_id = $1 and lifted_at is null and (expires_at is null or expires_at > now())
        order by created_at desc limit 500`,
      [broadcastId]
    );
  }

  // ------------------------------------------------------------ events and audit

  async events(broadcastId: string, after: number, upTo: number, limit = 1000): Promise<EventRow[]> {
    const rows = await this.db.query<{ seq: number; mod: unknown; pub: unknown; own: unknown; author: string | null }>(
      `select seq, mod, pub, own, author from qa_events where broadcast_id = $1 and seq > $2 and seq <= $3 order by seq limit $4`,
      [broadcastId, after, upTo, limit]
    );
    const s = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
    return rows.map((r) => ({ seq: Number(r.seq), mod: s(r.mod)!, pub: s(r.pub), own: s(r.own), author: r.author }));
  }

  async audit(broadcastId: string, limit = 500) {
    return this.db.query<any>(
      `select id, actor_id, actor_name, action, target_id, before, after, created_at from qa_audit
        where broadcast_id = $1 order by id desc limit $2`,
      [broadcastId, limit]
    );
  }
}
