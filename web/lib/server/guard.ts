import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role, User } from '../../../server/repositories/users.ts';

/**
 * The role check every protected page load and form action makes for itself. A layout's load is not
 * enough: SvelteKit runs no load before a form action, and a data request (__data.json with
 * x-sveltekit-invalidated) may skip the layouts. The services check again what is whose (a broadcast
 * is its producer's); this only turns away whole roles early and cleanly.
 *
 * Anonymous: a page load goes to sign in and comes back; a form post (nothing to come back to) is 403.
 * Signed in without one of `roles` (admins pass every check): 403, the error page says it in the UI language.
 */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url' | 'request'>, ...roles: Role[]): User {
  const { user } = event.locals;
  if (!user) {
    if (event.request.method === 'GET' || event.request.method === 'HEAD') {
      redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
    }
    error(403, 'forbidden');
  }
  if (user.role !== 'admin' && !roles.includes(user.role)) error(403, 'forbidden');
  return user;
}
