import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canModerate } from '../../../../server/qa/service.ts';
import { requireRole } from '$lib/server/guard.ts';

/**
 * The moderators' console for one broadcast. The CSRF token goes to the page: the socket's hello
 * carries it, and only then does the connection get moderator powers.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'moderator', 'producer');
  const b = await event.locals.efir.qa.service.repo.broadcast(event.params.id);
  if (!b) error(404, 'Broadcast not found');
  if (!canModerate(user, b)) error(403, 'forbidden');
  return { broadcastId: b.id, csrfToken: event.locals.csrfToken };
};
