import type { PageServerLoad } from './$types';
import { broadcastView } from '../../../server/qa/views.ts';

/** Live, scheduled and past broadcasts, live first. */
export const load: PageServerLoad = async ({ locals }) => ({
  broadcasts: (await locals.efir.qa.service.repo.listBroadcasts()).map((b) => broadcastView(b, false))
});
