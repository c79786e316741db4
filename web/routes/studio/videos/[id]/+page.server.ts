import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';
import { sentValues, textsFromForm } from '$lib/studio/texts-form.ts';
import { errorStatus, isEfirError } from '../../../../../server/errors.ts';

/**
 * A video's texts in the studio: the Russian title and description and their five translations
 * (videos.i18n), which viewers' pages show in their language. The producer's own video, any for an
 * admin; StudioService checks that (others get 404) and refuses a mirrored video's texts (YouTube's).
 * The load and the action each check the role themselves (an action runs no load).
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'producer');
  try {
    const v = await event.locals.efir.studio.get(user, event.params.id);
    return { video: { id: v.id, title: v.title, description: v.description, i18n: v.i18n, origin: v.origin, posterUrl: v.posterUrl } };
  } catch (err) {
    if (isEfirError(err) && errorStatus(err) === 404) error(404, 'Video not found');
    throw err;
  }
};

export const actions: Actions = {
  save: async (event) => {
    const user = requireRole(event, 'producer');
    const form = await event.request.formData();
    try {
      await event.locals.efir.studio.update(user, event.params.id, textsFromForm(form));
      return { action: 'save' as const, saved: true };
    } catch (err) {
      return actionFailure(err, { action: 'save' as const, values: sentValues(form) });
    }
  }
};
