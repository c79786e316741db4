import type { RequestEvent } from '@sveltejs/kit';

/**
 * Whether the browser reached us over https, as Fastify resolved it (request.protocol: the TLS socket,
 * or X-Forwarded-Proto only from a proxy TRUST_PROXY names), handed over in the page context. The
 * header itself is never read here: any client can send it.
 */
export function isHttps(event: Pick<RequestEvent, 'platform'>): boolean {
  return event.platform?.req?.efir?.protocol === 'https';
}

/** Control characters (tab, newline…): browsers drop some inside URLs, so `/\t/host` becomes `//host`. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Any origin will do: only whether the value stays on it matters. */
const HERE = 'http://efir.invalid';

/**
 * A local path to go back to after a form post or sign-in; anything else (other sites, `//host`,
 * `/\host`, control characters) goes to `fallback`. The value is parsed as a browser would, against
 * our origin, and kept only if it stays there; what is returned is the parsed path, so the redirect
 * says exactly what was checked.
 */
export function safeNext(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || CONTROL.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  return url.pathname + url.search + url.hash;
}
