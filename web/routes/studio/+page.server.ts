import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';

/** The producer's videos (an admin's: everybody's), newest first, with state, run progress and subtitles. */
export const load: PageServerLoad = async ({ locals }) => ({
  videos: await locals.efir.studio.list(locals.user!)
});

/**
 * Form actions for what a form does well (works without JavaScript too). The layout's load already
 * refused anyone but producers; the service checks ownership of each video again.
 */
export const actions: Actions = {
  /** A draft to upload into: the page then sends subtitle files and the video over tus (JavaScript). */
  create: async ({ locals, request }) => {
    const form = await request.formData();
    const title = String(form.get('title') ?? '');
    const description = String(form.get('description') ?? '');
    if (!title.trim()) return fail(400, { action: 'create' as const, problem: { code: 'invalid_request' as const, message: 'title: must not be empty', field: 'title' } });
    try {
      const video = await locals.efir.studio.createDraft(locals.user!, {
        title,
        description,
        publishWhenReady: form.get('publishWhenReady') === 'on'
      });
      return { action: 'create' as const, created: { id: video.id } };
    } catch (err) {
      return actionFailure(err, { action: 'create' as const });
    }
  },
  publish: async ({ locals, request }) => videoAction(locals, request, 'publish'),
  unpublish: async ({ locals, request }) => videoAction(locals, request, 'unpublish'),
  delete: async ({ locals, request }) => videoAction(locals, request, 'delete')
};

async function videoAction(locals: App.Locals, request: Request, action: 'publish' | 'unpublish' | 'delete') {
  const id = String((await request.formData()).get('id') ?? '');
  try {
    await locals.efir.studio[action](locals.user!, id);
    return { action, id };
  } catch (err) {
    return actionFailure(err, { action, id });
  }
}
