import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { resultsHref } from '$lib/search/view.ts';

/** A page number as people and links write it; `1e308`, `0x10` or a 20-digit number is none. */
const PAGE_PARAM = /^[1-9][0-9]{0,5}$/;

/**
 * /search?q=…&page=N: public, rendered on the server (the header's box is a plain GET form, so this
 * works without JavaScript and the URL is the result to share). The service decides everything about
 * the query (normalising, cutting, `no_words`); no query at all is the page's invitation, not a search.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const q = url.searchParams.get('q') ?? '';
  const raw = url.searchParams.get('page');
  if (raw !== null && !PAGE_PARAM.test(raw)) redirect(307, resultsHref(url, 1));
  const page = raw === null ? 1 : Number(raw);
  if (q.trim() === '') return { q: '', result: null, pages: 0 };
  const result = await locals.efir.search.search({ q, page, lang: locals.lang, scope: 'library' }, locals.user);
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  // Past the last page (a shared link after videos were hidden): the last one there is.
  if (result.total > 0 && page > pages) redirect(307, resultsHref(url, pages));
  return { q, result, pages };
};
