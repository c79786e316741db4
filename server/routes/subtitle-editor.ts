/**
 * The cue editor's API (issue 12): one language's cues of a video as JSON, saved as versions.
 * GET …/cues (the editor's data), PUT …/cues {baseVersion, cues} → {version, warnings} (409
 * subtitle_conflict when the track moved on since baseVersion), GET …/versions, POST
 * …/versions/:version/restore {baseVersion}. Producers' own videos (admins: all), as the studio.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Nullable, RunRef, VideoId, errors } from './schemas.ts';

const Params = Type.Object({ id: VideoId, lang: Type.String({ minLength: 1, maxLength: 16 }) });
const VersionParams = Type.Object({ id: VideoId, lang: Type.String({ minLength: 1, maxLength: 16 }), version: Type.Integer({ minimum: 1 }) });

// Times may come as any number: the service refuses a bad one naming the cue (cues[3].end), which
// a schema error could not do as clearly.
const Cue = Type.Object({
  start: Type.Number(),
  end: Type.Number(),
  text: Type.String({ maxLength: 2000 }),
  machine: Type.Optional(Type.Boolean())
});
const Track = Type.Object({ lang: Type.String(), version: Type.Integer(), cues: Type.Array(Cue), machineCues: Type.Integer() });
const Warning = Type.Object({ cue: Type.Integer(), start: Type.Number(), line: Type.Integer(), code: Type.String(), message: Type.String() });
const Version = Type.Object({
  version: Type.Integer(),
  kind: Type.String(),
  author: Nullable(Type.String()),
  cueCount: Type.Integer(),
  machineCues: Type.Integer(),
  restoredFrom: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean()
});
const Saved = Type.Object({ version: Type.Integer(), warnings: Type.Array(Warning), run: RunRef });
const BaseVersion = Type.Integer({ minimum: 0 });

export default async function subtitleEditorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { subtitleEditor } = app.efir;
  const config = { role: 'producer' as const };

  app.get(
    '/:id/subtitles/:lang/cues',
    {
      config,
      schema: {
        params: Params,
        response: {
          200: Type.Object({
            video: Type.Object({
              id: Type.String(),
              title: Type.String(),
              duration: Nullable(Type.Number()),
              masterUrl: Nullable(Type.String()),
              posterUrl: Nullable(Type.String()),
              width: Nullable(Type.Integer()),
              height: Nullable(Type.Integer()),
              subtitles: Type.Array(Type.Object({ lang: Type.String(), name: Type.String(), url: Type.String() }))
            }),
            reference: Track,
            target: Track,
            versions: Type.Array(Version)
          }),
          ...errors(400, 403, 404)
        }
      }
    },
    async (req) => subtitleEditor.load(req.user!, req.params.id, req.params.lang)
  );

  app.put(
    '/:id/subtitles/:lang/cues',
    {
      config,
      schema: {
        params: Params,
        body: Type.Object({ baseVersion: BaseVersion, cues: Type.Array(Cue, { maxItems: 5000 }) }, { additionalProperties: false }),
        response: { 200: Saved, ...errors(400, 403, 404, 409, 413) }
      }
    },
    async (req) => subtitleEditor.save(req.user!, req.params.id, req.params.lang, req.body)
  );

  app.get(
    '/:id/subtitles/:lang/versions',
    { config, schema: { params: Params, response: { 200: Type.Object({ items: Type.Array(Version) }), ...errors(400, 403, 404) } } },
    async (req) => ({ items: await subtitleEditor.versions(req.user!, req.params.id, req.params.lang) })
  );

  app.post(
    '/:id/subtitles/:lang/versions/:version/restore',
    {
      config,
      schema: {
        params: VersionParams,
        body: Type.Object({ baseVersion: BaseVersion }, { additionalProperties: false }),
        response: { 200: Saved, ...errors(400, 403, 404, 409) }
      }
    },
    async (req) => subtitleEditor.restore(req.user!, req.params.id, req.params.lang, req.params.version, req.body)
  );
}
