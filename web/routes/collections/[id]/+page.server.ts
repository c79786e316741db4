import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Public: one collection's visible videos in their order; 404 for one viewers cannot browse (hidden, empty, none). */
export const load: PageServerLoad = async ({ locals, params }) => {
  const found = await locals.efir.collections.getPublic(params.id);
  if (!found) error(404, 'Collection not found');
  return found;
};
