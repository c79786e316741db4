import type { PageServerLoad } from './$types';

/** Public: the collections viewers can browse (the channel's playlists first, then producers' series). */
export const load: PageServerLoad = async ({ locals }) => ({ collections: await locals.efir.collections.listPublic() });
