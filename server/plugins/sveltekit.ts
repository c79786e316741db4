/**
 * Mounts the SvelteKit app (adapter-node's build/handler.js) behind Fastify, so pages share the port
 * with the API, media and sockets. Pages reach the services through `platform.req.efir`, read in
 * web/hooks.server.ts: no HTTP round trip from a page to its own API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Efir } from '../context.ts';
import type { User } from '../repositories/users.ts';

export interface PageContext {
  efir: Efir;
  user: User | null;
  sessionId: string | null;
  csrfToken: string | null;
  viewerId: string;
  /** How the browser reached us (Fastify's request.protocol: honours TRUST_PROXY); cookies' `secure` follows it. */
  protocol: 'http' | 'https';
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * adapter-node builds each page's URL (and so its origin checks) from this request header; without
 * it every request counts as https. Fastify knows the real protocol (trustProxy), and we set the
 * header ourselves on every request, so a client cannot choose it.
 */
const PROTOCOL_HEADER = 'x-efir-protocol';
/**
 * The client's address as Fastify resolved it (trustProxy), for event.getClientAddress(): set by us
 * on every request like the protocol, so pages and the API see one address (sign-in limits).
 */
const ADDRESS_HEADER = 'x-efir-client-address';
export const HANDLER_PATH = path.join(ROOT, 'build', 'handler.js');

export default async function sveltekitPlugin(app: FastifyInstance) {
  if (!fs.existsSync(HANDLER_PATH)) {
    throw new Error(`The pages are not built (${HANDLER_PATH} is missing): run "npm run build"`);
  }
  // Read by adapter-node when its handler module loads.
  process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
  process.env.ADDRESS_HEADER = ADDRESS_HEADER;
  // adapter-node refuses form posts over 512 KB; a broadcast poster (≤ 5 MB) comes as a form post.
  process.env.BODY_SIZE_LIMIT ??= '6M';
  const { handler } = await import(pathToFileURL(HANDLER_PATH).href);

  // Leave request bodies (form posts) unread: SvelteKit reads the raw stream itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));

  app.route({
    method: ['GET', 'HEAD', 'POST'],
    url: '/*',
    handler(req, reply) {
      if (req.url.startsWith('/api/') || req.url.startsWith('/media/')) {
        return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
      }
      const ctx: PageContext = {
        efir: app.efir,
        user: req.user,
        sessionId: req.sessionId,
        csrfToken: req.csrfToken,
        viewerId: req.viewerId,
        protocol: req.protocol === 'https' ? 'https' : 'http'
      };
      (req.raw as any).efir = ctx;
      req.raw.headers[PROTOCOL_HEADER] = req.protocol;
      req.raw.headers[ADDRESS_HEADER] = req.ip;
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value as any);
      }
      reply.hijack();
      handler(req.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('Not found');
      });
    }
  });
}
