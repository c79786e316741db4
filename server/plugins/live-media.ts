/**
 * Live HLS and broadcast posters, for everyone.
 *
 *   /media/live/<broadcast>/<run>/master.m3u8, …/<rung>/index.m3u8, …/<rung>/seg000123.ts
 *   LL-HLS runs: …/<rung>/index.m3u8?_HLS_msn=N&_HLS_part=P, …/<rung>/init0.mp4,
 *                …/<rung>/seg000123.m4s, …/<rung>/part000124.2.m4s
 *   /media/posters/<broadcast>/<hash>.<ext>
 *   /media/posters/v-<video>/<hash>.jpg   (a mirrored video's poster, fetched once by the YouTube sync)
 *
 * Live media playlists change every second: cacheable for one second (a CDN in front then asks
 * the origin once a second per rung, however many watch); segments, parts and init segments never
 * change once listed, so they are immutable. A broadcast's live folder is only served while it is
 * live (checked at most once a second per broadcast: up to a second after the end): after the end
 * the replay is the way to watch it.
 *
 * Blocking playlist reloads (RFC 8216bis 6.2.5.2) are held until the playlist lists the asked part
 * (ll-playlist.ts decides, ll-waiters.ts waits): the worker publishes on Redis after each playlist
 * it writes, so the answer leaves within milliseconds of the part. The URL names the part, so the
 * answer is cacheable by a CDN keyed on the query (ll-playlist.ts blockingCacheControl). A request
 * for the preload-hinted part before it exists is held the same way (Safari asks for it early).
 */
import fs from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../routes/schemas.ts';
import { isSafeRelativePath, mediaErrorHandler, sendMediaFile } from './media.ts';
import { canManage, isWatchable } from '../services/library.ts';
import {
  blockingCacheControl,
  blockingRequest,
  holdMs,
  llPlaylistState,
  partOfName,
  satisfies,
  tooFarAhead,
  type BlockingRequest,
  type LlPlaylistState
} from '../live/ll-playlist.ts';
import type { Watch } from '../live/ll-waiters.ts';

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const LIVE_PLAYLIST = 'public, max-age=1';
/** How long the "is this run live" answer is reused (liveRunOf). */
export const LIVE_RUN_TTL_MS = 1000;
const FILE = {
  200: Type.Unsafe({ description: 'the file' }),
  206: Type.Unsafe({ description: 'the requested byte range' }),
  304: Type.Null(),
  ...errors(400, 404, 412, 416)
};

