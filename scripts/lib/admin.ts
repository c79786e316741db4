import type { Efir } from '../../server/context.ts';

/** ADMIN_EMAIL + ADMIN_PASSWORD make (or update) the first admin at every start. */
export async function ensureAdminFromEnv(efir: Efir): Promise<void> {
  const { adminEmail, adminPassword } = efir.config;
  if (!adminEmail || !adminPassword) return;
  await efir.auth.upsertUser({ email: adminEmail, displayName: 'Admin', role: 'admin', password: adminPassword });
}
