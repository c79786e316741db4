/**
 * The fake Data API's uploads (H4), added through `fake.route()`:
 *  - videos.insert by Google's resumable protocol: POST /upload/youtube/v3/videos?uploadType=resumable
 *    (1600 units, OAuth) with the resource as JSON and X-Upload-Content-Length → 200 with the session
 *    URI in Location; PUT chunks to it with `Content-Range: bytes A-B/TOTAL` (every chunk but the last
 *    a multiple of 256 KiB, A where the copy ends) → 308 with `Range: bytes=0-N`, or the video
 *    resource when complete; `Content-Range: bytes *\/TOTAL` asks for the status; an unknown session
 *    is 404. The completed video joins `model.videos` under the token's channel, private while
 *    `unaudited` (as Google keeps uploads from unaudited API projects).
 *  - captions.insert: POST /upload/youtube/v3/captions?uploadType=multipart&part=snippet (400
 *    units, OAuth), a multipart/related body of the caption resource (JSON) and the track's file;
 *    stored in `model.captions[videoId]` as captions.ts's tracks, so captions.list sees them.
 * Interruptions: `interruptAt(bytes)` keeps a chunk only up to that many bytes of the file and drops
 * the connection without an answer, as a dropped uplink does; `loseCompletionAnswer()` makes the
 * video but drops the answer that would say so; failNext('videos.insert.chunk', …) fails a chunk
 * (and a status query) whole.
 */
import crypto from 'node:crypto';
import { CHUNK_GRANULE } from '../../../server/youtube/resumable-upload.ts';
import type { FakeCaption } from './captions.ts';
import type { FakeContext, FakeVideo, FakeYoutube } from './index.ts';

export interface FakeUploadSession {
  id: string;
  resource: { snippet?: Record<string, any>; status?: Record<string, any>; localizations?: Record<string, { title: string; description: string }> };
  part: string;
  total: number;
  contentType: string;
  received: Buffer[];
  bytes: number;
  channelId: string | null;
  /** Set when the last byte arrived: the video it made. */
  videoId: string | null;
}

export interface FakeUploads {
  sessions: Record<string, FakeUploadSession>;
  /** Videos made by completed uploads, in order: what a test counts to see that no copy was made twice. */
  readonly videosCreated: string[];
  /** Uploads from an unaudited API project stay private (default true). */
  unaudited: boolean;
  /** The next chunk that would take a session past `bytes` keeps only up to there, and the connection drops. */
  interruptAt(bytes: number): void;
  /** The next chunk that completes an upload makes the video, but its answer is lost (the connection drops). */
  loseCompletionAnswer(): void;
  captionsOf(videoId: string): FakeCaption[];
}

