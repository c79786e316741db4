/**
 * Serves published revisions (paths.media/<id>/<rev>/…) to players: HLS playlists and segments,
 * subtitles, posters and sprites. Only a published video's files are public; its owner and admins
 * also see an unpublished one (preview). Files are streamed, never read whole.
 *
 * A revision's files never change once published, so everything in it is cacheable for a year, except the
 * playlists: they are kept short-lived so that unpublishing takes effect within seconds (a player
 * without playlists cannot find the segments), and so that a revision that grows (issue 15: published
 * at 360p, its other rungs added by server/pipeline/join.ts, which renames a new master.m3u8 over the
 * old) reaches a player that reloads within 10 s. Media playlists and segments are never rewritten:
 * a player that keeps the old master keeps playing what it lists. The watch data that points at master.m3u8 comes from
 * the library API, which is not cached at all.
 *
 * Efir decides who may read what (and refuses odd paths); the HTTP of sending a file (Range, If-Range,
 * ETag, 304, types) is @fastify/static's `reply.sendFile`, that is `send`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyStaticOptions } from '@fastify/static';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { canManage, isPublished } from '../services/library.ts';
import { errors } from '../routes/schemas.ts';

/** Where players expect another type than the MIME database's (`video/iso.segment`, `audio/x-aac`). */
const TYPE_OVERRIDES: Record<string, string> = { '.m4s': 'video/mp4', '.aac': 'audio/aac' };
const IMMUTABLE = 'public, max-age=31536000, immutable';
const PLAYLIST = 'public, max-age=10';
// A preview is for the owner's eyes: no shared cache may keep it.
const PRIVATE = 'private, no-cache';
const MAX_PATH = 512;

const Params = Type.Object({
  videoId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  rev: Type.String({ pattern: '^[0-9]{1,9}$' }),
  '*': Type.String({ maxLength: MAX_PATH })
});

export default async function mediaPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { videos, paths } = app.efir;
  const notFound = (reply: FastifyReply) =>
    reply.status(404).send({ error: { code: 'not_found', message: 'No such media file' } });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/:videoId/:rev/*',
    config: { role: 'public' },
    schema: {
      params: Params,
      response: {
        200: Type.Unsafe({ description: 'the file' }),
        206: Type.Unsafe({ description: 'the requested byte range' }),
        304: Type.Null(),
        ...errors(400, 404, 412, 416)
      }
    },
    errorHandler: mediaErrorHandler,
    async handler(req, typedReply) {
      // Answers are files or errors, not schema-typed bodies.
      const reply = typedReply as unknown as FastifyReply;
      const { videoId, rev } = req.params;
      const rel = req.params['*'];
      if (!isSafeRelativePath(rel)) {
        return reply.status(400).send({ error: { code: 'bad_path', message: 'Invalid media path' } });
      }
      const video = await videos.get(videoId);
      if (!video) return notFound(reply);
      const published = isPublished(video);
      // Viewers: the current revision of a published video, and older ones only while the janitor
      // keeps them (the grace period, for players that loaded their playlists before a subtitle
      // run replaced them). Never a newer one: it is not published until current_rev points at it.
      const viewable = published && Number(rev) <= video.currentRev!;
      const preview = !viewable && canManage(req.user, video);
      if (!viewable && !preview) return notFound(reply);

      // Belt and braces after the segment check: the resolved file must lie inside the revision.
      const root = path.resolve(paths.media, videoId, String(Number(rev)));
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) return notFound(reply);

      return sendMediaFile(req, reply, file, preview ? PRIVATE : undefined, viewable);
    }
  });
}

/**
 * @fastify/static without its own routes (serve: false): what /media needs of it is `reply.sendFile`,
 * which hands the file to `send` (Range and If-Range, ETag and Last-Modified, 304, Content-Type and
 * Content-Length). Registered once around the media plugins (server/routes/index.ts).
 */
export const MEDIA_STATIC_OPTIONS: FastifyStaticOptions = {
  serve: false,
  // Our own Cache-Control per kind of file (set before sendFile), never send's max-age=0.
  cacheControl: false,
  index: false,
  setHeaders(res, file) {
    // @fastify/static passes the reply here (its types still say the raw response).
    const reply = res as unknown as FastifyReply;
    // send only makes weak validators (W/"size-mtime"); a media file never changes in place (a new
    // revision is a new folder), so the same validator is a strong one, as players expect.
    const etag = reply.getHeader('etag');
    if (typeof etag === 'string') reply.header('etag', etag.replace(/^W\//, ''));
    const type = TYPE_OVERRIDES[path.extname(file).toLowerCase()];
    if (type && reply.getHeader('content-type')) reply.header('content-type', type);
  }
};

/**
 * Sends one file after the caller's access checks: `send` does the HTTP of it. `cacheControl`
 * overrides the default (playlists short, everything else immutable); `shared`: a public response
 * (no cookie set on it).
 */
export async function sendMediaFile(req: FastifyRequest, reply: FastifyReply, file: string, cacheControl?: string, shared = true) {
  // Our JSON 404 for anything but a regular file (send would hand a directory or a missing file to
  // the generic not-found handler).
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return reply.status(404).send({ error: { code: 'not_found', message: 'No such media file' } });
  if (shared) reply.removeHeader('set-cookie'); // a shared cache must not store anyone's cookie
  reply
    .header('cache-control', cacheControl ?? (path.extname(file).toLowerCase() === '.m3u8' ? PLAYLIST : IMMUTABLE))
    .header('x-content-type-options', 'nosniff');
  // send reads a request's `Cache-Control: no-cache` as RFC 2616 did: never 304. Under RFC 9111 that
  // directive is for caches on the way, and a conditional request reaching us is the revalidation
  // itself; fetch() adds it to every conditional request a player makes by hand (hls.js, the service
  // worker), which would otherwise re-download unchanged segments.
  delete req.raw.headers['cache-control'];
  // We hand out send's validator as the strong one it is (MEDIA_STATIC_OPTIONS); send compares
  // If-Range with its own weak spelling, so give it that, or a resumed download restarts from zero.
  const ifRange = req.raw.headers['if-range'];
  if (typeof ifRange === 'string' && ifRange.startsWith('"')) req.raw.headers['if-range'] = `W/${ifRange}`;
  return reply.sendFile(path.basename(file), path.dirname(file));
}

/** send's refusals in Efir's error shape: an unsatisfiable Range (416, with the size), a failed If-Match (412). */
export function mediaErrorHandler(err: FastifyError & { headers?: Record<string, string> }, req: FastifyRequest, reply: FastifyReply) {
  if (err.statusCode === 416) {
    const contentRange = err.headers?.['Content-Range'] ?? '';
    return reply
      .status(416)
      .header('content-range', contentRange)
      .header('cache-control', 'no-store')
      .send({ error: { code: 'bad_range', message: `Range ${req.headers.range ?? ''} is not within the file's ${contentRange.replace(/^bytes \*\//, '')} bytes` } });
  }
  if (err.statusCode === 412) {
    return reply.status(412).header('cache-control', 'no-store').send({ error: { code: 'precondition_failed', message: 'The file has changed (If-Match, If-Unmodified-Since)' } });
  }
  return reply.server.errorHandler(err, req, reply);
}

/** Path segments only: no `..`, `.`, empty segments (so no leading `/`), backslashes or NUL. */
export function isSafeRelativePath(rel: string): boolean {
  if (!rel || rel.length > MAX_PATH || rel.includes('\0') || rel.includes('\\')) return false;
  return rel.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
