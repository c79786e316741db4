import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';
import { errorStatus, isEfirError } from '../../../../../server/errors.ts';
import { collectionFormValues, collectionInputFromForm } from '$lib/studio/collection-form.ts';

/**
 * One collection in the studio: its texts, its videos in order (up, down, remove) and videos to add
 * (the library's and the producer's own, by title: ?q=). The producer's own, any for an admin; the
 * channel's playlists read-only (the service refuses their changes). Every load and action checks
 * the role itself (a form action or a data request runs no layout load).
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'producer');
  const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
  try {
    const found = await event.locals.efir.collections.getForStudio(user, event.params.id);
    const candidates = found.collection.editable ? await event.locals.efir.collections.candidates(user, q) : [];
    const inIt = new Set(found.items.map((v) => v.id));
    return { ...found, q, candidates: candidates.filter((v) => !inIt.has(v.id)) };
  } catch (err) {
    const status = isEfirError(err) ? errorStatus(err) : 500;
    if (status === 404) error(404, 'Collection not found');
    if (status === 403) error(403, 'forbidden');
    throw err;
  }
};

const videoIdOf = (form: FormData) => {
  const v = form.get('videoId');
  return typeof v === 'string' ? v : '';
};

/** One item action: the service call, then the page again (or the refusal, translated by the page). */
async function itemAction(event: RequestEvent, action: 'add' | 'remove' | 'move') {
  const user = requireRole(event, 'producer');
  const form = await event.request.formData();
  const videoId = videoIdOf(form);
  const { collections } = event.locals.efir;
  try {
    if (action === 'add') await collections.addVideo(user, event.params.id, videoId);
    else if (action === 'remove') await collections.removeVideo(user, event.params.id, videoId);
    else await collections.moveVideo(user, event.params.id, videoId, form.get('direction') === 'up' ? 'up' : 'down');
    return { action, saved: true };
  } catch (err) {
    return actionFailure(err, { action });
  }
}

export const actions: Actions = {
  update: async (event) => {
    const user = requireRole(event, 'producer');
    const form = await event.request.formData();
    try {
      await event.locals.efir.collections.update(user, event.params.id, collectionInputFromForm(form));
      return { action: 'update' as const, saved: true };
    } catch (err) {
      return actionFailure(err, { action: 'update' as const, values: collectionFormValues(form) });
    }
  },
  delete: async (event) => {
    const user = requireRole(event, 'producer');
    try {
      await event.locals.efir.collections.delete(user, event.params.id);
    } catch (err) {
      return actionFailure(err, { action: 'delete' as const });
    }
    redirect(303, '/studio/collections');
  },
  add: (event) => itemAction(event, 'add'),
  remove: (event) => itemAction(event, 'remove'),
  move: (event) => itemAction(event, 'move')
};
