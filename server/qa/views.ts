/**
 * What each audience sees of a question or a broadcast: moderators everything (with the original
 * text and a pseudonymous author key), viewers the approved and answered ones, an author their own
 * in any state. Pure functions of database rows.
 */
import crypto from 'node:crypto';
import type { BroadcastView, Lang, ModQuestion, PublicQuestion, QaSettings } from './protocol.ts';
import type { EventSpec } from './repository.ts';

export type QuestionState = 'pending' | 'approved' | 'rejected' | 'answered' | 'hidden' | 'merged';

export interface QuestionRow {
  id: string;
  broadcast_id: string;
  viewer_id: string;
  ip_hash: string;
  client_ref: string;
  author_name: string;
  lang: Lang;
  text: string;
  original_text: string | null;
  state: QuestionState;
  held_for: 'premoderation' | 'blocked_word' | null;
  blocked_hits: string[];
  votes: number;
  merged_into: string | null;
  answered_at: Date | null;
  answered_offset: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface BroadcastRow {
  id: string;
  owner_id: string | null;
  title: string;
  description: string;
  scheduled_at: Date | null;
  state: 'scheduled' | 'live' | 'ended';
  started_at: Date | null;
  ended_at: Date | null;
  qa_open: boolean;
  qa_mode: 'pre' | 'post';
  slow_mode_seconds: number;
  blocked_words: string[];
  on_air_question_id: string | null;
  last_seq: number;
  created_at: Date;
  updated_at: Date;
  // The video side (migration 003).
  i18n: Record<string, { title?: string; description?: string }>;
  poster_path: string | null;
  stream_key: string | null;
  stream_key_rotated_at: Date | null;
  replay_review: boolean;
  dvr_seconds: number;
  ingest_state: 'idle' | 'publishing' | 'reconnecting';
  ingest_lost_at: Date | null;
  ingest_error: string | null;
  live_run: string | null;
  /** The publisher's longest keyframe gap when over the segment target (migration 011), else null. */
  ingest_keyframe_seconds?: number | null;
  replay_video_id: string | null;
  /** Joined from the replay's video when the query does (QaRepository.broadcast, listBroadcasts). */
  replay_video_state?: string | null;
  replay_published_at?: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Approved and answered questions are public; everything else only moderators and the author see. */
export const isPublic = (state: QuestionState) => state === 'approved' || state === 'answered';

/** The same viewer always gets the same key, which tells moderators nothing else about them. */
export function authorKey(viewerId: string): string {
  return crypto.createHash('sha256').update(`author:${viewerId}`).digest('base64url').slice(0, 10);
}

export function publicQuestion(q: QuestionRow, mine = false): PublicQuestion {
  const v: PublicQuestion = {
    id: q.id,
    text: q.text,
    lang: q.lang,
    name: q.author_name,
    state: q.state,
    votes: q.votes,
    createdAt: iso(q.created_at)!,
    answeredAt: iso(q.answered_at),
    answeredOffset: q.answered_offset,
    mergedInto: q.merged_into
  };
  if (mine) v.mine = true;
  return v;
}

export function modQuestion(q: QuestionRow): ModQuestion {
  return {
    ...publicQuestion(q),
    originalText: q.original_text,
    author: authorKey(q.viewer_id),
    heldFor: q.state === 'pending' ? q.held_for : null,
    blockedWords: q.blocked_hits ?? [],
    updatedAt: iso(q.updated_at)!
  };
}

export function qaSettings(b: BroadcastRow, moderator: boolean): QaSettings {
  const s: QaSettings = { open: b.qa_open, mode: b.qa_mode, slowModeSeconds: b.slow_mode_seconds };
  if (moderator) s.blockedWords = b.blocked_words ?? [];
  return s;
}

export function broadcastView(b: BroadcastRow, moderator: boolean): BroadcastView {
  return {
    id: b.id,
    title: b.title,
    description: b.description,
    state: b.state,
    scheduledAt: iso(b.scheduled_at),
    startedAt: iso(b.started_at),
    endedAt: iso(b.ended_at),
    qa: qaSettings(b, moderator),
    onAirQuestionId: b.on_air_question_id,
    lastSeq: b.last_seq,
    i18n: b.i18n ?? {},
    posterUrl: b.poster_path ? `/media/posters/${b.poster_path}` : null,
    live:
      b.state === 'live'
        ? {
            hlsUrl: b.live_run ? liveHlsUrl(b.id, b.live_run) : null,
            dvrSeconds: b.dvr_seconds,
            ingest: b.ingest_state,
            // For the producer and moderators: OBS's keyframe interval is too long (viewers need not know).
            ...(moderator && b.ingest_keyframe_seconds != null ? { keyframeSeconds: Math.round(b.ingest_keyframe_seconds * 10) / 10 } : {})
          }
        : null,
    replay: b.replay_video_id ? { state: replayState(b), videoId: b.replay_video_id } : null
  };
}

/** The live master playlist of a broadcast's current transcode. */
export const liveHlsUrl = (broadcastId: string, run: string) => `/media/live/${broadcastId}/${run}/master.m3u8`;

/** Where the replay is, from its video (when the query joined it; else still processing). */
function replayState(b: BroadcastRow): 'processing' | 'review' | 'ready' | 'failed' {
  if (b.replay_published_at) return 'ready';
  if (b.replay_video_state === 'failed') return 'failed';
  if (b.replay_video_state === 'ready') return 'review';
  return 'processing';
}

/** Questions after the broadcast: answered first (in the order they were answered), then by votes. */
export function readableOrder(a: QuestionRow, b: QuestionRow): number {
  if ((a.state === 'answered') !== (b.state === 'answered')) return a.state === 'answered' ? -1 : 1;
  if (a.state === 'answered') return +new Date(a.answered_at!) - +new Date(b.answered_at!);
  return b.votes - a.votes || +new Date(a.created_at) - +new Date(b.created_at);
}

/** The event for a question that changed from `before` (null: new) to `after`. */
export function questionEvent(before: QuestionRow | null, after: QuestionRow, by?: { id: string; name: string; action: string }): EventSpec {
  const wasPublic = before ? isPublic(before.state) : false;
  const pub = isPublic(after.state)
    ? { type: 'question', question: publicQuestion(after) }
    : wasPublic
      ? { type: 'question.removed', id: after.id }
      : null;
  return {
    mod: { type: 'question', question: modQuestion(after), ...(by ? { by } : {}) },
    pub,
    own: { type: 'question', question: publicQuestion(after, true) },
    author: after.viewer_id
  };
}

export function sanctionView(s: any, viewerId: string) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: s.id,
    kind: s.kind,
    scope: s.scope,
    author: authorKey(viewerId),
    questionId: s.question_id,
    reason: s.reason,
    createdAt: iso(s.created_at)!,
    expiresAt: iso(s.expires_at),
    liftedAt: iso(s.lifted_at)
  };
}
