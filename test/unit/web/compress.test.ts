import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compressed, shouldCompress } from '../../../web/lib/server/compress.ts';

const page = (body: string | null, headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' }, status = 200) => new Response(body, { status, headers });
const get = (acceptEncoding?: string, method = 'GET') => new Request('http://efir.test/', { method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as browsers and fetch send it, q=0 refusing', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe('shouldCompress', () => {
  it('pages and their data, not HEAD, empty, already encoded or other types', () => {
    expect(shouldCompress('GET', page('<p>x</p>'))).toBe(true);
    expect(shouldCompress('GET', page('{}', { 'content-type': 'application/json' }))).toBe(true);
    expect(shouldCompress('HEAD', page('<p>x</p>'))).toBe(false);
    expect(shouldCompress('GET', page(null, {}, 304))).toBe(false);
    expect(shouldCompress('GET', page('x', { 'content-type': 'text/html', 'content-encoding': 'br' }))).toBe(false);
    expect(shouldCompress('GET', page('x', { 'content-type': 'image/jpeg' }))).toBe(false);
  });
});

describe('compressed', () => {
  it('gzips a page for a client that takes it, keeping status and headers, naming the encoding and Vary', async () => {
    const html = '<!doctype html><p>Патент: первые шаги</p>'.repeat(50);
    const res = compressed(get('gzip, deflate'), page(html, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(html)), 'x-efir': '1' }, 404));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('x-efir')).toBe('1');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(Buffer.byteLength(html) / 5);
    expect(gunzipSync(body).toString('utf8')).toBe(html);
  });

  it('leaves the page as it was for a client without gzip, but says it varies', async () => {
    const res = compressed(get(), page('<p>x</p>'));
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    expect(await res.text()).toBe('<p>x</p>');
  });
});
