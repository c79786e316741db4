import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/**
 * The broadcast and its public questions (answered first): after the broadcast this is the whole
 * page; during it the Q&A panel takes over over its WebSocket.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
  const readable = await locals.efir.qa.service.readable(params.id);
  if (!readable) error(404, 'Broadcast not found');
  return readable;
};
