import type { LayoutServerLoad } from './$types';
import { requireRole } from '$lib/server/guard.ts';
import { pageCatalogue } from '$lib/i18n/catalogues.server.ts';

/**
 * The studio is for producers (and admins). Anonymous visitors go to sign in and come back here;
 * a signed-in account without the role gets the 403 page. Each page load and action below checks
 * again (requireRole): SvelteKit runs no layout load before a form action. The CSRF token goes to the page for the
 * API calls it makes from the browser (subtitle files, tus uploads); the user id keys the browser's
 * memory of unfinished uploads, so two producers sharing a computer never resume each other's.
 * The studio's words (PAGE_NAMESPACES.m_studio) come only to the studio's pages.
 */
export const load: LayoutServerLoad = (event) => {
  const user = requireRole(event, 'producer');
  return { csrfToken: event.locals.csrfToken, userId: user.id, m_studio: pageCatalogue(event.locals.lang, 'm_studio') };
};
