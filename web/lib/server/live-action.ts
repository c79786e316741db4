import { error } from '@sveltejs/kit';
import { errorStatus, isEfirError } from '../../../server/errors.ts';

/** A load's 403/404 from the service as SvelteKit's error page; anything else is thrown on. */
export function loadError(err: unknown): never {
  const status = isEfirError(err) ? errorStatus(err) : 500;
  if (status === 404) error(404, 'Broadcast not found');
  if (status === 403) error(403, (err as Error).message);
  throw err;
}
