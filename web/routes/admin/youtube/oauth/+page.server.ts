/**
 * Where Google's consent page sends the admin back (the OAuth client's redirect URI: PUBLIC_URL +
 * /admin/youtube/oauth) with `code` and `state`, or `error` when access was declined. Admins only,
 * like the rest of /admin. The state is checked and the code exchanged by server/youtube/oauth.ts;
 * on success the admin lands back on /admin, on a refusal this page says why and links back.
 */
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isEfirError } from '../../../../../server/errors.ts';
import { requireRole } from '$lib/server/guard.ts';

export const load: PageServerLoad = async (event) => {
  const admin = requireRole(event, 'admin');
  const q = event.url.searchParams;
  try {
    await event.locals.efir.youtube.admin.completeOAuth(admin, { code: q.get('code'), state: q.get('state'), error: q.get('error') });
  } catch (err) {
    if (!isEfirError(err)) throw err;
    return { problem: { code: err.code, message: err.message } };
  }
  redirect(303, '/admin?youtube=connected#youtube');
};