export default async function liveMediaPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { paths } = app.efir;
  const notFound = (reply: FastifyReply) => reply.status(404).send({ error: { code: 'not_found', message: 'No such media file' } });
  const watcher = app.efir.liveParts;

  /**
   * The run a broadcast is live with (null: not live), read from the database at most once a second
   * per broadcast per process: an LL-HLS viewer asks about ten files a second (parts and blocking
   * reloads), which would otherwise be as many queries. So a run stops being served up to a second
   * after its broadcast ends.
   */
  const liveRuns = new Map<string, { until: number; run: Promise<string | null> }>();
  function liveRunOf(broadcastId: string): Promise<string | null> {
    const now = Date.now();
    const hit = liveRuns.get(broadcastId);
    if (hit && hit.until > now) return hit.run;
    if (liveRuns.size >= 10_000) liveRuns.clear(); // a bound, not an LRU: entries live a second
    const run = app.efir.live.repo.get(broadcastId).then((b) => (b && b.state === 'live' ? b.live_run : null));
    liveRuns.set(broadcastId, { until: now + LIVE_RUN_TTL_MS, run });
    run.catch(() => liveRuns.delete(broadcastId));
    return run;
  }

  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/live/:broadcastId/:run/*',
    config: { role: 'public' },
    schema: {
      params: Type.Object({ broadcastId: Id, run: Id, '*': Type.String({ maxLength: 512 }) }),
      // Checked by blockingRequest (its 400 names the directive); other parameters are ignored.
      querystring: Type.Object({ _HLS_msn: Type.Optional(Type.String()), _HLS_part: Type.Optional(Type.String()) }),
      response: FILE
    },
    errorHandler: mediaErrorHandler,
    async handler(req, typedReply) {
      const reply = typedReply as unknown as FastifyReply;
      const { broadcastId, run } = req.params;
      const rel = req.params['*'];
      if (!isSafeRelativePath(rel) || !/\.(m3u8|ts|m4s|mp4)$/.test(rel)) return notFound(reply);
      if ((await liveRunOf(broadcastId)) !== run) return notFound(reply);
      const root = path.resolve(paths.live, broadcastId, run);
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) return notFound(reply);
      const isPlaylist = rel.endsWith('.m3u8');
      const wanted = isPlaylist ? blockingRequest(req.query as Record<string, unknown>) : null;
      if (wanted && 'error' in wanted) return badDirective(reply, wanted.error);
      const rung = rel.split('/').length === 2 ? rel.split('/')[0]! : null;
      if (wanted && rung) return blockingReload(req.raw, reply, { broadcastId, run, rung, file }, wanted);
      const part = rung ? partOfName(path.basename(rel)) : null;
      if (part && rung) {
        const held = await holdForPart(req.raw, { broadcastId, run, rung, file });
        if (held === 'gone') return reply.status(404).header('cache-control', 'no-store').send({ error: { code: 'not_found', message: 'No such part' } });
      }
      if (isPlaylist && acceptsGzip(req.raw)) {
        const gz = await gzippedPlaylist(file);
        if (gz) return sendPlaylist(reply.header('content-encoding', 'gzip'), gz, LIVE_PLAYLIST);
      }
      return sendMediaFile(req, reply, file, isPlaylist ? LIVE_PLAYLIST : undefined);
    }
  });

  interface RungFile {
    broadcastId: string;
    run: string;
    rung: string;
    /** The requested file (the rung's index.m3u8, or a part of it). */
    file: string;
  }

  function badDirective(reply: FastifyReply, message: string) {
    return reply.status(400).header('cache-control', 'no-store').send({ error: { code: 'invalid_request', message } });
  }

  /** Ends the watch when the client goes away (its socket closes before the answer). */
  function closeWithClient(raw: IncomingMessage, watch: Watch): () => void {
    const onClose = () => watch.close();
    raw.socket?.once('close', onClose);
    return () => {
      raw.socket?.off('close', onClose);
      watch.close();
    };
  }

  /**
   * `index.m3u8?_HLS_msn=N[&_HLS_part=P]`: subscribe, read, and wait (bounded) until the playlist
   * lists the part, then answer with that playlist. A request too far ahead is 400 at once; one that
   * the hold does not satisfy gets the latest playlist (short-cached); a playlist that cannot block
   * (no CAN-BLOCK-RELOAD, or ended) is answered at once.
   */
  async function blockingReload(raw: IncomingMessage, reply: FastifyReply, at: RungFile, wanted: BlockingRequest) {
    const watch = await watcher.open(at.broadcastId, at.run, at.rung);
    const release = watch ? closeWithClient(raw, watch) : () => {};
    try {
      let text = await (watch ? watch.read(at.file) : fs.readFile(at.file, 'utf8').catch(() => null));
      if (text === null) return notFound(reply);
      let state = llPlaylistState(text);
      if (!state.canBlockReload || state.endlist || !watch) return sendPlaylist(reply, text, LIVE_PLAYLIST);
      if (tooFarAhead(state, wanted)) return badDirective(reply, `_HLS_msn=${wanted.msn}${wanted.part === null ? '' : ` _HLS_part=${wanted.part}`} is too far ahead of the playlist`);
      const deadline = Date.now() + holdMs(state);
      while (!satisfies(state, wanted)) {
        const left = deadline - Date.now();
        if (left <= 0 || !(await watch.next(left))) {
          if (watch.closed && raw.socket?.destroyed) return reply; // nobody to answer
          break;
        }
        const next = await watch.read(at.file);
        if (next === null) break;
        text = next;
        state = llPlaylistState(text);
      }
      const cache = blockingCacheControl(state, satisfies(state, wanted));
      if (!acceptsGzip(raw)) return sendPlaylist(reply, text, cache);
      return sendPlaylist(reply.header('content-encoding', 'gzip'), await watch.gzipped(text), cache);
    } finally {
      release();
    }
  }

  /**
   * A part file that is not there yet: when it is the rung's preload hint (the part being written),
   * wait for it (bounded, like a blocking reload). 'gone': it will not come (the hold ran out, or
   * the playlist moved past it without it); 'send': answer with the file as it is now.
   */
  async function holdForPart(raw: IncomingMessage, at: RungFile): Promise<'send' | 'gone'> {
    if (await fs.stat(at.file).then((s) => s.isFile(), () => false)) return 'send';
    const watch = await watcher.open(at.broadcastId, at.run, at.rung);
    if (!watch) return 'send';
    const release = closeWithClient(raw, watch);
    try {
      const playlist = path.join(path.dirname(at.file), 'index.m3u8');
      const name = path.basename(at.file);
      const wanted = partOfName(name)!;
      let state: LlPlaylistState | null = null;
      const read = async () => {
        const text = await watch.read(playlist);
        state = text === null ? null : llPlaylistState(text);
      };
      await read();
      // Only the hinted part is waited for: any other missing part is simply not there.
      if (!state || (state as LlPlaylistState).hint?.uri !== name) return (await exists(at.file)) ? 'send' : 'gone';
      const deadline = Date.now() + holdMs(state);
      for (;;) {
        if (await exists(at.file)) return 'send';
        const s = state as LlPlaylistState | null;
        if (!s || satisfies(s, { msn: wanted.msn, part: wanted.part + 1 })) return 'gone'; // moved past it
        const left = deadline - Date.now();
        if (left <= 0 || !(await watch.next(left))) return (await exists(at.file)) ? 'send' : 'gone';
        await read();
      }
    } finally {
      release();
    }
  }

  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/posters/:broadcastId/:file',
    config: { role: 'public' },
    schema: { params: Type.Object({ broadcastId: Id, file: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}\\.(jpg|png|webp)$' }) }), response: FILE },
    errorHandler: mediaErrorHandler,
    async handler(req, typedReply) {
      const reply = typedReply as unknown as FastifyReply;
      const file = path.resolve(paths.posters, req.params.broadcastId, req.params.file);
      if (!file.startsWith(path.resolve(paths.posters) + path.sep)) return notFound(reply);
      // A video's poster follows its video: the one it names now, of a video viewers may watch (a
      // hidden one's stays with its manager). Broadcasts' posters are public as their pages are.
      const video = /^v-(.+)$/.exec(req.params.broadcastId);
      if (video) {
        const v = await app.efir.videos.get(video[1]!);
        const rel = `${req.params.broadcastId}/${req.params.file}`;
        if (!v || v.posterPath !== rel || !(isWatchable(v) || canManage(req.user, v))) return notFound(reply);
      }
      // The name is the content's hash: a new poster is a new URL, so this one never changes.
      return sendMediaFile(req, reply, file);
    }
  });
}

