import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const SESSION_COOKIE = 'efir_session';

/** Sign-out is a POST (the header's button); visiting /logout by link only goes home. */
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    if (locals.sessionId) await locals.efir.auth.logout(locals.sessionId);
    cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, '/');
  }
};
