import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { parseStartTime } from '$lib/library/share-url.ts';
import { translatorFor } from '$lib/i18n/catalogues.server.ts';
import { localOpening } from '../../../../media/chapters.ts';

/** A collection id as links write it (?c=…); anything else is ignored. */
const COLLECTION_PARAM = /^[A-Za-z0-9_-]{1,64}$/;
/** A transcript beside the embed is a reading aid, not a dump: a very long file stops here. */
const TRANSCRIPT_MAX_CUES = 2000;

/**
 * Public: a video viewers may watch (its owner or an admin also previews one not yet published).
 * A mirrored video Efir cannot play itself yet comes with the cues of the viewer's language (or the
 * Russian ones) for the transcript beside YouTube's embed. `?c=` names the collection it was opened
 * from, for "next in"; else the first collection that holds it. `?t=` (90, 1m30s) is where a shared
 * link starts the video; `publicUrl` makes the sharing card's and share links' URLs absolute.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const video = await locals.efir.library.getWatch(params.id, locals.user);
  // A message key: the error page shows it in the viewer's language.
  if (!video) error(404, 'site.watch_not_found');
  const c = url.searchParams.get('c');
  const [collection, transcript] = await Promise.all([
    locals.efir.collections.nextFor(video.id, c && COLLECTION_PARAM.test(c) ? c : null).catch((err: unknown) => {
      // "Next in" is an extra: the video plays without it.
      console.error('watch: next in collection failed', err);
      return null;
    }),
    video.embedUrl ? transcriptOf(locals, video.id, video.subtitles.map((s) => s.lang)) : Promise.resolve(null)
  ]);
  const t = parseStartTime(url.searchParams.get('t'));
  // Past the end (a link to a since-shortened video) opens at the start.
  const startTime = t !== null && (!video.duration || t < video.duration) ? t : null;
  // A replay's opening chapter is stored as a marker; the viewer reads it in their language.
  const chapters = video.chapters ? localOpening(video.chapters, translatorFor(locals.lang).t('site.watch_chapter_opening')) : video.chapters;
  return { video: { ...video, chapters }, collection, transcript, startTime, publicUrl: locals.efir.config.publicUrl };
};

async function transcriptOf(locals: App.Locals, id: string, langs: string[]) {
  const lang = langs.includes(locals.lang) ? locals.lang : langs.includes('ru') ? 'ru' : langs[0];
  if (!lang) return null;
  const cues = await locals.efir.library.subtitleCues(id, lang);
  if (!cues?.length) return null;
  return { lang, cues: cues.slice(0, TRANSCRIPT_MAX_CUES).map((c) => ({ start: c.start, text: c.text.replace(/<\/?[biu]>/g, '') })) };
}
