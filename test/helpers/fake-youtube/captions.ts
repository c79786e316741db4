/**
 * The Data API's caption resource as the fake's extension (fake.route), with its documented shapes:
 *
 *   GET youtube/v3/captions?part=snippet&videoId=…   captions.list (50 units, OAuth): a
 *       youtube#captionListResponse of youtube#caption resources {id, etag, snippet: {videoId,
 *       lastUpdated, trackKind, language, name, audioTrackType, isCC, isLarge, isEasyReader, isDraft,
 *       isAutoSynced, status, failureReason?}}
 *   GET youtube/v3/captions/{id}?tfmt=vtt|srt|sbv      captions.download (200 units, OAuth): the
 *       track's text in the asked format
 *
 * Errors as documented: 404 videoNotFound / captionNotFound, 403 forbidden when the token's account
 * does not own the video (only the owner may list or download a video's tracks), 400 invalidValue for
 * an unknown tfmt; 401 authError and quotaExceeded come from the core's book().
 * The tracks live in model.captions[videoId] (FakeCaption[]); tests edit them between runs.
 */
import crypto from 'node:crypto';
import type { FakeContext, FakeModel, FakeYoutube } from './index.ts';

export interface FakeCaption {
  id: string;
  language: string;
  name: string;
  /** standard | ASR (auto-generated) | forced */
  trackKind: 'standard' | 'ASR' | 'forced';
  lastUpdated: string;
  isDraft: boolean;
  /** serving | syncing | failed */
  status: 'serving' | 'syncing' | 'failed';
  /** The track as WebVTT (what captions.download returns for tfmt=vtt). */
  vtt: string;
}

/** A small valid WebVTT track with one cue saying `text`. */
export function vttTrack(text: string): string {
  return `WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n${text}\n\n00:00:02.500 --> 00:00:04.000\n${text} (2)\n`;
}

/** Adds (or replaces, by id) a track of `videoId`. */
export function addCaption(model: FakeModel, videoId: string, over: Partial<FakeCaption> & { language: string }): FakeCaption {
  const track: FakeCaption = {
    id: over.id ?? `cap-${videoId}-${over.language}-${over.trackKind ?? 'standard'}`,
    name: '',
    trackKind: 'standard',
    lastUpdated: '2025-01-01T10:00:00.000Z',
    isDraft: false,
    status: 'serving',
    vtt: vttTrack(`${over.language} ${videoId}`),
    ...over
  };
  const list: FakeCaption[] = (model.captions[videoId] ??= []);
  const at = list.findIndex((t) => t.id === track.id);
  if (at >= 0) list[at] = track;
  else list.push(track);
  return track;
}

const etag = (v: unknown) => crypto.createHash('sha1').update(JSON.stringify(v)).digest('base64url');

/** WebVTT → SubRip (what tfmt=srt asks for): numbered cues, comma before the milliseconds. */
function toSrt(vtt: string): string {
  const cues = vtt.replace(/\r/g, '').split(/\n\n+/).filter((b) => b.includes('-->'));
  return cues.map((c, i) => `${i + 1}\n${c.replace(/(\d\d:\d\d:\d\d)\.(\d\d\d)/g, '$1,$2')}\n`).join('\n');
}

export function installFakeCaptions(fake: FakeYoutube): void {
  const { model } = fake;
  const owner = (ctx: FakeContext) => (ctx.auth.bearer ? (model.tokens[ctx.auth.bearer]?.channelId ?? null) : null);
  const tracks = (): FakeCaption[] => Object.values(model.captions).flat() as FakeCaption[];
  const videoOf = (captionId: string) => Object.entries(model.captions).find(([, list]) => (list as FakeCaption[]).some((t) => t.id === captionId))?.[0];

  fake.route('GET', '/youtube/v3/captions/', (ctx) => {
    if (!ctx.book('captions.download', { auth: 'oauth' })) return;
    const id = decodeURIComponent(ctx.url.pathname.slice('/youtube/v3/captions/'.length));
    const track = tracks().find((t) => t.id === id);
    if (!track) return ctx.error('captionNotFound', 404, 'The caption track could not be found.');
    const video = model.videos[videoOf(id)!];
    if (!video || video.snippet.channelId !== owner(ctx)) return ctx.error('forbidden', 403, 'The permissions associated with the request are not sufficient to download the caption track.');
    const tfmt = ctx.param('tfmt');
    if (tfmt && !['vtt', 'srt', 'sbv', 'scc', 'ttml'].includes(tfmt)) return ctx.error('invalidValue', 400, `Invalid value for tfmt: ${tfmt}`);
    if (tfmt === 'srt') return ctx.send(200, toSrt(track.vtt), { 'content-type': 'application/octet-stream' });
    ctx.send(200, track.vtt, { 'content-type': 'application/octet-stream' });
  });

  fake.route('GET', '/youtube/v3/captions', (ctx) => {
    if (ctx.url.pathname !== '/youtube/v3/captions') return false;
    if (!ctx.book('captions.list', { auth: 'oauth' })) return;
    const videoId = ctx.param('videoId');
    if (!ctx.param('part')) return ctx.error('required', 400, 'Required parameter: part');
    if (!videoId) return ctx.error('required', 400, 'Required parameter: videoId');
    const video = model.videos[videoId];
    if (!video) return ctx.error('videoNotFound', 404);
    if (video.snippet.channelId !== owner(ctx)) return ctx.error('forbidden', 403, 'The permissions associated with the request are not sufficient to retrieve the caption tracks.');
    const items = ((model.captions[videoId] ?? []) as FakeCaption[]).map((t) => ({
      kind: 'youtube#caption',
      etag: etag(t),
      id: t.id,
      snippet: {
        videoId,
        lastUpdated: t.lastUpdated,
        trackKind: t.trackKind,
        language: t.language,
        name: t.name,
        audioTrackType: 'unknown',
        isCC: false,
        isLarge: false,
        isEasyReader: false,
        isDraft: t.isDraft,
        isAutoSynced: false,
        status: t.status,
        ...(t.status === 'failed' ? { failureReason: 'processingFailed' } : {})
      }
    }));
    const body = { kind: 'youtube#captionListResponse', items };
    ctx.json(200, { ...body, etag: etag(body) });
  });
}
