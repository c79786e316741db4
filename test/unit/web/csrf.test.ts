import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { isCrossSiteFormPost } from '../../../web/lib/server/csrf.ts';

/** `https`: what Fastify resolved (request.protocol, honouring TRUST_PROXY), handed over in the page context. */
function event(method: string, headers: Record<string, string>, https = false): RequestEvent {
  return {
    request: new Request('https://ignored.example/login', { method, headers, body: method === 'GET' ? undefined : 'a=1' }),
    platform: { req: { socket: { encrypted: false }, efir: { protocol: https ? 'https' : 'http' } } }
  } as unknown as RequestEvent;
}
const form = { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:3000' };

describe('form-post origin check', () => {
  it('lets this site post to itself over plain http (adapter-node would have assumed https)', () => {
    expect(isCrossSiteFormPost(event('POST', { ...form, origin: 'http://127.0.0.1:3000' }), undefined)).toBe(false);
  });
  it('takes the scheme Fastify resolved, never a client\'s X-Forwarded-Proto', () => {
    expect(isCrossSiteFormPost(event('POST', { ...form, origin: 'https://127.0.0.1:3000' }, true), undefined)).toBe(false);
    expect(isCrossSiteFormPost(event('POST', { ...form, origin: 'https://127.0.0.1:3000', 'x-forwarded-proto': 'https' }), undefined)).toBe(true);
    expect(isCrossSiteFormPost(event('POST', { ...form, origin: 'https://127.0.0.1:3000' }), undefined)).toBe(true);
  });
  it('accepts the configured public URL', () => {
    expect(isCrossSiteFormPost(event('POST', { ...form, origin: 'https://efir.example' }), 'https://efir.example/')).toBe(false);
  });
  it('refuses form posts from other sites or without an Origin', () => {
    expect(isCrossSiteFormPost(event('POST', { ...form, origin: 'https://evil.example' }), 'https://efir.example')).toBe(true);
    expect(isCrossSiteFormPost(event('POST', form), undefined)).toBe(true);
    expect(isCrossSiteFormPost(event('POST', { 'content-type': 'multipart/form-data; boundary=x', host: 'a', origin: 'http://b' }), undefined)).toBe(true);
  });
  it('leaves reads and JSON (the API checks its own CSRF token) alone', () => {
    expect(isCrossSiteFormPost(event('GET', { host: 'a', origin: 'http://b' }), undefined)).toBe(false);
    expect(isCrossSiteFormPost(event('POST', { 'content-type': 'application/json', host: 'a', origin: 'http://b' }), undefined)).toBe(false);
  });
});
