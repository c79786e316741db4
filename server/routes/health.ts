import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';

export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/api/health',
    {
      config: { role: 'public' },
      schema: { response: { 200: Type.Object({ ok: Type.Boolean(), db: Type.String() }) } }
    },
    async () => {
      await app.efir.db.query('select 1');
      await app.efir.redis.ping();
      return { ok: true, db: app.efir.db.kind };
    }
  );
}
