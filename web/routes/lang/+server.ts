import { redirect, type RequestHandler } from '@sveltejs/kit';
import { LANG_COOKIE, isUiLang } from '$lib/i18n/index.ts';
import { isHttps, safeNext } from '$lib/server/http.ts';

const YEAR = 365 * 24 * 3600;

/** The header's language switcher: remembers the choice for a year, then goes back to the page. */
export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const lang = form.get('lang');
  if (isUiLang(lang)) {
    event.cookies.set(LANG_COOKIE, lang, { path: '/', maxAge: YEAR, sameSite: 'lax', httpOnly: true, secure: isHttps(event) });
  }
  redirect(303, safeNext(form.get('next')));
};

export const GET: RequestHandler = () => redirect(303, '/');
