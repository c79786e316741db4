/**
 * The Fastify application: one encapsulated plugin per concern, registered in the order a request
 * meets them. Pages, API, media and (later) sockets share one port.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Efir } from './context.ts';
import { HttpError } from './errors.ts';
import authPlugin from './plugins/auth.ts';
import authRoutes from './routes/auth.ts';
import healthRoutes from './routes/health.ts';
import sveltekitPlugin from './plugins/sveltekit.ts';

declare module 'fastify' {
  interface FastifyInstance {
    efir: Efir;
  }
}

export interface BuildAppOptions {
  /** Mount the built SvelteKit app (build/handler.js); API-only tests leave it off. */
  pages?: boolean;
}

export async function buildApp(efir: Efir, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: efir.log,
    // Uploads go through tus in chunks; everything else is small JSON or a subtitle file.
    bodyLimit: Math.max(1024 * 1024, efir.config.subtitleMaxBytes + 64 * 1024),
    trustProxy: true,
    disableRequestLogging: false
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(
    fp(async (instance) => instance.decorate('efir', efir), { name: 'efir-context' })
  );
  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof HttpError) return reply.status(err.statusCode).send(err.toBody());
    if (err.validation) {
      const first = err.validation[0];
      const field = (first?.instancePath || first?.params?.missingProperty || '').replace(/^\//, '').replace(/\//g, '.');
      return reply.status(400).send({
        error: { code: 'invalid_request', message: `${err.validationContext ?? 'request'}${field ? `.${field}` : ''}: ${first?.message ?? err.message}`, field }
      });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: err.code ?? 'bad_request', message: err.message } });
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'Internal error; it has been logged' } });
  });

  await app.register(authPlugin);
  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  // Video domain routes register here (see server/routes/index.ts).
  const { registerVideoRoutes } = await import('./routes/index.ts');
  await registerVideoRoutes(app);
  if (opts.pages !== false) await app.register(sveltekitPlugin);
  return app;
}
