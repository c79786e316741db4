import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isHttps, safeNext } from '$lib/server/http.ts';
import { afterSignIn } from '$lib/auth/home.ts';

/** Matches server/plugins/auth.ts: the cookie the API reads. */
const SESSION_COOKIE = 'efir_session';
const THIRTY_DAYS = 30 * 24 * 3600;

/**
 * `next`: where the visitor was sent away from ('' when they came to sign in by themselves: then
 * their role decides, afterSignIn: the studio for producers and admins, the console for moderators).
 */
export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'), '');
  if (locals.user) redirect(303, afterSignIn(locals.user.role, next));
  return { next };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) return fail(400, { email, error: 'login_missing' as const });
    // The same limiter as the API's login: it lives in AuthService, as this action skips Fastify's hooks.
    let session;
    try {
      session = await event.locals.efir.auth.login(email, password, event.getClientAddress());
    } catch (err) {
      // Recognised by its code: the SvelteKit bundle has its own copy of server/errors.ts (no instanceof).
      const e = err as { code?: unknown; details?: { retryAfter?: number } };
      if (e?.code === 'login_throttled') {
        const retryAfter = e.details?.retryAfter ?? 60;
        event.setHeaders({ 'retry-after': String(retryAfter) });
        return fail(429, { email, error: null, throttled: retryAfter });
      }
      throw err;
    }
    if (!session) return fail(400, { email, error: 'login_wrong' as const });
    const maxAge = Math.min(THIRTY_DAYS, Math.max(60, Math.floor((new Date(session.expiresAt).getTime() - Date.now()) / 1000)));
    event.cookies.set(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(event), maxAge });
    redirect(303, afterSignIn(session.user.role, form.get('next')));
  }
};