const gzip = promisify(zlib.gzip);
/** Gzipped live playlists by file, while unchanged (size and mtime): one gzip per update, however many ask. */
const gzCache = new Map<string, { key: string; body: Promise<Buffer | null> }>();

/**
 * A live playlist gzipped (null: no such file). A plain reload (today's MPEG-TS players, once a
 * second, and every first load) of a 30-minute DVR window is 50–100 KB; gzipped a tenth of it.
 */
async function gzippedPlaylist(file: string): Promise<Buffer | null> {
  const st = await fs.stat(file).catch(() => null);
  if (!st?.isFile()) return null;
  const key = `${st.size}:${st.mtimeMs}`;
  const hit = gzCache.get(file);
  if (hit?.key === key) return hit.body;
  if (gzCache.size >= 2000) gzCache.clear(); // runs come and go: a bound, not an LRU
  const body = fs.readFile(file).then((b) => gzip(b, { level: 6 }), () => null);
  gzCache.set(file, { key, body });
  return body;
}

const exists = (file: string) => fs.stat(file).then((s) => s.isFile(), () => false);

/**
 * A playlist read into memory (the one a blocking reload judged), sent as is or gzipped. Varies on
 * Accept-Encoding, so a CDN keeps both forms apart.
 */
function sendPlaylist(reply: FastifyReply, body: string | Buffer, cacheControl: string) {
  reply.removeHeader('set-cookie');
  return reply
    .header('content-type', 'application/vnd.apple.mpegurl')
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** gzip named in Accept-Encoding and not refused with q=0. */
function acceptsGzip(raw: IncomingMessage): boolean {
  const ae = raw.headers['accept-encoding'];
  if (typeof ae !== 'string') return false;
  return ae.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((x) => x !== undefined);
    return (name === 'gzip' || name === '*') && (q === undefined || Number(q) > 0);
  });
}
