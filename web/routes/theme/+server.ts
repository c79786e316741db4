import { redirect, type RequestHandler } from '@sveltejs/kit';
import { THEME_COOKIE, isTheme } from '$lib/theme/theme.ts';
import { isHttps, safeNext } from '$lib/server/http.ts';

const YEAR = 365 * 24 * 3600;

/**
 * The header's theme toggle without JavaScript: remembers the choice for a year, then goes back to
 * the page. With JavaScript the toggle writes the same cookie itself and changes nothing else.
 */
export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const theme = form.get('theme');
  if (isTheme(theme)) {
    // Not httpOnly: the toggle's script writes the same cookie without a round trip.
    event.cookies.set(THEME_COOKIE, theme, { path: '/', maxAge: YEAR, sameSite: 'lax', httpOnly: false, secure: isHttps(event) });
  }
  redirect(303, safeNext(form.get('next')));
};

export const GET: RequestHandler = () => redirect(303, '/');
