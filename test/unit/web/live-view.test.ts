import { describe, expect, it } from 'vitest';
import { liveStage, localizedText, newerView, shouldPollReplay, studioBadge } from '../../../web/lib/live/view.ts';
import type { BroadcastVideoView, ProducerBroadcastView } from '../../../web/lib/live/types.ts';

const base: BroadcastVideoView = {
  id: 'b1',
  title: 'Патент в 2025 году',
  description: 'Отвечаем на вопросы',
  i18n: { uz: { title: 'Patent 2025-yilda' }, tg: { title: '  ', description: 'Ба саволҳо ҷавоб медиҳем' } },
  state: 'scheduled',
  scheduledAt: '2025-05-01T16:00:00.000Z',
  startedAt: null,
  endedAt: null,
  posterUrl: null,
  live: null,
  replay: null
};
const live = (over: Partial<NonNullable<BroadcastVideoView['live']>> = {}): BroadcastVideoView => ({
  ...base,
  state: 'live',
  live: { hlsUrl: '/media/live/b1/r1/master.m3u8', dvrSeconds: 1800, ingest: 'publishing', ...over }
});
const ended = (replay: BroadcastVideoView['replay']): BroadcastVideoView => ({ ...base, state: 'ended', replay });

describe('localizedText', () => {
  it('takes the viewer’s language and says so', () => {
    expect(localizedText(base, 'uz')).toEqual({ title: 'Patent 2025-yilda', description: 'Отвечаем на вопросы', titleLang: 'uz', descriptionLang: 'ru' });
  });
  it('falls back to Russian per field, blank translations included', () => {
    expect(localizedText(base, 'tg')).toEqual({ title: 'Патент в 2025 году', description: 'Ба саволҳо ҷавоб медиҳем', titleLang: 'ru', descriptionLang: 'tg' });
    expect(localizedText(base, 'en').title).toBe('Патент в 2025 году');
    expect(localizedText({ ...base, i18n: undefined as never }, 'az').titleLang).toBe('ru');
  });
  it('shows the original to Russian readers', () => {
    expect(localizedText(base, 'ru').title).toBe('Патент в 2025 году');
  });
});

describe('liveStage', () => {
  it('is a waiting room before the start', () => {
    expect(liveStage(base)).toEqual({ kind: 'waiting', scheduledAt: base.scheduledAt });
  });
  it('waits for the first segments once live', () => {
    expect(liveStage(live({ hlsUrl: null }))).toEqual({ kind: 'starting' });
  });
  it('plays when there is a playlist, and says when the publisher is reconnecting', () => {
    expect(liveStage(live())).toEqual({ kind: 'live', hlsUrl: '/media/live/b1/r1/master.m3u8', dvrSeconds: 1800, interrupted: false });
    expect(liveStage(live({ ingest: 'reconnecting' }))).toMatchObject({ kind: 'live', interrupted: true });
  });
  it('ends, then offers the replay once it is published', () => {
    expect(liveStage(ended(null))).toEqual({ kind: 'ended', replay: 'none' });
    expect(liveStage(ended({ state: 'processing', videoId: 'v1' }))).toEqual({ kind: 'ended', replay: 'processing' });
    expect(liveStage(ended({ state: 'review', videoId: 'v1' }))).toEqual({ kind: 'ended', replay: 'review' });
    expect(liveStage(ended({ state: 'ready', videoId: 'v1' }))).toEqual({ kind: 'replay', videoId: 'v1' });
  });
});

describe('shouldPollReplay', () => {
  it('polls after the end until the replay is ready or failed', () => {
    expect(shouldPollReplay(base)).toBe(false);
    expect(shouldPollReplay(live())).toBe(false);
    expect(shouldPollReplay(ended(null))).toBe(true);
    expect(shouldPollReplay(ended({ state: 'processing', videoId: 'v' }))).toBe(true);
    expect(shouldPollReplay(ended({ state: 'review', videoId: 'v' }))).toBe(true);
    expect(shouldPollReplay(ended({ state: 'ready', videoId: 'v' }))).toBe(false);
    expect(shouldPollReplay(ended({ state: 'failed', videoId: 'v' }))).toBe(false);
  });
});

describe('newerView', () => {
  it('prefers the socket, then the poll, then the page data', () => {
    const a = live();
    const b = live({ ingest: 'reconnecting' });
    expect(newerView(null, null, base)).toBe(base);
    expect(newerView(a, null, base)).toBe(a);
    expect(newerView(a, b, base)).toBe(a); // a tie: the socket's
  });
  it('never goes back: a polled replay beats a socket that only knew the end', () => {
    const polled = ended({ state: 'ready', videoId: 'v1' });
    expect(newerView(ended(null), polled, base)).toBe(polled);
    expect(newerView(live(), null, ended(null)).state).toBe('ended');
  });
});

describe('studioBadge', () => {
  const p = (b: BroadcastVideoView, ingestState: ProducerBroadcastView['ingestState'] = 'idle') => ({ ...b, ingestState });
  it('names each state', () => {
    expect(studioBadge(p(base))).toBe('scheduled');
    expect(studioBadge(p(live(), 'publishing'))).toBe('live');
    expect(studioBadge(p(live({ ingest: 'reconnecting' }), 'reconnecting'))).toBe('reconnecting');
    expect(studioBadge(p(ended(null)))).toBe('ended');
    expect(studioBadge(p(ended({ state: 'processing', videoId: 'v' })))).toBe('replay_processing');
    expect(studioBadge(p(ended({ state: 'review', videoId: 'v' })))).toBe('replay_review');
    expect(studioBadge(p(ended({ state: 'ready', videoId: 'v' })))).toBe('replay_ready');
    expect(studioBadge(p(ended({ state: 'failed', videoId: 'v' })))).toBe('replay_failed');
  });
});
