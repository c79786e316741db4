import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canModerate } from '../../../../server/qa/service.ts';

/**
 * The moderators' console for one broadcast. The CSRF token goes to the page: the socket's hello
 * carries it, and only then does the connection get moderator powers.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const b = await locals.efir.qa.service.repo.broadcast(params.id);
  if (!b) error(404, 'Broadcast not found');
  if (!canModerate(locals.user, b)) error(403, 'Forbidden: needs the moderator role');
  return { broadcastId: b.id, csrfToken: locals.csrfToken };
};
