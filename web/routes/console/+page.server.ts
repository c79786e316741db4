import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/guard.ts';
import { actionFailure } from '$lib/server/action-error.ts';

/**
 * The moderators' home (where they land after signing in) and the producers' quick list: the live
 * and upcoming broadcasts they may moderate, with links to their consoles and the number watching
 * (server/qa/console-list.ts, which decides whose broadcasts each account sees). Producers also
 * create broadcasts here, and start and end their own (`manage`). Moderators only curate the Q&A
 * (docs/qa-protocol.md).
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'moderator', 'producer');
  return {
    groups: await event.locals.efir.qa.consoles.list(user),
    producer: user.role === 'producer' || user.role === 'admin'
  };
};

export const actions: Actions = {
  create: async (event) => {
    const user = requireRole(event, 'producer');
    const form = await event.request.formData();
    const title = String(form.get('title') ?? '').trim();
    if (!title) return fail(400, { problem: { code: 'invalid_field' as const, message: 'title: must not be empty', field: 'title', params: { field: 'title', rule: 'required' } } });
    const when = String(form.get('scheduledAt') ?? '');
    const scheduledAt = when ? new Date(when) : null;
    if (scheduledAt && Number.isNaN(+scheduledAt)) return fail(400, { problem: { code: 'invalid_field' as const, message: 'scheduledAt: not a date', field: 'scheduledAt', params: { field: 'scheduledAt', rule: 'format' } } });
    try {
      const b = await event.locals.efir.qa.service.createBroadcast(user, {
        title: title.slice(0, 200),
        description: String(form.get('description') ?? '').slice(0, 5000),
        scheduledAt: scheduledAt?.toISOString() ?? null
      });
      return { created: b.id };
    } catch (err) {
      return actionFailure(err, {});
    }
  },
  /** Start or end one's own broadcast (the service refuses anyone else's). */
  state: async (event) => {
    const user = requireRole(event, 'producer');
    const form = await event.request.formData();
    const state = form.get('state') === 'ended' ? 'ended' : 'live';
    try {
      await event.locals.efir.qa.service.setBroadcastState(user, String(form.get('id') ?? ''), state);
    } catch (err) {
      return actionFailure(err, {});
    }
  }
};
