/**
 * Headers every answer carries, pages, API and media alike: no MIME sniffing (a subtitle or JSON
 * body is never run as a script or page), referrers cut to the origin when leaving the site (a
 * watch URL with its query stays here), and no framing by other sites (clickjacking of the studio's
 * buttons). The pages' Content-Security-Policy comes from SvelteKit (kit.csp in svelte.config.js,
 * with a nonce for its own inline script); JSON answers get a policy that allows nothing, so one
 * opened as a document runs nothing.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

async function securityHeaders(app: FastifyInstance) {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    // For browsers that predate CSP's frame-ancestors (the pages' policy says the same).
    reply.header('x-frame-options', 'DENY');
    if (req.url.startsWith('/api/')) reply.header('content-security-policy', API_CSP);
  });
}

export default fp(securityHeaders, { name: 'security-headers' });
