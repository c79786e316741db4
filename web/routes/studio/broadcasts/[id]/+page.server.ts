import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';
import { loadError } from '$lib/server/live-action.ts';
import { requireRole } from '$lib/server/guard.ts';
import { broadcastInputFromForm, formValues } from '$lib/live/form.ts';

/**
 * One broadcast for its producer: settings, poster, and what OBS needs (RTMP server and stream key,
 * a secret: this page is the producer's alone. Every load and action checks the role itself (a form
 * action or a data request runs no layout load) and the service lets only the broadcast's producer
 * or an admin through). `url.host` gives the RTMP URL the host the producer reached us on.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'producer');
  const { locals, params, url } = event;
  try {
    const [broadcast, ingest] = await Promise.all([
      locals.efir.live.getMine(user, params.id),
      locals.efir.live.ingestInfo(user, params.id, url.host)
    ]);
    return { broadcast, ingest };
  } catch (err) {
    loadError(err);
  }
};

export const actions: Actions = {
  update: async (event) => {
    const user = requireRole(event, 'producer');
    const { locals, params, request } = event;
    const form = await request.formData();
    try {
      await locals.efir.live.updateBroadcast(user, params.id, broadcastInputFromForm(form));
      return { action: 'update' as const, saved: true };
    } catch (err) {
      return actionFailure(err, { action: 'update' as const, values: formValues(form) });
    }
  },

  poster: async (event) => {
    const user = requireRole(event, 'producer');
    const { locals, params, request } = event;
    const file = (await request.formData()).get('poster');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { action: 'poster' as const, problem: { code: 'invalid_poster' as const, message: 'poster: choose an image file', field: 'poster' } });
    }
    try {
      await locals.efir.live.setPoster(user, params.id, { bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name });
      return { action: 'poster' as const, saved: true };
    } catch (err) {
      return actionFailure(err, { action: 'poster' as const });
    }
  },

  rotate: async (event) => {
    const user = requireRole(event, 'producer');
    try {
      await event.locals.efir.live.rotateKey(user, event.params.id, event.url.host);
      return { action: 'rotate' as const, saved: true };
    } catch (err) {
      return actionFailure(err, { action: 'rotate' as const });
    }
  },

  /** By hand (OBS stopping only makes the ingest wait for a reconnect); also tells every viewer over the Q&A socket. */
  end: async (event) => {
    const user = requireRole(event, 'producer');
    try {
      await event.locals.efir.qa.service.setBroadcastState(user, event.params.id, 'ended');
      return { action: 'end' as const, saved: true };
    } catch (err) {
      return actionFailure(err, { action: 'end' as const });
    }
  }
};
