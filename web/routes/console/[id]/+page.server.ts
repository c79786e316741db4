import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/guard.ts';
import { loadError } from '$lib/server/live-action.ts';

/**
 * The moderators' console for one broadcast: its state, a small player and the number watching
 * (server/qa/console-list.ts checks the account may moderate it: 404 unknown, 403 someone else's
 * producer). The CSRF token goes to the page: the socket's hello carries it, and only then does the
 * connection get moderator powers.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'moderator', 'producer');
  try {
    const { watching, manage: _, ...broadcast } = await event.locals.efir.qa.consoles.one(user, event.params.id);
    return { broadcastId: broadcast.id, broadcast, watching, csrfToken: event.locals.csrfToken };
  } catch (err) {
    loadError(err);
  }
};
