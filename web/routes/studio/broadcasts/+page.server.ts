import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';
import { broadcastInputFromForm, formValues } from '$lib/live/form.ts';

/** The producer's broadcasts (an admin's: everybody's), with what the list's badges need. */
export const load: PageServerLoad = async (event) => ({
  broadcasts: await event.locals.efir.live.listMine(requireRole(event, 'producer'))
});

export const actions: Actions = {
  /** A new scheduled broadcast; then its page, where the stream key and the poster are. */
  create: async (event) => {
    const user = requireRole(event, 'producer');
    const form = await event.request.formData();
    let id: string;
    try {
      id = (await event.locals.efir.live.createBroadcast(user, broadcastInputFromForm(form))).id;
    } catch (err) {
      return actionFailure(err, { action: 'create' as const, values: formValues(form) });
    }
    redirect(303, `/studio/broadcasts/${encodeURIComponent(id)}`);
  }
};
