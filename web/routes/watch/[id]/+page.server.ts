import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const video = await locals.efir.library.getWatch(params.id, locals.user);
  // A message key: the error page shows it in the viewer's language.
  if (!video) error(404, 'watch_not_found');
  return { video };
};
