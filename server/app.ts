/**
 * The Fastify application: one encapsulated plugin per concern, registered in the order a request
 * meets them. Pages, API, media and (later) sockets share one port.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Efir } from './context.ts';
import { codeForStatus, isEfirError } from './errors.ts';
import { useDepthCheckedJson } from './json-body.ts';
import authPlugin from './plugins/auth.ts';
import authRoutes from './routes/auth.ts';
import healthRoutes from './routes/health.ts';
import { registerVideoRoutes } from './routes/index.ts';
import sveltekitPlugin from './plugins/sveltekit.ts';
import qaPlugin from './qa/plugin.ts';
import securityHeaders from './plugins/security-headers.ts';
import metricsPlugin from './plugins/metrics.ts';
import operatorQueues from './plugins/queues.ts';
import queuesBoard from './plugins/queues-board.ts';

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
  // The instance stays on Fastify's default logger and type-provider types, which every plugin
  // signature expects; route plugins opt into TypeBox themselves (withTypeProvider).
  const app: FastifyInstance = Fastify({
    loggerInstance: efir.log as FastifyBaseLogger,
    // Uploads go through tus in chunks and subtitle files through their own parser and limit;
    // everything else is small JSON (a route that takes more sets its own bodyLimit).
    bodyLimit: efir.config.jsonBodyLimit,
    // A hop count trusts that many proxies nearest to us (Fastify's types take it as a function).
    trustProxy: typeof efir.config.trustProxy === 'number' ? hopsTrusted(efir.config.trustProxy) : efir.config.trustProxy,
    ajv: {
      // Fastify's default drops unknown body fields silently; a typo ("titel") should be a 400 that
      // names the field instead of a request that seems to work and changes nothing.
      customOptions: { removeAdditional: false }
    }
  });

  await app.register(
    fp(
      async (instance) => {
        instance.decorate('efir', efir);
      },
      { name: 'efir-context' }
    )
  );
  app.setErrorHandler(errorHandler);

  await app.register(securityHeaders);
  useDepthCheckedJson(app, efir.config.jsonMaxDepth);
  await app.register(authPlugin);
  await app.register(operatorQueues);
  await app.register(metricsPlugin);
  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await registerVideoRoutes(app);
  await app.register(qaPlugin);
  await app.register(queuesBoard);
  if (opts.pages !== false) await app.register(sveltekitPlugin);
  return app;
}

/**
 * Every error a request ends with, in one shape: an EfirError with the status of its code
 * (server/errors.ts), a validation error as invalid_request naming the field, anything else 500.
 */
export function errorHandler(err: any, req: FastifyRequest, reply: FastifyReply) {
  if (isEfirError(err)) {
    if (err.details.retryAfter !== undefined) reply.header('retry-after', String(err.details.retryAfter));
    return reply.status(err.status).send(err.toBody());
  }
  if (err.validation) {
    const first = err.validation[0];
    const where = err.validationContext ?? 'request';
    const field = validationField(first);
    const problem =
      first?.keyword === 'additionalProperties' ? 'is not a known field' : (first?.message ?? err.message);
    return reply.status(400).send({
      error: {
        code: 'invalid_request',
        message: `${where}${field ? `.${field}` : ''}: ${problem}`,
        ...(field ? { field } : {}),
        params: { ...(field ? { field } : {}), ...validationRule(first) }
      }
    });
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = req.routeOptions.bodyLimit ?? req.server.efir.config.jsonBodyLimit;
    return reply.status(413).send({ error: { code: 'body_too_large', message: `The request body is over the limit of ${limit} bytes for this route`, params: { max: limit } } });
  }
  if (err.statusCode && err.statusCode < 500) {
    // Fastify's own refusals (a body too large, an unparsable one) carry FST_ codes: give them ours.
    return reply.status(err.statusCode).send({ error: { code: codeForStatus(err.statusCode), message: err.message, params: {} } });
  }
  req.log.error({ err }, 'request failed');
  return reply.status(500).send({ error: { code: 'internal', message: 'Internal error; it has been logged', params: {} } });
}

/**
 * The rule an Ajv error broke, as the field messages of web/lib/i18n/errors.ts name them: required,
 * too_long (max), too_short (min), range (min, max), format, unknown_field; `invalid` for the rest.
 */
function validationRule(e: { keyword?: string; params?: Record<string, unknown> } | undefined): Record<string, string | number> {
  const p = e?.params ?? {};
  switch (e?.keyword) {
    case 'required':
      return { rule: 'required' };
    case 'maxLength':
    case 'maxItems':
      return { rule: 'too_long', max: Number(p.limit) };
    case 'minLength':
      return Number(p.limit) <= 1 ? { rule: 'required' } : { rule: 'too_short', min: Number(p.limit) };
    case 'minimum':
    case 'maximum':
      return { rule: 'range', ...(e.keyword === 'minimum' ? { min: Number(p.limit) } : { max: Number(p.limit) }) };
    case 'additionalProperties':
      return { rule: 'unknown_field' };
    case 'format':
    case 'pattern':
      return { rule: 'format' };
    default:
      return { rule: 'invalid' };
  }
}

/** The field an Ajv error is about, dotted (`title`, `items.0.lang`), or '' for the whole object. */
function validationField(e: { instancePath?: string; params?: Record<string, unknown> } | undefined): string {
  if (!e) return '';
  const base = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra = (e.params?.missingProperty ?? e.params?.additionalProperty) as string | undefined;
  return [base, extra].filter(Boolean).join('.');
}

function hopsTrusted(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
