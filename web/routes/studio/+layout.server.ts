import { error, redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/**
 * The studio is for producers (and admins). Anonymous visitors go to sign in and come back here;
 * a signed-in account without the role gets the 403 page. The CSRF token goes to the page for the
 * API calls it makes from the browser (subtitle files, tus uploads); the user id keys the browser's
 * memory of unfinished uploads, so two producers sharing a computer never resume each other's.
 */
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (locals.user.role !== 'producer' && locals.user.role !== 'admin') error(403, 'Forbidden: needs the producer role');
  return { csrfToken: locals.csrfToken, userId: locals.user.id };
};
