/**
 * Serves published revisions (paths.media/<id>/<rev>/…) to players: HLS playlists and segments,
 * subtitles, posters and sprites. Only a published video's files are public; its owner and admins
 * also see an unpublished one (preview). Files are streamed, never read whole.
 *
 * A revision never changes once published, so everything in it is cacheable for a year, except the
 * playlists: they are kept short-lived so that unpublishing takes effect within seconds (a player
 * without playlists cannot find the segments). The watch data that points at master.m3u8 comes from
 * the library API, which is not cached at all.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { canManage, isPublished } from '../services/library.ts';
import { errors } from '../routes/schemas.ts';
import { parseRange } from './range.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/mp4',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp'
};
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
        ...errors(400, 404, 416)
      }
    },
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
 * Streams one file with conditional GET and byte ranges. `cacheControl` overrides the default
 * (playlists short, everything else immutable); `shared`: a public response (no cookie set on it).
 */
export async function sendMediaFile(req: FastifyRequest, reply: FastifyReply, file: string, cacheControl?: string, shared = true) {
  const notFound = () => reply.status(404).send({ error: { code: 'not_found', message: 'No such media file' } });
  // Opened before stat, so the stat and the bytes are of the same file even if a cleanup removes it meanwhile.
  const handle = await fs.open(file, 'r').catch(() => null);
  if (!handle) return notFound();
  let streaming = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return notFound();
    const ext = path.extname(file).toLowerCase();
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const lastModified = stat.mtime.toUTCString();
    if (shared) reply.removeHeader('set-cookie'); // a shared cache must not store anyone's cookie
    reply
      .header('content-type', CONTENT_TYPES[ext] ?? 'application/octet-stream')
      .header('cache-control', cacheControl ?? (ext === '.m3u8' ? PLAYLIST : IMMUTABLE))
      .header('etag', etag)
      .header('last-modified', lastModified)
      .header('accept-ranges', 'bytes')
      .header('x-content-type-options', 'nosniff');

    if (notModified(req.headers, etag, stat.mtime)) return reply.status(304).send();

    const ifRange = req.headers['if-range'];
    const rangeHeader = ifRange && ifRange !== etag && ifRange !== lastModified ? undefined : req.headers.range;
    const range = parseRange(rangeHeader, stat.size);
    if (range === 'unsatisfiable') {
      return reply
        .status(416)
        .header('content-range', `bytes */${stat.size}`)
        .header('cache-control', 'no-store')
        .header('content-type', 'application/json; charset=utf-8')
        .send({ error: { code: 'bad_range', message: `Range ${rangeHeader} is not within the file's ${stat.size} bytes` } });
    }
    const { start, end } = range ?? { start: 0, end: stat.size - 1 };
    if (range) reply.status(206).header('content-range', `bytes ${start}-${end}/${stat.size}`);
    reply.header('content-length', String(Math.max(0, end - start + 1)));
    if (req.method === 'HEAD' || stat.size === 0) return reply.send();
    streaming = true;
    return reply.send(handle.createReadStream({ start, end }));
  } finally {
    if (!streaming) await handle.close();
  }
}

/** Path segments only: no `..`, `.`, empty segments (so no leading `/`), backslashes or NUL. */
export function isSafeRelativePath(rel: string): boolean {
  if (!rel || rel.length > MAX_PATH || rel.includes('\0') || rel.includes('\\')) return false;
  return rel.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

function notModified(headers: Record<string, string | string[] | undefined>, etag: string, mtime: Date): boolean {
  const inm = headers['if-none-match'];
  if (typeof inm === 'string') return inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*');
  const ims = headers['if-modified-since'];
  if (typeof ims === 'string') {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
  }
  return false;
}
