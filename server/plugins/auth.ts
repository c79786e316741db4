/**
 * Who is asking: a signed-in account (session cookie) or an anonymous viewer (signed viewer cookie).
 * Every /api and /media route must declare `config.role`; a missing or unknown declaration stops the
 * server at start rather than leaving a route open by mistake.
 * The role check runs in onRequest, before the body is read or validated: a viewer learns nothing
 * from a producer route (403, never a 400 describing its body), and an upload's bytes are not read
 * for someone who may not send them.
 * State-changing API calls from a session carry its CSRF token in `x-csrf-token`.
 */
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newToken } from '../ids.ts';
import type { User } from '../repositories/users.ts';
import { hasRole, type RoleRequirement } from '../services/auth.ts';
import { EfirError } from '../errors.ts';
import { SESSION_TTL_MS } from '../repositories/sessions.ts';

export const SESSION_COOKIE = 'efir_session';
export const VIEWER_COOKIE = 'efir_viewer';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ROLES: readonly RoleRequirement[] = ['public', 'signed-in', 'admin', 'producer', 'moderator'];
/**
 * Paths whose routes must say who may call them (pages do their own checks in SvelteKit): the API,
 * media, the operators' endpoints and the job queues' board.
 */
const GUARDED = /^\/(api|media|metrics|health)(\/|$)|^\/admin\/queues(\/|$)/;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; required on every /api route. */
    role?: RoleRequirement;
    /** Skip the CSRF check (sign-in, which has no session yet). */
    csrf?: false;
  }
  interface FastifyRequest {
    user: User | null;
    sessionId: string | null;
    csrfToken: string | null;
    /** Stable anonymous identity of this browser, from a signed cookie. */
    viewerId: string;
  }
}

export default fp(
  async function authPlugin(app: FastifyInstance) {
    const { config, auth } = app.efir;
    await app.register(cookie, { secret: app.efir.secret });
    const secure = config.publicUrl.startsWith('https:');

    app.decorateRequest('user', null);
    app.decorateRequest('sessionId', null);
    app.decorateRequest('csrfToken', null);
    app.decorateRequest('viewerId', '');

    // Every route with the role it declared, as registered: tests walk it to prove each guarded route
    // refuses whoever lacks the role, and it is the API table's source of truth.
    const routeTable: RouteRole[] = [];
    app.decorate('routeTable', routeTable);
    app.addHook('onRoute', function (route) {
      const defaults = (this as ScopedInstance)[SCOPE_ROUTE_CONFIG];
      if (defaults) route.config = { ...defaults, ...route.config };
      const role = route.config?.role;
      for (const method of ([] as string[]).concat(route.method)) {
        routeTable.push({ method, url: route.url, role: role ?? null, websocket: !!(route as { websocket?: boolean }).websocket });
      }
      if (!GUARDED.test(route.url)) return;
      if (!role || !ROLES.includes(role)) {
        const methods = ([] as string[]).concat(route.method).join(',');
        throw new Error(
          `Route ${methods} ${route.url} must declare config.role (one of ${ROLES.join(', ')}); got ${JSON.stringify(role ?? null)}`
        );
      }
    });

    app.addHook('onRequest', async (req, reply) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) {
        const session = await auth.findSession(sid);
        if (session) {
          req.user = session.user;
          req.sessionId = session.id;
          req.csrfToken = session.csrfToken;
        }
      }
      const signed = req.cookies[VIEWER_COOKIE] ? req.unsignCookie(req.cookies[VIEWER_COOKIE]!) : null;
      if (signed?.valid && signed.value) {
        req.viewerId = signed.value;
      } else {
        req.viewerId = newToken().slice(0, 22);
        // Set as a raw header (not reply.setCookie) so it also reaches pages served by the
        // hijacked SvelteKit handler, which skips Fastify's onSend hooks.
        reply.header(
          'set-cookie',
          app.serializeCookie(VIEWER_COOKIE, app.signCookie(req.viewerId), {
            httpOnly: true,
            sameSite: 'lax',
            secure,
            path: '/',
            maxAge: 365 * 24 * 3600
          })
        );
      }

      // Same hook, after the identity is known and before any body is read (see the top).
      const role = req.routeOptions.config?.role;
      if (!role) return; // pages and the not-found handler
      if (!hasRole(req.user, role)) {
        throw new EfirError('forbidden', role === 'signed-in' ? 'Sign in first' : `Forbidden: needs the ${role} role`);
      }
      if (UNSAFE.has(req.method) && req.sessionId && req.routeOptions.config.csrf !== false) {
        checkCsrf(req);
      }
    });

    app.decorate('sessionCookie', {
      set(reply: any, id: string) {
        reply.setCookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_TTL_MS / 1000 });
      },
      clear(reply: any) {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    });
  },
  { name: 'efir-auth', dependencies: ['efir-context'] }
);

const SCOPE_ROUTE_CONFIG = Symbol('efir.scopeRouteConfig');
type ScopedInstance = FastifyInstance & { [SCOPE_ROUTE_CONFIG]?: { role: RoleRequirement; csrf?: false } };

/**
 * Gives every route later registered in `scope` (an encapsulated plugin) and its children this role
 * (and CSRF choice) unless the route declares its own: for a third-party plugin's routes, such as
 * bull-board's, that cannot declare one themselves. Children see it through the prototype chain.
 */
export function scopeRouteConfig(scope: FastifyInstance, config: { role: RoleRequirement; csrf?: false }): void {
  (scope as ScopedInstance)[SCOPE_ROUTE_CONFIG] = config;
}

export function checkCsrf(req: FastifyRequest): void {
  const sent = req.headers['x-csrf-token'];
  if (!req.csrfToken || sent !== req.csrfToken) {
    throw new EfirError('csrf', 'Missing or wrong x-csrf-token header: reload the page and try again');
  }
}

export interface RouteRole {
  method: string;
  url: string;
  role: RoleRequirement | null;
  websocket: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteRole[];
    sessionCookie: { set(reply: unknown, id: string): void; clear(reply: unknown): void };
  }
}
