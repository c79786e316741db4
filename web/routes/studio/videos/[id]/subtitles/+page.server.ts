import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/guard.ts';
import { errorStatus, isEfirError } from '../../../../../../server/errors.ts';

/** The languages the editor offers, Russian last (the reference is edited on its own page state too). */
const EDITOR_LANGS = ['uz', 'tg', 'az', 'ro', 'en', 'ru'] as const;

/**
 * The cue editor of one video (?lang=, Tajik when absent): its Russian cues, the target language's,
 * the preview and the versions. The producer's own video, any for an admin (the service checks;
 * others get 404). Saving goes through the JSON API with the layout's CSRF token
 * (server/routes/subtitle-editor.ts), which checks the same again.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'producer');
  const asked = event.url.searchParams.get('lang') ?? 'tg';
  const lang = (EDITOR_LANGS as readonly string[]).includes(asked) ? asked : 'tg';
  try {
    const editor = await event.locals.efir.subtitleEditor.load(user, event.params.id, lang);
    // `track`, not `lang`: page.data.lang is the UI language (the root layout's).
    return { editor, track: lang, langs: [...EDITOR_LANGS], draftAvailable: event.locals.efir.subtitleDrafts.available };
  } catch (err) {
    const status = isEfirError(err) ? errorStatus(err) : 500;
    if (status === 404) error(404, 'Video not found');
    if (status === 403) error(403, 'forbidden');
    throw err;
  }
};
