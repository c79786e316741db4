/**
 * Subtitle files of a video, one per language: PUT with the raw file as the body (its original name
 * in x-file-name, URL-encoded) attaches or replaces a language, DELETE removes it. The raw-body
 * parsers live in this plugin only; the rest of the API keeps JSON.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EfirError } from '../errors.ts';
import { RunRef, StudioSubtitle, VideoId, errors } from './schemas.ts';

const Params = Type.Object({ id: VideoId, lang: Type.String({ minLength: 1, maxLength: 16 }) });

export default async function subtitleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { studio, config: efirConfig } = app.efir;
  const limit = efirConfig.subtitleMaxBytes;

  // The file's bytes as they are, whatever Content-Type the browser guessed (text/plain,
  // application/x-subrip, none at all): the subtitle parser detects the encoding (UTF-8, UTF-16,
  // Windows-1251), which a text or JSON parser here would already have mangled.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err: any) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      throw new EfirError('too_large', `The subtitle file is over the limit of ${limit} bytes (SUBTITLE_MAX_BYTES)`);
    }
    throw err; // to the application's error handler
  });

  const config = { role: 'producer' as const };

  app.put(
    '/:id/subtitles/:lang',
    {
      config,
      schema: {
        params: Params,
        headers: Type.Object({ 'x-file-name': Type.Optional(Type.String({ maxLength: 1024 })) }),
        // The raw file (any Content-Type), parsed by the service, not by a schema.
        body: Type.Unsafe<Buffer>({ description: 'the subtitle file, raw bytes' }),
        response: { 200: Type.Object({ subtitle: StudioSubtitle, run: RunRef }), ...errors(400, 403, 404, 413) }
      }
    },
    async (req) => {
      // No body at all is an empty file, which the parser refuses naming the file.
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return studio.attachSubtitle(req.user!, req.params.id, req.params.lang, fileNameHeader(req.headers['x-file-name'], req.params.lang), bytes);
    }
  );

  app.delete(
    '/:id/subtitles/:lang',
    { config, schema: { params: Params, response: { 200: Type.Object({ run: RunRef }), ...errors(403, 404) } } },
    async (req) => studio.removeSubtitle(req.user!, req.params.id, req.params.lang)
  );
}

function fileNameHeader(raw: string | string[] | undefined, lang: string): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return `${lang}.srt`;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new EfirError('invalid_request', 'x-file-name: must be URL-encoded (encodeURIComponent)', { field: 'x-file-name' });
  }
}
