import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { broadcastView } from '../../../server/qa/views.ts';
import { actionFailure } from '$lib/server/action-error.ts';

const canSee = (role: string | undefined) => role === 'moderator' || role === 'producer' || role === 'admin';
const isProducer = (role: string | undefined) => role === 'producer' || role === 'admin';

/** Broadcasts for moderators and producers; producers also create, start and end them here. */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  if (!canSee(locals.user.role)) error(403, 'Forbidden: needs the moderator or producer role');
  return {
    broadcasts: (await locals.efir.qa.service.repo.listBroadcasts()).map((b) => broadcastView(b, true)),
    producer: isProducer(locals.user.role)
  };
};

const problem = (err: unknown) => actionFailure(err, {});

export const actions: Actions = {
  create: async ({ locals, request }) => {
    if (!locals.user || !isProducer(locals.user.role)) error(403, 'Forbidden: needs the producer role');
    const form = await request.formData();
    const title = String(form.get('title') ?? '').trim();
    if (!title) return fail(400, { problem: { code: 'invalid_field' as const, message: 'title: must not be empty', field: 'title' } });
    const when = String(form.get('scheduledAt') ?? '');
    const scheduledAt = when ? new Date(when) : null;
    if (scheduledAt && Number.isNaN(+scheduledAt)) return fail(400, { problem: { code: 'invalid_field' as const, message: 'scheduledAt: not a date', field: 'scheduledAt' } });
    try {
      const b = await locals.efir.qa.service.createBroadcast(locals.user, {
        title: title.slice(0, 200),
        description: String(form.get('description') ?? '').slice(0, 5000),
        scheduledAt: scheduledAt?.toISOString() ?? null
      });
      return { created: b.id };
    } catch (err) {
      return problem(err);
    }
  },
  state: async ({ locals, request }) => {
    if (!locals.user || !isProducer(locals.user.role)) error(403, 'Forbidden: needs the producer role');
    const form = await request.formData();
    const state = form.get('state') === 'ended' ? 'ended' : 'live';
    try {
      await locals.efir.qa.service.setBroadcastState(locals.user, String(form.get('id')), state);
    } catch (err) {
      return problem(err);
    }
  }
};
