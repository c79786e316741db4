import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EfirError } from '../errors.ts';

const PublicUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('producer'), Type.Literal('moderator')])
});
const Me = Type.Object({ user: Type.Union([PublicUser, Type.Null()]), csrfToken: Type.Union([Type.String(), Type.Null()]) });

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { auth } = app.efir;

  app.post(
    '/login',
    {
      config: { role: 'public', csrf: false },
      schema: {
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: Me }
      }
    },
    async (req, reply) => {
      const session = await auth.login(req.body.email, req.body.password, req.ip);
      if (!session) throw new EfirError('bad_credentials', 'Wrong email or password');
      app.sessionCookie.set(reply, session.id);
      const { id, email, displayName, role } = session.user;
      return { user: { id, email, displayName, role }, csrfToken: session.csrfToken };
    }
  );

  app.post('/logout', { config: { role: 'signed-in' }, schema: { response: { 204: Type.Null() } } }, async (req, reply) => {
    if (req.sessionId) await auth.logout(req.sessionId);
    app.sessionCookie.clear(reply);
    return reply.status(204).send(null);
  });

  app.get('/me', { config: { role: 'public' }, schema: { response: { 200: Me } } }, async (req) => {
    if (!req.user) return { user: null, csrfToken: null };
    const { id, email, displayName, role } = req.user;
    return { user: { id, email, displayName, role }, csrfToken: req.csrfToken };
  });
}
