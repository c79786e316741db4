import type { RequestEvent } from '@sveltejs/kit';

/**
 * Whether the browser reached us over https: directly (TLS socket) or through a proxy that says so.
 * Fastify trusts the proxy (trustProxy), so its x-forwarded-proto is believed here too.
 */
export function isHttps(event: RequestEvent): boolean {
  const forwarded = event.request.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0].trim() === 'https';
  const socket = event.platform?.req?.socket as { encrypted?: boolean } | undefined;
  return !!socket?.encrypted;
}

/** A local path to go back to after a form post; anything else (other sites, //host) goes home. */
export function safeNext(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
