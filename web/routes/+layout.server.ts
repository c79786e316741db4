import type { LayoutServerLoad } from './$types';
import { CATALOGUES } from '$lib/i18n/index.ts';

/** Language, its catalogue (only this one goes to the browser) and who is signed in, for the header. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  // locals.lang follows a link's ?lang= (hooks.server.ts): read here so SvelteKit runs this load
  // again when a navigation adds, changes or drops it.
  url.searchParams.get('lang');
  return {
    lang: locals.lang,
    m: CATALOGUES[locals.lang],
    theme: locals.theme,
    user: locals.user ? { displayName: locals.user.displayName, role: locals.user.role } : null
  };
};
