import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Twelve posters: a few screens on a phone, one page of two-three rows on a desktop. */
const PAGE_SIZE = 12;
/** A page number as people and links write it; `1e308`, `0x10` or a 20-digit number is none. */
const PAGE_PARAM = /^[1-9][0-9]{0,5}$/;

export const load: PageServerLoad = async ({ locals, url }) => {
  const raw = url.searchParams.get('page');
  if (raw !== null && !PAGE_PARAM.test(raw)) redirect(307, '/');
  const page = raw === null ? 1 : Number(raw);
  const [library, broadcasts, channel] = await Promise.all([
    locals.efir.library.listLibrary({ page, limit: PAGE_SIZE }),
    // Broadcasts head the first page only; the library is the page's reason to be, so a failure
    // here leaves it alone.
    page === 1
      ? locals.efir.live.home().catch((err: unknown) => {
          console.error('home: broadcasts failed', err);
          return { live: [], next: null };
        })
      : Promise.resolve({ live: [], next: null }),
    // The YouTube channel's upcoming and live broadcasts (mirrored), beside Efir's own; same rule.
    page === 1
      ? locals.efir.library.channelSchedule().catch((err: unknown) => {
          console.error('home: channel schedule failed', err);
          return [];
        })
      : Promise.resolve([])
  ]);
  const pages = Math.max(1, Math.ceil(library.total / PAGE_SIZE));
  if (page > pages) redirect(307, pages === 1 ? '/' : `/?page=${pages}`);
  return { items: library.items, page, pages, total: library.total, live: broadcasts.live, next: broadcasts.next, channel };
};
