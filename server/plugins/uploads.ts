/**
 * Resumable uploads of a video's file over tus (@tus/server + @tus/file-store into paths.uploads),
 * mounted at /api/uploads/ inside Fastify so the usual role and CSRF checks run first.
 *
 * tus hooks see only a web-standard Request, not who is asking, so every decision about the user is
 * made in the Fastify handler before the request is handed over:
 *  - POST (create): the Upload-Metadata `videoId` must be a draft of the caller awaiting its file,
 *    the declared length must fit UPLOAD_MAX_BYTES; the upload id then starts with the video id;
 *  - HEAD, PATCH, DELETE: the video id in the upload id must be one the caller manages.
 * A finished upload goes to studio.onUploadFinished (move, probe, start the run); a file that is not
 * a usable video gets 422 with the reason, so the uploader hears it at once.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { EfirError, type ErrorCode } from '../errors.ts';
import { cleanFileName } from '../services/studio.ts';
import { errors } from '../routes/schemas.ts';

export const UPLOADS_PATH = '/api/uploads';
/** Unfinished uploads older than this are removed (hourly sweep). */
const EXPIRE_MS = 7 * 24 * 3600 * 1000;
const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;

export default async function uploadsPlugin(app: FastifyInstance) {
  const { paths, studio, log } = app.efir;
  const limit = app.efir.config.uploadMaxBytes;
  const datastore = new FileStore({ directory: paths.uploads, expirationPeriodInMilliseconds: EXPIRE_MS });

  const tus = new Server({
    path: UPLOADS_PATH,
    datastore,
    maxSize: limit,
    relativeLocation: true,
    // Checked by the Fastify handler already; the id carries the video so later requests can be checked too.
    namingFunction: (_req, metadata) => {
      const videoId = metadata?.videoId ?? '';
      if (!VIDEO_ID.test(videoId)) throw { status_code: 400, body: jsonError('invalid_request', 'Upload-Metadata: videoId is missing') };
      return `${videoId}-${crypto.randomBytes(12).toString('hex')}`;
    },
    async onUploadFinish(_req, upload) {
      const videoId = videoIdOfUpload(upload.id);
      const fileName = cleanFileName(upload.metadata?.filename ?? '') || 'video';
      let outcome;
      try {
        outcome = await studio.onUploadFinished(videoId, path.join(paths.uploads, upload.id), fileName, upload.size ?? upload.offset);
      } catch (err) {
        log.error({ err, videoId }, 'finishing an upload failed');
        throw { status_code: 500, body: jsonError('internal', 'The upload arrived but could not be processed; it has been logged') };
      } finally {
        await datastore.configstore.delete(upload.id).catch(() => {});
      }
      if (outcome.ok) return {};
      const status = outcome.reason === 'conflict' ? 409 : 422;
      return { status_code: status, headers: { 'content-type': 'application/json' }, body: jsonError(outcome.reason, outcome.error, fileName) };
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
  const response = errors(400, 403, 404, 409, 413, 422);
  const url = `${UPLOADS_PATH}/*`;
  const config = { role: 'producer' as const };
  // PATCH bodies: raw bytes, read by tus from the request stream. HEAD may not declare a body.
  const body = Type.Unsafe<undefined>({ description: 'application/offset+octet-stream' });
  app.route({ method: ['POST', 'PATCH', 'DELETE'], url, config, schema: { params, headers, body, response }, handler });
  app.route({ method: 'HEAD', url, config, schema: { params, headers, response }, handler });

  async function handler(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = (req.params as { '*': string })['*'];
    if (req.method === 'POST') {
      if (id !== '') throw new EfirError('not_found', `Create uploads with POST ${UPLOADS_PATH}/`);
      await checkCreate(req);
    } else {
      const videoId = videoIdOfUpload(id);
      if (!VIDEO_ID.test(videoId) || !(await studio.canUploadTo(req.user!, videoId))) {
        throw new EfirError('not_found', `No upload ${id}`);
      }
    }
    reply.hijack();
    try {
      await tus.handle(req.raw, reply.raw);
    } catch (err) {
      req.log.error({ err }, 'tus failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' });
      reply.raw.end(jsonError('internal', 'Upload failed; it has been logged'));
    }
  }

  async function checkCreate(req: FastifyRequest): Promise<void> {
    const meta = parseMetadata(req.headers['upload-metadata']);
    const fileName = cleanFileName(meta.filename ?? '') || 'video';
    if (!meta.videoId || !VIDEO_ID.test(meta.videoId)) {
      throw new EfirError('invalid_request', 'Upload-Metadata: videoId is required (create the video first)', { field: 'videoId' });
    }
    const length = Number(req.headers['upload-length']);
    if (Number.isFinite(length) && length > limit) {
      throw new EfirError('too_large', `${fileName}: ${formatBytes(length)} is over the upload limit of ${formatBytes(limit)}`, {
        file: fileName
      });
    }
    await studio.beginUpload(req.user!, meta.videoId);
    // Nothing to wait for: refuse it here, as the probe would. (Letting tus create a zero-length
    // upload would finish it inside the POST, where @tus/server cannot answer with our error.)
    if (length === 0) {
      const message = await studio.refuseUpload(meta.videoId, fileName, 'empty file (0 bytes)');
      throw new EfirError('bad_media', message, { file: fileName });
    }
  }
}

/** `<videoId>-<24 hex>`: the video id may itself hold a `-`, the random suffix never does. */
export function videoIdOfUpload(uploadId: string): string {
  const dash = uploadId.lastIndexOf('-');
  return dash > 0 ? uploadId.slice(0, dash) : '';
}

/** Upload-Metadata: comma-separated `key base64value` pairs (a key alone means an empty value). */
export function parseMetadata(header: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (!raw) return out;
  for (const pair of raw.split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key) out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : Number(v.toFixed(v < 10 ? 1 : 0))} ${units[i]}`;
}

function jsonError(code: ErrorCode, message: string, file?: string): string {
  return JSON.stringify(new EfirError(code, message, file ? { file } : {}).toBody());
}
