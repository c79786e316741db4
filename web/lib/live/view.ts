/**
 * Pure choices of the live pages (no DOM, no Svelte), unit-tested in test/unit/web/live-view.test.ts:
 * which language a broadcast's text is shown in, what the live page shows for a broadcast's state,
 * which badge the studio gives it, and which of two views of one broadcast is the newer.
 */
import type { BroadcastVideoView, ProducerBroadcastView } from './types.ts';

export interface LocalizedText {
  title: string;
  description: string;
  /** The language the title is actually in (the viewer's, or 'ru' when it fell back): for lang="". */
  titleLang: string;
  descriptionLang: string;
}

/** Title and description in the viewer's UI language, each falling back to the Russian original. */
export function localizedText(b: Pick<BroadcastVideoView, 'title' | 'description' | 'i18n'>, lang: string): LocalizedText {
  const t = lang === 'ru' ? undefined : b.i18n?.[lang];
  const title = t?.title?.trim() ? t.title : null;
  const description = t?.description?.trim() ? t.description : null;
  return {
    title: title ?? b.title,
    description: description ?? b.description,
    titleLang: title ? lang : 'ru',
    descriptionLang: description ? lang : 'ru'
  };
}

/** What the live page shows in the player's place. */
export type LiveStage =
  | { kind: 'waiting'; scheduledAt: string | null }
  | { kind: 'starting' }
  | { kind: 'live'; hlsUrl: string; dvrSeconds: number; interrupted: boolean }
  | { kind: 'ended'; replay: 'none' | 'processing' | 'review' | 'failed' }
  | { kind: 'replay'; videoId: string };

export function liveStage(b: Pick<BroadcastVideoView, 'state' | 'scheduledAt' | 'live' | 'replay'>): LiveStage {
  if (b.state === 'scheduled') return { kind: 'waiting', scheduledAt: b.scheduledAt };
  if (b.state === 'live') {
    if (!b.live?.hlsUrl) return { kind: 'starting' };
    return { kind: 'live', hlsUrl: b.live.hlsUrl, dvrSeconds: b.live.dvrSeconds, interrupted: b.live.ingest === 'reconnecting' };
  }
  if (b.replay?.state === 'ready') return { kind: 'replay', videoId: b.replay.videoId };
  return { kind: 'ended', replay: b.replay?.state ?? 'none' };
}

/**
 * Whether the page should ask GET /api/broadcasts/<id> for the replay: after the end, until the
 * replay is published (or has failed: nothing will come of waiting).
 */
export function shouldPollReplay(b: Pick<BroadcastVideoView, 'state' | 'replay'>): boolean {
  return b.state === 'ended' && b.replay?.state !== 'ready' && b.replay?.state !== 'failed';
}

const STATE_RANK = { scheduled: 0, live: 1, ended: 2 } as const;
const REPLAY_RANK = { processing: 1, review: 2, failed: 3, ready: 3 } as const;
const progress = (b: Pick<BroadcastVideoView, 'state' | 'replay'>) => STATE_RANK[b.state] * 10 + (b.replay ? REPLAY_RANK[b.replay.state] : 0);

/**
 * The view to show from the socket's (live, usually newest) and a polled one: a broadcast only moves
 * forward (scheduled → live → ended → replay), so the one further along wins; on a tie the socket's.
 */
export function newerView<T extends Pick<BroadcastVideoView, 'state' | 'replay'>>(socket: T | null, polled: T | null, initial: T): T {
  let best = initial;
  // Later in this list wins a tie: the socket's view is the freshest of equals.
  for (const b of [polled, socket]) if (b && progress(b) >= progress(best)) best = b;
  return best;
}

export type StudioBadge =
  | 'scheduled'
  | 'live'
  | 'reconnecting'
  | 'ended'
  | 'replay_processing'
  | 'replay_review'
  | 'replay_ready'
  | 'replay_failed';

/** The studio list's badge: the most useful single word about where a broadcast is. */
export function studioBadge(b: Pick<ProducerBroadcastView, 'state' | 'live' | 'replay' | 'ingestState'>): StudioBadge {
  if (b.state === 'scheduled') return 'scheduled';
  if (b.state === 'live') return (b.live?.ingest ?? b.ingestState) === 'reconnecting' ? 'reconnecting' : 'live';
  if (!b.replay) return 'ended';
  return `replay_${b.replay.state}`;
}
