import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const video = await locals.efir.library.getWatch(params.id, locals.user);
  if (!video) error(404, locals.efir ? 'watch_not_found' : 'Not found');
  return { video };
};
