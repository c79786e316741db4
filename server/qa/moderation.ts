/**
 * What each moderator action does to the questions and the broadcast, inside the change's
 * transaction (QaService.moderate runs it through QaRepository.mutate): the state it may start
 * from, the row it writes, the events each audience gets and the audit entry with before and after.
 */
import type { User } from '../repositories/users.ts';
import type { ClientMessageOf } from './protocol.ts';
import { EfirError } from '../errors.ts';
import type { MutateContext, QaRepository } from './repository.ts';
import { QUESTION_MAX_CHARS, charCount, cleanName, cleanText, findBlockedWords, normaliseBlockedWords } from './text.ts';
import { qaSettings, questionEvent, sanctionView, type QuestionRow } from './views.ts';
import type { Ack } from './service.ts';

export type ModMessage = ClientMessageOf<'approve' | 'reject' | 'hide' | 'restore' | 'answer' | 'edit' | 'merge' | 'pin' | 'timeout' | 'ban' | 'unban' | 'settings'>;

export async function applyModeration(repo: QaRepository, ctx: MutateContext, user: User, msg: ModMessage): Promise<Ack> {
  const by = { id: user.id, name: user.displayName, action: msg.type };
  const { tx, b, emit, audit } = ctx;
  const log = (targetId: string | null, before: unknown, after: unknown) =>
    audit({ actorId: user.id, actorName: user.displayName, action: msg.type, targetId, before, after });
  const load = async (id: string, field = 'questionId') => {
    const q = await repo.question(tx, b.id, id);
    if (!q) throw new EfirError('unknown_question', `No question "${id}" in this broadcast`, { field });
    return q;
  };
  const transition = async (q: QuestionRow, from: QuestionRow['state'][], set: Partial<Record<keyof QuestionRow, unknown>>) => {
    if (!from.includes(q.state)) {
      throw new EfirError('invalid_state', `Cannot ${msg.type} a question that is ${q.state}`, { field: 'questionId' });
    }
    const after = await repo.updateQuestion(tx, q.id, set);
    emit(questionEvent(q, after, by));
    log(q.id, snap(q), snap(after));
    return after;
  };
  const clearOnAir = async (questionId: string) => {
    if (b.on_air_question_id !== questionId) return;
    await tx.query('update broadcasts set on_air_question_id = null where id = $1', [b.id]);
    b.on_air_question_id = null;
    emit({ mod: { type: 'onair', questionId: null, by }, pub: { type: 'onair', questionId: null } });
  };

  switch (msg.type) {
    case 'approve': {
      const q = await transition(await load(msg.questionId), ['pending', 'rejected', 'hidden'], { state: 'approved', held_for: null });
      return ack(q);
    }
    case 'reject': {
      const q = await transition(await load(msg.questionId), ['pending', 'approved'], { state: 'rejected' });
      await clearOnAir(q.id);
      return ack(q);
    }
    case 'hide': {
      const q = await transition(await load(msg.questionId), ['approved', 'answered'], { state: 'hidden' });
      await clearOnAir(q.id);
      return ack(q);
    }
    case 'restore': {
      const q = await transition(await load(msg.questionId), ['rejected', 'answered', 'hidden'], {
        state: 'approved', answered_at: null, answered_offset: null
      });
      return ack(q);
    }
    case 'answer': {
      const q0 = await load(msg.questionId);
      const offset = b.started_at ? Math.max(0, (Date.now() - +new Date(b.started_at)) / 1000) : null;
      const q = await transition(q0, ['approved'], { state: 'answered', answered_at: new Date(), answered_offset: offset });
      await clearOnAir(q.id);
      return ack(q);
    }
    case 'edit': {
      const q0 = await load(msg.questionId);
      if (q0.state === 'merged') throw new EfirError('invalid_state', 'Cannot edit a merged question', { field: 'questionId' });
      const text = cleanText(msg.text);
      if (!text) throw new EfirError('empty_text', 'The question is empty', { field: 'text' });
      if (charCount(text) > QUESTION_MAX_CHARS) throw new EfirError('text_too_long', `At most ${QUESTION_MAX_CHARS} characters`, { field: 'text' });
      const q = await transition(q0, [q0.state], {
        text,
        original_text: q0.original_text ?? q0.text,
        blocked_hits: findBlockedWords(text, b.blocked_words ?? [])
      });
      return ack(q);
    }
    case 'merge': {
      if (msg.questionId === msg.into) throw new EfirError('invalid_field', 'A question cannot be merged into itself', { field: 'into' });
      // Both locked in one statement, in id order (as vote groups lock theirs): never a deadlock.
      const pair = await repo.questionsLocked(tx, b.id, [msg.questionId, msg.into]);
      const from = pair.find((q) => q.id === msg.questionId);
      const into = pair.find((q) => q.id === msg.into);
      if (!from) throw new EfirError('unknown_question', `No question "${msg.questionId}" in this broadcast`, { field: 'questionId' });
      if (!into) throw new EfirError('unknown_question', `No question "${msg.into}" in this broadcast`, { field: 'into' });
      if (into.state === 'merged' || into.state === 'rejected' || into.state === 'hidden') {
        throw new EfirError('invalid_state', `Cannot merge into a question that is ${into.state}`, { field: 'into' });
      }
      if (from.state === 'merged') throw new EfirError('invalid_state', 'That question is already merged', { field: 'questionId' });
      const votes = await repo.joinVotes(tx, from.id, into.id);
      const merged = await repo.updateQuestion(tx, from.id, { state: 'merged', merged_into: into.id, votes: 0 });
      const target = (await repo.question(tx, b.id, into.id))!;
      emit(questionEvent(from, merged, by));
      emit(questionEvent(into, target, by));
      log(from.id, snap(from), { ...snap(merged), into: into.id, votes });
      await clearOnAir(from.id);
      return ack(target);
    }
    case 'pin': {
      if (msg.questionId !== null) {
        const q = await load(msg.questionId);
        if (q.state !== 'approved') throw new EfirError('invalid_state', `Only an approved question can be on air; this one is ${q.state}`, { field: 'questionId' });
      }
      const before = b.on_air_question_id;
      await tx.query('update broadcasts set on_air_question_id = $2 where id = $1', [b.id, msg.questionId]);
      b.on_air_question_id = msg.questionId;
      emit({ mod: { type: 'onair', questionId: msg.questionId, by }, pub: { type: 'onair', questionId: msg.questionId } });
      log(msg.questionId, { onAir: before }, { onAir: msg.questionId });
      return { id: msg.questionId ?? before ?? '' };
    }
    case 'timeout':
    case 'ban': {
      const q = await repo.question(tx, b.id, msg.questionId, false);
      if (!q) throw new EfirError('unknown_question', `No question "${msg.questionId}" in this broadcast`, { field: 'questionId' });
      const s = await repo.insertSanction(tx, {
        kind: msg.type,
        scope: msg.scope ?? 'broadcast',
        viewerId: q.viewer_id,
        ipHash: q.ip_hash,
        broadcastId: b.id,
        questionId: q.id,
        reason: cleanName(msg.reason ?? '').slice(0, 200),
        createdBy: user.id,
        seconds: msg.type === 'timeout' ? msg.seconds : null
      });
      emit({ mod: { type: 'sanction', sanction: sanctionView(s, q.viewer_id), by }, pub: null });
      log(q.id, null, { sanction: s.id, kind: s.kind, scope: s.scope, author: sanctionView(s, q.viewer_id).author, expiresAt: s.expires_at });
      if (msg.type === 'ban') {
        // Their questions in this broadcast disappear from viewers' lists.
        const theirs = await tx.query<QuestionRow>(
          `select * from qa_questions where broadcast_id = $1 and viewer_id = $2 and state in ('pending', 'approved') order by id for update`,
          [b.id, q.viewer_id]
        );
        for (const t of theirs) {
          const after = await repo.updateQuestion(tx, t.id, { state: t.state === 'pending' ? 'rejected' : 'hidden' });
          emit(questionEvent(t, after, by));
          await clearOnAir(t.id);
        }
      }
      return { id: s.id };
    }
    case 'unban': {
      const s = await repo.liftSanction(tx, msg.sanctionId, user.id);
      if (!s) throw new EfirError('unknown_sanction', `No active sanction "${msg.sanctionId}"`, { field: 'sanctionId' });
      emit({ mod: { type: 'sanction', sanction: sanctionView(s, s.viewer_id), by }, pub: null });
      log(s.id, { sanction: s.id, kind: s.kind }, { lifted: true });
      return { id: s.id };
    }
    case 'settings': {
      const before = qaSettings(b, true);
      const next = {
        qa_open: msg.open ?? b.qa_open,
        qa_mode: msg.mode ?? b.qa_mode,
        slow_mode_seconds: msg.slowModeSeconds ?? b.slow_mode_seconds,
        blocked_words: msg.blockedWords ? normaliseBlockedWords(msg.blockedWords) : b.blocked_words
      };
      await tx.query(
        `update broadcasts set qa_open = $2, qa_mode = $3, slow_mode_seconds = $4, blocked_words = $5::jsonb where id = $1`,
        [b.id, next.qa_open, next.qa_mode, next.slow_mode_seconds, JSON.stringify(next.blocked_words)]
      );
      Object.assign(b, next);
      emit({ mod: { type: 'qa', qa: qaSettings(b, true), by }, pub: { type: 'qa', qa: qaSettings(b, false) } });
      log(null, before, qaSettings(b, true));
      return { id: b.id };
    }
  }
}

const snap = (q: QuestionRow) => ({ state: q.state, text: q.text, votes: q.votes });
const ack = (q: QuestionRow): Ack => ({ id: q.id, state: q.state, votes: q.votes });
