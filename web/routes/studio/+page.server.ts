import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';

/** The producer's videos (an admin's: everybody's), newest first, with state, run progress and subtitles. */
export const load: PageServerLoad = async (event) => ({
  videos: await event.locals.efir.studio.list(requireRole(event, 'producer'))
});

/**
 * Form actions for what a form does well (works without JavaScript too). Each checks the role itself
 * (no layout load runs before an action); the service checks ownership of each video again.
 */
export const actions: Actions = {
  /** A draft to upload into: the page then sends subtitle files and the video over tus (JavaScript). */
  create: async (event) => {
    const user = requireRole(event, 'producer');
    const { locals, request } = event;
    const form = await request.formData();
    const title = String(form.get('title') ?? '');
    const description = String(form.get('description') ?? '');
    if (!title.trim()) return fail(400, { action: 'create' as const, problem: { code: 'invalid_request' as const, message: 'title: must not be empty', field: 'title' } });
    try {
      const video = await locals.efir.studio.createDraft(user, {
        title,
        description,
        publishWhenReady: form.get('publishWhenReady') === 'on'
      });
      return { action: 'create' as const, created: { id: video.id } };
    } catch (err) {
      return actionFailure(err, { action: 'create' as const });
    }
  },
  publish: async (event) => videoAction(event, 'publish'),
  unpublish: async (event) => videoAction(event, 'unpublish'),
  delete: async (event) => videoAction(event, 'delete')
};

async function videoAction(event: RequestEvent, action: 'publish' | 'unpublish' | 'delete') {
  const user = requireRole(event, 'producer');
  const id = String((await event.request.formData()).get('id') ?? '');
  try {
    await event.locals.efir.studio[action](user, id);
    return { action, id };
  } catch (err) {
    return actionFailure(err, { action, id });
  }
}
