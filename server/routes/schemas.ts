/** TypeBox schemas shared by the video-domain routes: the shapes the services return, as JSON. */
import { Type, type TSchema } from '@fastify/type-provider-typebox';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    file: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    field: Type.Optional(Type.String()),
    retryAfter: Type.Optional(Type.Number()),
    /** subtitle_conflict: the other version (server/errors.ts ErrorDetails). */
    version: Type.Optional(Type.Object({ number: Type.Integer(), kind: Type.String(), author: Nullable(Type.String()), savedAt: Type.String() })),
    /** translation_failed: the service's reason. */
    reason: Type.Optional(Type.String()),
    /** The values a page words the refusal with (server/errors.ts errorParams). */
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])))
  })
});

/** The error responses every route may give besides its own. */
export function errors<const C extends readonly number[]>(...codes: C): { [K in C[number]]: typeof ErrorBody } {
  return Object.fromEntries(codes.map((c) => [c, ErrorBody])) as { [K in C[number]]: typeof ErrorBody };
}

/** Video ids are 11 URL-safe characters; the pattern also keeps paths built from them tame. */
export const VideoId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const VideoParams = Type.Object({ id: VideoId });

/** A subtitle file's warning: `code` and `params` are what the studio words it from (media/subtitles/errors.ts). */
export const Warning = Type.Object({
  line: Type.Integer(),
  message: Type.String(),
  code: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])))
});

export const StudioSubtitle = Type.Object({
  lang: Type.String(),
  name: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  encoding: Type.String(),
  cueCount: Type.Integer(),
  warnings: Type.Array(Warning),
  updatedAt: Type.String({ format: 'date-time' })
});

/** Why a video or run failed: a code and the values its words need (server/services/studio-views.ts). */
export const Problem = Type.Object({ code: Type.String(), params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])) });

export const StudioRun = Type.Object({
  id: Type.String(),
  rev: Type.Integer(),
  kind: Type.Union([Type.Literal('full'), Type.Literal('subtitles')]),
  state: Type.Union([Type.Literal('queued'), Type.Literal('active'), Type.Literal('completed'), Type.Literal('failed')]),
  step: Nullable(Type.String()),
  progress: Type.Number(),
  error: Nullable(Type.String()),
  problem: Type.Optional(Nullable(Problem))
});

export const StudioVideo = Type.Object({
  id: Type.String(),
  ownerId: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  i18n: Type.Record(Type.String(), Type.Object({ title: Type.Optional(Type.String()), description: Type.Optional(Type.String()) })),
  origin: Type.String(),
  state: Type.Union([Type.Literal('uploading'), Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')]),
  error: Nullable(Type.String()),
  problem: Type.Optional(Nullable(Problem)),
  published: Type.Boolean(),
  publishWhenReady: Type.Boolean(),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  sourceName: Nullable(Type.String()),
  sourceSize: Nullable(Type.Number()),
  duration: Nullable(Type.Number()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  currentRev: Nullable(Type.Integer()),
  posterUrl: Nullable(Type.String()),
  run: Nullable(StudioRun),
  renditions: Nullable(Type.Object({ made: Type.Array(Type.String()), pending: Type.Array(Type.String()) })),
  holdFullLadder: Type.Boolean(),
  subtitles: Type.Array(StudioSubtitle),
  youtubeId: Nullable(Type.String()),
  awaitingOriginal: Type.Boolean()
});

export const RunRef = Nullable(Type.Object({ runId: Type.String(), rev: Type.Integer() }));

/** Translations by language ({uz: {title, description}}); the Russian original is title/description. */
export const I18n = Type.Record(Type.String(), Type.Object({ title: Type.Optional(Type.String()), description: Type.Optional(Type.String()) }));

export const LibraryItem = Type.Object({
  id: Type.String(),
  origin: Type.String(),
  title: Type.String(),
  description: Type.String(),
  i18n: I18n,
  duration: Nullable(Type.Number()),
  publishedAt: Type.String({ format: 'date-time' }),
  posterUrl: Nullable(Type.String())
});

export const WatchData = Type.Object({
  id: Type.String(),
  origin: Type.String(),
  title: Type.String(),
  description: Type.String(),
  i18n: I18n,
  duration: Nullable(Type.Number()),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  preview: Type.Boolean(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  masterUrl: Nullable(Type.String()),
  embedUrl: Nullable(Type.String()),
  live: Nullable(Type.Union([Type.Literal('upcoming'), Type.Literal('live')])),
  scheduledAt: Nullable(Type.String({ format: 'date-time' })),
  posterUrl: Nullable(Type.String()),
  spritesUrl: Nullable(Type.String()),
  // machine: a machine translated some cues (labelled "machine-translated" for viewers)
  subtitles: Type.Array(Type.Object({ lang: Type.String(), name: Type.String(), url: Type.String(), machine: Type.Optional(Type.Literal(true)) }))
});

export const CollectionView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  i18n: I18n,
  fromYoutube: Type.Boolean(),
  count: Type.Integer(),
  posterUrl: Nullable(Type.String()),
  updatedAt: Type.String({ format: 'date-time' })
});

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('producer'), Type.Literal('moderator')]);

export const PublicUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  createdAt: Type.String({ format: 'date-time' })
});
