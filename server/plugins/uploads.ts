/**
 * Resumable uploads of a video's file over tus (@tus/server + @tus/file-store into paths.uploads),
 * mounted at /api/uploads/ inside Fastify so the usual role and CSRF checks run first.
 *
 * tus hooks see only a web-standard Request, so every decision about the user is made in the Fastify
 * handler before the request is handed over, and what it decided travels with the request (`decided`,
 * keyed by the Node request that tus's Request wraps):
 *  - POST (create): Upload-Metadata is parsed once, with tus's own parser (@tus/utils), and refused
 *    when a key is odd or repeated (two parsers reading one header differently let an upload land in
 *    another producer's draft); `videoId` must be a draft of the caller awaiting its file, the
 *    declared length must fit UPLOAD_MAX_BYTES, and the studio admits it (one upload per draft, the
 *    producer's quota, the disk reserve). The id it gives (`<videoId>-<random>`) is the upload's;
 *  - HEAD, PATCH, DELETE: the video id in the upload id must be one the caller manages; a PATCH
 *    must leave the disk reserve free after the rest of the upload.
 * The request that finishes an upload checks the draft's owner again (studio.finishUpload: move,
 * probe, start the run); a file that is not a usable video gets 422 with the reason.
 */
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { Metadata } from '@tus/utils';
import { EfirError, type ErrorCode } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import { cleanFileName } from '../services/studio.ts';
import { UPLOAD_EXPIRE_MS } from '../services/studio-uploads.ts';
import { errors } from '../routes/schemas.ts';
import { formatBytes } from '../../media/disk-space.ts';

export { formatBytes };
export const UPLOADS_PATH = '/api/uploads';
const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Metadata keys as clients send them (videoId, filename, filetype, name…): nothing else is taken. */
const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** What the Fastify handler decided about a request, for tus's hooks. */
interface Decided {
  user: User;
  /** POST: the id of the upload the studio admitted. */
  uploadId?: string;
}

export default async function uploadsPlugin(app: FastifyInstance) {
  const { paths, studio, log } = app.efir;
  const limit = app.efir.config.uploadMaxBytes;
  const datastore = new FileStore({ directory: paths.uploads, expirationPeriodInMilliseconds: UPLOAD_EXPIRE_MS });
  const decided = new WeakMap<IncomingMessage, Decided>();
  const decisionOf = (req: Request) => {
    const node = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
    return node ? decided.get(node) : undefined;
  };

  const tus = new Server({
    path: UPLOADS_PATH,
    datastore,
    maxSize: limit,
    relativeLocation: true,
    // The id the studio admitted in the Fastify handler; it carries the video so later requests can be checked too.
    namingFunction: (req) => {
      const uploadId = decisionOf(req)?.uploadId;
      if (!uploadId) throw { status_code: 400, body: jsonError('invalid_request', 'Upload-Metadata: videoId is missing') };
      return uploadId;
    },
    async onUploadFinish(req, upload) {
      const videoId = videoIdOfUpload(upload.id);
      const fileName = cleanFileName(upload.metadata?.filename ?? '') || 'video';
      let outcome;
      try {
        const user = decisionOf(req)?.user ?? null;
        outcome = await studio.finishUpload(user, upload.id, videoId, path.join(paths.uploads, upload.id), fileName, upload.size ?? upload.offset);
      } catch (err) {
        log.error({ err, videoId }, 'finishing an upload failed');
        throw { status_code: 500, body: jsonError('internal', 'The upload arrived but could not be processed; it has been logged') };
      } finally {
        await datastore.configstore.delete(upload.id).catch(() => {});
      }
      if (outcome.ok) return {};
      const status = outcome.reason === 'conflict' ? 409 : outcome.reason === 'not_found' ? 404 : 422;
      return { status_code: status, headers: { 'content-type': 'application/json' }, body: jsonError(outcome.reason, outcome.error, fileName, outcome.params) };
    },
    // tus's own refusals are plain text; give the over-the-limit one the limit, in our error shape.
    onResponseError(_req, err) {
      const status = 'status_code' in err ? err.status_code : 500;
      if (status === 413) return { status_code: 413, body: jsonError('too_large', `The file is over the upload limit of ${formatBytes(limit)}`) };
      return undefined;
    }
  });

  const sweep = setInterval(() => {
    tus.cleanUpExpiredUploads().catch((err) => log.warn({ err }, 'removing expired uploads failed'));
    studio.uploads.sweep().catch((err) => log.warn({ err }, 'forgetting expired uploads failed'));
  }, 3600_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  // PATCH bodies are the file's bytes: leave the stream unread for tus.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null, undefined));

  const params = Type.Object({ '*': Type.String({ maxLength: 200 }) });
  const headers = Type.Object({
    'tus-resumable': Type.Optional(Type.String()),
    'upload-length': Type.Optional(Type.String()),
    'upload-offset': Type.Optional(Type.String()),
    'upload-metadata': Type.Optional(Type.String())
  });
  const response = errors(400, 403, 404, 409, 413, 422, 507);
  const url = `${UPLOADS_PATH}/*`;
  const config = { role: 'producer' as const };
  // PATCH bodies: raw bytes, read by tus from the request stream. HEAD may not declare a body.
  const body = Type.Unsafe<undefined>({ description: 'application/offset+octet-stream' });
  app.route({ method: ['POST', 'PATCH', 'DELETE'], url, config, schema: { params, headers, body, response }, handler });
  app.route({ method: 'HEAD', url, config, schema: { params, headers, response }, handler });

  async function handler(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = (req.params as { '*': string })['*'];
    const user = req.user!;
    const decision: Decided = { user };
    if (req.method === 'POST') {
      if (id !== '') throw new EfirError('not_found', `Create uploads with POST ${UPLOADS_PATH}/`);
      decision.uploadId = await checkCreate(req);
    } else {
      const videoId = videoIdOfUpload(id);
      if (!VIDEO_ID.test(videoId) || !(await studio.canUploadTo(user, videoId))) {
        throw new EfirError('not_found', `No upload ${id}`);
      }
      if (req.method === 'PATCH') await studio.uploads.checkPatch(id);
    }
    decided.set(req.raw, decision);
    reply.hijack();
    // A cancelled upload frees its draft BEFORE the 204 leaves: a client that cancels and at once
    // starts another upload into the same draft (tus-js-client's abort(true), then a new Upload)
    // must not meet the old one's row (409 upload_in_progress).
    if (req.method === 'DELETE') {
      holdEnd(reply.raw, async () => {
        if (reply.raw.statusCode === 204) await studio.uploads.release(id);
      });
    }
    try {
      await tus.handle(req.raw, reply.raw);
    } catch (err) {
      req.log.error({ err }, 'tus failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' });
      reply.raw.end(jsonError('internal', 'Upload failed; it has been logged'));
    }
    // An upload that tus did not create, or that was cancelled, frees its draft for another.
    const status = reply.raw.statusCode;
    if (decision.uploadId && status !== 201) await studio.uploads.release(decision.uploadId);
  }

  /** Checks a creation and has the studio admit it; returns the upload's id. */
  async function checkCreate(req: FastifyRequest): Promise<string> {
    const meta = readMetadata(req.headers['upload-metadata']);
    const fileName = cleanFileName(meta.filename ?? '') || 'video';
    if (!meta.videoId || !VIDEO_ID.test(meta.videoId)) {
      throw new EfirError('invalid_request', 'Upload-Metadata: videoId is required (create the video first)', { field: 'videoId' });
    }
    const rawLength = req.headers['upload-length'];
    const length = typeof rawLength === 'string' && /^\d{1,16}$/.test(rawLength) ? Number(rawLength) : NaN;
    // A deferred length would skip the limit, the quota and the reserve: the size must be known now.
    if (!Number.isSafeInteger(length)) {
      throw new EfirError('invalid_request', "Upload-Length: the file's size in bytes is required", { field: 'upload-length' });
    }
    if (length > limit) {
      throw new EfirError('too_large', `${fileName}: ${formatBytes(length)} is over the upload limit of ${formatBytes(limit)}`, {
        file: fileName
      });
    }
    const uploadId = await studio.beginUpload(req.user!, meta.videoId, fileName, length);
    // Nothing to wait for: refuse it here, as the probe would. (Letting tus create a zero-length
    // upload would finish it inside the POST, where @tus/server cannot answer with our error.)
    if (length === 0) {
      await studio.uploads.release(uploadId);
      const message = await studio.refuseUpload(meta.videoId, fileName, 'empty file (0 bytes)', 'empty_file');
      throw new EfirError('bad_media', message, { file: fileName, params: { problem: 'empty_file' } });
    }
    return uploadId;
  }
}

