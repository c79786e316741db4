import type { LayoutServerLoad } from './$types';
import { pageCatalogue } from '$lib/i18n/catalogues.server.ts';

/**
 * Language, the namespaces of its catalogue every page reads (PAGE_NAMESPACES.m: only this language's
 * go to the browser) and who is signed in, for the header.
 */
export const load: LayoutServerLoad = ({ locals, url }) => {
  // locals.lang follows a link's ?lang= (hooks.server.ts): read here so SvelteKit runs this load
  // again when a navigation adds, changes or drops it.
  url.searchParams.get('lang');
  return {
    lang: locals.lang,
    m: pageCatalogue(locals.lang, 'm'),
    theme: locals.theme,
    user: locals.user ? { displayName: locals.user.displayName, role: locals.user.role } : null
  };
};
