import type { LayoutServerLoad } from './$types';
import { CATALOGUES } from '$lib/i18n/index.ts';

/** Language, its catalogue (only this one goes to the browser) and who is signed in, for the header. */
export const load: LayoutServerLoad = ({ locals }) => ({
  lang: locals.lang,
  m: CATALOGUES[locals.lang],
  user: locals.user ? { displayName: locals.user.displayName, role: locals.user.role } : null
});
