import type { LayoutServerLoad } from './$types';
import { pageCatalogue } from '$lib/i18n/catalogues.server.ts';
import { requireRole } from '$lib/server/guard.ts';

/**
 * The admin pages' words (PAGE_NAMESPACES.m_admin), to admins only, as the studio layout does for
 * producers. Each page's load and action checks the role again (requireRole): SvelteKit runs no
 * layout load before an action, and a data request may ask for this layout's node alone.
 */
export const load: LayoutServerLoad = (event) => {
  requireRole(event, 'admin');
  // As the root layout: a link's ?lang= changes the language, so this load runs again when it does.
  event.url.searchParams.get('lang');
  return { m_admin: pageCatalogue(event.locals.lang, 'm_admin') };
};
