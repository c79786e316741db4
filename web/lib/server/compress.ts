/**
 * Gzip for the pages' own answers (HTML and __data.json). The built assets are served precompressed,
 * but the HTML, rendered per request, went out as it was: 16 KB of it on the home page, half a
 * second at the 400 kbit/s our viewers often have. A CDN in front would compress it too; without one,
 * Efir does. Level 6 (zlib's default): a page compresses in well under a millisecond.
 */
const COMPRESSIBLE = /^(text\/html|application\/json)\b/i;

/** Whether the client takes gzip (`Accept-Encoding`, `q=0` refusing it). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Whether an answer is worth compressing here: a body of a page's type, not encoded already. */
export function shouldCompress(method: string, response: Response): boolean {
  return (
    method !== 'HEAD' &&
    response.body !== null &&
    response.status !== 204 &&
    response.status !== 304 &&
    !response.headers.has('content-encoding') &&
    COMPRESSIBLE.test(response.headers.get('content-type') ?? '')
  );
}

/** The page's answer gzipped when the client takes it; else as it was. */
export function compressed(request: Request, response: Response): Response {
  const headers = new Headers(response.headers);
  headers.append('vary', 'Accept-Encoding');
  if (!shouldCompress(request.method, response) || !acceptsGzip(request.headers.get('accept-encoding'))) {
    return COMPRESSIBLE.test(response.headers.get('content-type') ?? '') ? new Response(response.body, { status: response.status, statusText: response.statusText, headers }) : response;
  }
  headers.set('content-encoding', 'gzip');
  headers.delete('content-length');
  return new Response(response.body!.pipeThrough(new CompressionStream('gzip')), { status: response.status, statusText: response.statusText, headers });
}
