import type { RequestEvent } from '@sveltejs/kit';
import { isHttps } from './http.ts';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A form post from another site (the CSRF that SameSite=Lax cookies do not stop for top-level POSTs
 * in older browsers): refused unless its Origin is this site as the browser reached it (scheme from
 * the socket or the trusted proxy, host from the Host header) or the configured PUBLIC_URL.
 * This is SvelteKit's origin check with the scheme told right (see svelte.config.js).
 */
export function isCrossSiteFormPost(event: RequestEvent, publicUrl: string | undefined): boolean {
  const { request } = event;
  if (!UNSAFE.has(request.method)) return false;
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return false;
  const origin = request.headers.get('origin');
  if (!origin) return true; // every browser sends Origin on a POST; a form post without one is not a browser's
  const host = request.headers.get('host');
  const own = host ? `${isHttps(event) ? 'https' : 'http'}://${host}` : null;
  let configured: string | null = null;
  try {
    configured = publicUrl ? new URL(publicUrl).origin : null;
  } catch {
    /* config validated it already */
  }
  return origin !== own && origin !== configured;
}
