/**
 * The video side of a broadcast as the browser sees it: the fields server/qa/protocol.ts's
 * BroadcastView added for live video (i18n, poster, live HLS, replay). Written out here (not
 * imported) so that web code and its unit tests need nothing from server/; keep the two in step.
 */
export type BroadcastState = 'scheduled' | 'live' | 'ended';
export type IngestState = 'idle' | 'publishing' | 'reconnecting';
export type ReplayState = 'processing' | 'review' | 'ready' | 'failed';

/** Translations by language (uz, tg, az, ro, en); the Russian original is title/description. */
export type BroadcastI18n = Record<string, { title?: string; description?: string }>;

export interface LiveInfo {
  /** null until the first segments exist. */
  hlsUrl: string | null;
  dvrSeconds: number;
  ingest: IngestState;
  /** Producer and moderators only: the publisher's longest keyframe gap (s) when over the segment target. */
  keyframeSeconds?: number;
}

export interface ReplayInfo {
  state: ReplayState;
  videoId: string;
}

/** What pages read of a BroadcastView (the Q&A settings are the Q&A panel's business). */
export interface BroadcastVideoView {
  id: string;
  title: string;
  description: string;
  i18n: BroadcastI18n;
  state: BroadcastState;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  posterUrl: string | null;
  live: LiveInfo | null;
  replay: ReplayInfo | null;
}

/** The studio's view: the public one plus the producer's settings (server/live/service.ts). */
export interface ProducerBroadcastView extends BroadcastVideoView {
  replayReview: boolean;
  dvrSeconds: number;
  ingestState: IngestState;
  /** Why the last publish could not be transcoded (e.g. "… no video"), shown to the producer; else null. */
  ingestError: string | null;
}

/** The five translation languages, in the site's order (Russian is the original). */
export const TRANSLATION_LANGS = ['uz', 'tg', 'az', 'ro', 'en'] as const;
export type TranslationLang = (typeof TRANSLATION_LANGS)[number];
