import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { loadError, serviceFailure } from '$lib/server/live-action.ts';
import { broadcastInputFromForm, formValues } from '$lib/live/form.ts';

/**
 * One broadcast for its producer: settings, poster, and what OBS needs (RTMP server and stream key,
 * a secret: this page is the producer's alone, the studio layout refused everybody else and the
 * service checks ownership again). `url.host` gives the RTMP URL the host the producer reached us on.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  try {
    const [broadcast, ingest] = await Promise.all([
      locals.efir.live.getMine(locals.user!, params.id),
      locals.efir.live.ingestInfo(locals.user!, params.id, url.host)
    ]);
    return { broadcast, ingest };
  } catch (err) {
    loadError(err);
  }
};

export const actions: Actions = {
  update: async ({ locals, params, request }) => {
    const form = await request.formData();
    try {
      await locals.efir.live.updateBroadcast(locals.user!, params.id, broadcastInputFromForm(form));
      return { action: 'update' as const, saved: true };
    } catch (err) {
      return serviceFailure(err, { action: 'update' as const, values: formValues(form) });
    }
  },

  poster: async ({ locals, params, request }) => {
    const file = (await request.formData()).get('poster');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { action: 'poster' as const, problem: { code: 'invalid_poster' as const, message: 'poster: choose an image file', field: 'poster' } });
    }
    try {
      await locals.efir.live.setPoster(locals.user!, params.id, { bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name });
      return { action: 'poster' as const, saved: true };
    } catch (err) {
      return serviceFailure(err, { action: 'poster' as const });
    }
  },

  rotate: async ({ locals, params, url }) => {
    try {
      await locals.efir.live.rotateKey(locals.user!, params.id, url.host);
      return { action: 'rotate' as const, saved: true };
    } catch (err) {
      return serviceFailure(err, { action: 'rotate' as const });
    }
  },

  /** By hand (OBS stopping only makes the ingest wait for a reconnect); also tells every viewer over the Q&A socket. */
  end: async ({ locals, params }) => {
    try {
      await locals.efir.qa.service.setBroadcastState(locals.user!, params.id, 'ended');
      return { action: 'end' as const, saved: true };
    } catch (err) {
      return serviceFailure(err, { action: 'end' as const });
    }
  }
};