export function installUploads(fake: FakeYoutube): FakeUploads {
  const sessions: Record<string, FakeUploadSession> = {};
  fake.model.uploads = sessions;
  const videosCreated: string[] = [];
  let interruptAt: number | null = null;
  let loseCompletion = false;
  const state: FakeUploads = {
    sessions,
    videosCreated,
    unaudited: true,
    interruptAt(bytes) {
      interruptAt = bytes;
    },
    loseCompletionAnswer() {
      loseCompletion = true;
    },
    captionsOf: (videoId) => (fake.model.captions[videoId] as FakeCaption[] | undefined) ?? []
  };

  const channelOf = (ctx: FakeContext) => (ctx.auth.bearer ? (fake.model.tokens[ctx.auth.bearer]?.channelId ?? null) : null);

  fake.route('POST', '/upload/youtube/v3/videos', (ctx) => {
    if (ctx.param('uploadType') !== 'resumable') return ctx.error('badRequest', 400, 'This fake speaks only uploadType=resumable for videos.insert');
    if (!ctx.book('videos.insert', { auth: 'oauth' })) return;
    const total = Number(ctx.req.headers['x-upload-content-length']);
    if (!Number.isSafeInteger(total) || total <= 0) return ctx.error('badRequest', 400, 'X-Upload-Content-Length is required');
    let resource: FakeUploadSession['resource'];
    try {
      resource = JSON.parse(ctx.body.toString('utf8'));
    } catch {
      return ctx.error('badRequest', 400, 'The video resource is not JSON');
    }
    const title = resource.snippet?.title;
    if (typeof title !== 'string' || !title.trim()) return ctx.error('invalidTitle', 400, 'The request metadata does not specify a valid video title.');
    if (title.length > 100 || /[<>]/.test(title)) return ctx.error('invalidTitle', 400, 'The request metadata specifies an invalid video title.');
    const id = crypto.randomBytes(12).toString('base64url');
    sessions[id] = {
      id,
      resource,
      part: ctx.param('part') ?? '',
      total,
      contentType: String(ctx.req.headers['x-upload-content-type'] ?? 'video/*'),
      received: [],
      bytes: 0,
      channelId: channelOf(ctx),
      videoId: null
    };
    ctx.send(200, undefined, { location: `${fake.url}upload/youtube/v3/videos?uploadType=resumable&upload_id=${id}` });
  });

  fake.route('PUT', '/upload/youtube/v3/videos', (ctx) => {
    const s = sessions[ctx.param('upload_id') ?? ''];
    // Chunks are not booked again (the session start paid); the log still shows them.
    if (!ctx.book('videos.insert.chunk', { auth: 'any', units: 0 })) return;
    if (!s) return ctx.error('notFound', 404, 'No such upload session');
    const range = String(ctx.req.headers['content-range'] ?? '');
    const status = /^bytes \*\/(\d+)$/.exec(range);
    if (status) return answer(ctx, s);
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    if (!m) return ctx.error('badRequest', 400, `Bad Content-Range ${JSON.stringify(range)}`);
    const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (total !== s.total) return ctx.error('badRequest', 400, `Content-Range total ${total} is not the declared ${s.total}`);
    if (first !== s.bytes) return ctx.error('badRequest', 400, `Chunk starts at ${first}, the upload holds ${s.bytes} bytes`);
    if (last - first + 1 !== ctx.body.length) return ctx.error('badRequest', 400, `Content-Range says ${last - first + 1} bytes, the body has ${ctx.body.length}`);
    if (last + 1 < s.total && ctx.body.length % CHUNK_GRANULE !== 0) return ctx.error('badRequest', 400, 'A chunk other than the last must be a multiple of 256 KiB');
    if (s.videoId) return answer(ctx, s);
    if (interruptAt !== null && last + 1 > interruptAt) {
      const keep = Math.max(0, interruptAt - first);
      interruptAt = null;
      s.received.push(ctx.body.subarray(0, keep));
      s.bytes += keep;
      ctx.req.socket.destroy();
      return;
    }
    s.received.push(ctx.body);
    s.bytes += ctx.body.length;
    if (s.bytes === s.total) {
      complete(s);
      if (loseCompletion) {
        loseCompletion = false;
        ctx.req.socket.destroy();
        return;
      }
    }
    answer(ctx, s);
  });

  fake.route('POST', '/upload/youtube/v3/captions', (ctx) => {
    if (!ctx.book('captions.insert', { auth: 'oauth' })) return;
    const parts = multipart(String(ctx.req.headers['content-type'] ?? ''), ctx.body);
    if (!parts || parts.length !== 2) return ctx.error('badRequest', 400, 'captions.insert takes a multipart/related body: the caption resource, then the track');
    let resource: { snippet?: { videoId?: string; language?: string; name?: string; isDraft?: boolean } };
    try {
      resource = JSON.parse(parts[0]!.body.toString('utf8'));
    } catch {
      return ctx.error('badRequest', 400, 'The caption resource is not JSON');
    }
    const { videoId, language, name } = resource.snippet ?? {};
    if (!videoId || !fake.model.videos[videoId]) return ctx.error('videoNotFound', 404);
    if (!language) return ctx.error('badRequest', 400, 'snippet.language is required');
    const caption: FakeCaption = {
      id: `cap-${crypto.randomBytes(6).toString('hex')}`,
      language,
      name: name ?? '',
      trackKind: 'standard',
      lastUpdated: new Date().toISOString(),
      isDraft: resource.snippet?.isDraft ?? false,
      status: 'serving',
      vtt: parts[1]!.body.toString('utf8')
    };
    (fake.model.captions[videoId] ??= []).push(caption);
    const { vtt: _vtt, ...snippet } = caption;
    ctx.json(200, { kind: 'youtube#caption', etag: caption.id, id: caption.id, snippet: { videoId, ...snippet } });
  });

  function complete(s: FakeUploadSession) {
    const id = crypto.randomBytes(8).toString('base64url').slice(0, 11);
    const snippet = s.resource.snippet ?? {};
    const requested = s.resource.status?.privacyStatus ?? 'public';
    const video: FakeVideo = {
      id,
      snippet: {
        publishedAt: new Date().toISOString(),
        channelId: s.channelId ?? 'UCunknown',
        title: snippet.title,
        description: snippet.description ?? '',
        thumbnails: {},
        channelTitle: '',
        liveBroadcastContent: 'none',
        ...(snippet.defaultLanguage ? { defaultLanguage: snippet.defaultLanguage } : {})
      },
      contentDetails: { duration: 'PT0S' },
      status: { uploadStatus: 'uploaded', privacyStatus: state.unaudited ? 'private' : requested },
      ...(s.resource.localizations ? { localizations: s.resource.localizations } : {})
    };
    fake.model.videos[id] = video;
    s.videoId = id;
    videosCreated.push(id);
  }

  function answer(ctx: FakeContext, s: FakeUploadSession) {
    if (s.videoId) {
      const v = fake.model.videos[s.videoId]!;
      return ctx.json(200, { kind: 'youtube#video', etag: s.videoId, ...v });
    }
    ctx.send(308, undefined, s.bytes > 0 ? { range: `bytes=0-${s.bytes - 1}` } : {});
  }

  return state;
}

/** The parts of a multipart/related body (RFC 2387), each with its Content-Type. */
function multipart(contentType: string, body: Buffer): { contentType: string; body: Buffer }[] | null {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!/^multipart\/related/i.test(contentType) || !boundary) return null;
  const text = body.toString('latin1');
  const pieces = text.split(`--${boundary}`);
  const out: { contentType: string; body: Buffer }[] = [];
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith('--')) break;
    const sep = piece.indexOf('\r\n\r\n');
    if (sep < 0) return null;
    const headers = piece.slice(0, sep);
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    out.push({ contentType: type, body: Buffer.from(piece.slice(sep + 4).replace(/\r\n$/, ''), 'latin1') });
  }
  return out;
}