/** `<videoId>-<24 hex>`: the video id may itself hold a `-`, the random suffix never does. */
export function videoIdOfUpload(uploadId: string): string {
  const dash = uploadId.lastIndexOf('-');
  return dash > 0 ? uploadId.slice(0, dash) : '';
}

/**
 * Upload-Metadata (comma-separated `key base64value` pairs; a key alone means no value), read by the
 * parser tus itself uses, so Efir and tus cannot see different values. Before it, each key is
 * checked, so a refusal names it: only letters, digits, `_ . -` (no tab, space or control character
 * that one parser might trim and another keep), and no key twice.
 */
export function readMetadata(header: string | string[] | undefined): Record<string, string | null> {
  if (header === undefined || header === '') return {};
  if (Array.isArray(header)) {
    throw new EfirError('bad_metadata', 'Upload-Metadata: send one header, not several', { field: 'upload-metadata' });
  }
  const seen = new Set<string>();
  for (const pair of header.split(',')) {
    const key = pair.split(' ')[0]!;
    if (!METADATA_KEY.test(key)) {
      throw new EfirError('bad_metadata', `Upload-Metadata: key ${JSON.stringify(key)} is not allowed (letters, digits, _ . - only)`, {
        field: key
      });
    }
    if (seen.has(key)) throw new EfirError('bad_metadata', `Upload-Metadata: key ${JSON.stringify(key)} appears twice`, { field: key });
    seen.add(key);
  }
  try {
    return Metadata.parse(header);
  } catch {
    throw new EfirError('bad_metadata', 'Upload-Metadata: expected comma-separated "key base64value" pairs', { field: 'upload-metadata' });
  }
}

function jsonError(code: ErrorCode, message: string, file?: string, params?: Record<string, string | number>): string {
  return JSON.stringify(new EfirError(code, message, { ...(file ? { file } : {}), ...(params ? { params } : {}) }).toBody());
}

/** Runs `before` before the response's end is sent (if it fails, the client never gets the 204). */
function holdEnd(res: ServerResponse, before: () => Promise<void>): void {
  const end = res.end.bind(res) as (...args: unknown[]) => unknown;
  (res as { end: (...args: unknown[]) => unknown }).end = (...args: unknown[]) => {
    before().then(
      () => end(...args),
      (err) => {
        // tus has usually written the head already: then the client sees a broken answer, not a 204
        if (res.headersSent) return res.destroy(err as Error);
        res.statusCode = 500;
        end(jsonError('internal', `Cancelling the upload failed: ${(err as Error).message}`));
      }
    );
    return res;
  };
}
