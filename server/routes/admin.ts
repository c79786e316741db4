/** Accounts, for admins: list them, create one (producers, moderators, other admins). */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { User } from '../repositories/users.ts';
import { PublicUser, Role, errors } from './schemas.ts';

const toPublic = (u: User) => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role, createdAt: u.createdAt.toISOString() });

export default async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { auth, users } = app.efir;
  const config = { role: 'admin' as const };

  app.get('/users', { config, schema: { response: { 200: Type.Object({ items: Type.Array(PublicUser) }), ...errors(403) } } }, async () => ({
    items: (await users.list()).map(toPublic)
  }));

  app.post(
    '/users',
    {
      config,
      schema: {
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 320 }),
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            role: Role,
            password: Type.String({ minLength: 8, maxLength: 1000 })
          },
          { additionalProperties: false }
        ),
        response: { 201: PublicUser, ...errors(400, 403, 409) }
      }
    },
    async (req, reply) => reply.status(201).send(toPublic(await auth.createUser(req.body)))
  );
}
