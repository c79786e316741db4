/** The video domain's routes (library, studio, uploads, subtitles, media files, progress events). */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import libraryRoutes from './library.ts';
import studioRoutes from './studio.ts';
import subtitleRoutes from './subtitles.ts';
import subtitleDraftRoutes from './subtitle-draft.ts';
import subtitleEditorRoutes from './subtitle-editor.ts';
import youtubePublishRoutes from './youtube-publish.ts';
import eventRoutes from './events.ts';
import adminRoutes from './admin.ts';
import collectionRoutes from './collections.ts';
import searchRoutes from './search.ts';
import { studioVariantRoutes, variantRoutes } from './variants.ts';
import variantMediaPlugin from '../plugins/variant-media.ts';
import uploadsPlugin from '../plugins/uploads.ts';
import mediaPlugin, { MEDIA_STATIC_OPTIONS } from '../plugins/media.ts';
import liveMediaPlugin from '../plugins/live-media.ts';

export async function registerVideoRoutes(app: FastifyInstance): Promise<void> {
  await app.register(libraryRoutes, { prefix: '/api/videos' });
  await app.register(studioRoutes, { prefix: '/api/studio/videos' });
  // Its own plugin for its raw-body content-type parsers; same prefix as the studio routes.
  await app.register(subtitleRoutes, { prefix: '/api/studio/videos' });
  await app.register(subtitleDraftRoutes, { prefix: '/api/studio/videos' });
  // The cue editor's JSON routes: outside subtitleRoutes, whose parsers take raw bytes.
  await app.register(subtitleEditorRoutes, { prefix: '/api/studio/videos' });
  await app.register(youtubePublishRoutes, { prefix: '/api/studio/videos' });
  await app.register(variantRoutes, { prefix: '/api/videos' });
  await app.register(studioVariantRoutes, { prefix: '/api/studio/videos' });
  await app.register(eventRoutes, { prefix: '/api/studio' });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(collectionRoutes, { prefix: '/api/collections' });
  await app.register(searchRoutes, { prefix: '/api/search' });
  await app.register(uploadsPlugin);
  // /media: Efir's access checks, then @fastify/static's reply.sendFile (decorated in this scope only).
  await app.register(async (media) => {
    await media.register(fastifyStatic, MEDIA_STATIC_OPTIONS);
    await media.register(mediaPlugin);
    await media.register(liveMediaPlugin);
    await media.register(variantMediaPlugin);
  });
}
