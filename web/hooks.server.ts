import { text, type Handle } from '@sveltejs/kit';
import { linkLang, pickUiLang } from '$lib/i18n/index.ts';
import { isCrossSiteFormPost } from '$lib/server/csrf.ts';
import { THEME_COOKIE, parseTheme } from '$lib/theme/theme.ts';
import { compressed } from '$lib/server/compress.ts';

/** Copies what Fastify resolved for this request (services, account, viewer id) into locals. */
export const handle: Handle = async ({ event, resolve }) => {
  const ctx = event.platform?.req?.efir;
  if (!ctx) throw new Error('Efir pages run inside the Fastify server (npm start), not on their own');
  if (isCrossSiteFormPost(event, ctx.efir.config.publicUrl)) {
    return text(`Cross-site ${event.request.method} form submissions are forbidden`, { status: 403 });
  }
  event.locals.efir = ctx.efir;
  event.locals.user = ctx.user;
  event.locals.sessionId = ctx.sessionId;
  event.locals.csrfToken = ctx.csrfToken;
  event.locals.viewerId = ctx.viewerId;
  // A shared link's `?lang=` wins for this answer (the whole page, and the card a messenger's crawler
  // builds from it, which sends no cookie); the cookie stays as it was. Not on studio pages, where
  // `?lang=` is the cue editor's subtitle track (linkLang).
  event.locals.lang = linkLang(event.url) ?? pickUiLang(event.cookies.get('efir_lang'), event.request.headers.get('accept-language'));
  // The theme goes into <html data-theme> of the first byte, so a dark page never flashes light.
  event.locals.theme = parseTheme(event.cookies.get(THEME_COOKIE));
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang).replace('%theme%', event.locals.theme)
  });
  return compressed(event.request, response);
};
