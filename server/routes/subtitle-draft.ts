/**
 * POST /api/studio/videos/:id/subtitles/:lang/draft {baseVersion}: "Draft translation" in the cue
 * editor (server/services/subtitle-draft.ts). Answers the new version and the counts, or the refusal:
 * 503 translation_unavailable (no key), 502 translation_failed with the service's `reason`, 409
 * subtitle_conflict when the track moved on from baseVersion. Nothing is written on a refusal.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { RunRef, VideoId, errors } from './schemas.ts';

const Params = Type.Object({ id: VideoId, lang: Type.String({ minLength: 1, maxLength: 16 }) });

export default async function subtitleDraftRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { subtitleDrafts } = app.efir;

  app.post(
    '/:id/subtitles/:lang/draft',
    {
      config: { role: 'producer' as const },
      schema: {
        params: Params,
        body: Type.Object({ baseVersion: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            version: Type.Integer(),
            drafted: Type.Integer(),
            kept: Type.Integer(),
            replaced: Type.Integer(),
            requests: Type.Integer(),
            run: RunRef
          }),
          ...errors(400, 403, 404, 409, 502, 503)
        }
      }
    },
    async (req) => subtitleDrafts.draft(req.user!, req.params.id, req.params.lang, req.body.baseVersion)
  );
}
