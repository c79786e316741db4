/**
 * Accounts, for admins: list them, create one (producers, moderators, other admins), change a role,
 * reset a password, disable or enable one. AccountsService checks the admin role again.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { User } from '../repositories/users.ts';
import { PublicUser, Role, errors } from './schemas.ts';

const toPublic = (u: User) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  createdAt: u.createdAt.toISOString(),
  disabled: !!u.disabledAt
});

const AdminUser = Type.Object({ ...PublicUser.properties, disabled: Type.Boolean() });

export default async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = app.efir;
  const config = { role: 'admin' as const };

  app.get('/users', { config, schema: { response: { 200: Type.Object({ items: Type.Array(AdminUser) }), ...errors(403) } } }, async (req) => ({
    items: (await accounts.list(req.user)).map(toPublic)
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
        response: { 201: AdminUser, ...errors(400, 403, 409) }
      }
    },
    async (req, reply) => reply.status(201).send(toPublic(await accounts.create(req.user, req.body)))
  );

  // One PATCH for the three changes an admin makes; any of them ends the account's sessions
  // (enabling an account again does not: it had none).
  app.patch(
    '/users/:id',
    {
      config,
      schema: {
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object(
          {
            role: Type.Optional(Role),
            disabled: Type.Optional(Type.Boolean()),
            password: Type.Optional(Type.String({ minLength: 8, maxLength: 1000 }))
          },
          { additionalProperties: false }
        ),
        response: { 200: AdminUser, ...errors(400, 403, 404, 409) }
      }
    },
    async (req) => toPublic(await accounts.change(req.user, req.params.id, req.body))
  );
}
