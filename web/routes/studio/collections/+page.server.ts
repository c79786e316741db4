import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';
import { collectionFormValues, collectionInputFromForm } from '$lib/studio/collection-form.ts';

/** The producer's collections and the channel's playlists (an admin's: everybody's). */
export const load: PageServerLoad = async (event) => ({
  collections: await event.locals.efir.collections.listForStudio(requireRole(event, 'producer'))
});

export const actions: Actions = {
  /** A new collection; then its page, where its videos are added. */
  create: async (event) => {
    const user = requireRole(event, 'producer');
    const form = await event.request.formData();
    let id: string;
    try {
      id = (await event.locals.efir.collections.create(user, collectionInputFromForm(form))).id;
    } catch (err) {
      return actionFailure(err, { action: 'create' as const, values: collectionFormValues(form) });
    }
    redirect(303, `/studio/collections/${encodeURIComponent(id)}`);
  }
};
