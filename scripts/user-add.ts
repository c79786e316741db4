/**
 * npm run user:add -- EMAIL ROLE [DISPLAY NAME]   (the password is read from EFIR_PASSWORD or asked)
 * Creates an account (admin, producer or moderator), or resets its password if it exists.
 */
import readline from 'node:readline/promises';
import { loadConfig } from '../server/config.ts';
import { dataPaths } from '../server/config.ts';
import { openDb } from '../server/db/index.ts';
import { migrate } from '../server/db/migrate.ts';
import { ROLES, UsersRepository, type Role } from '../server/repositories/users.ts';
import { SessionsRepository } from '../server/repositories/sessions.ts';
import { AuthService } from '../server/services/auth.ts';

async function main() {
  const [email, role, ...name] = process.argv.slice(2);
  if (!email || !ROLES.includes(role as Role)) {
    console.error(`usage: npm run user:add -- EMAIL ${ROLES.join('|')} [DISPLAY NAME]`);
    process.exit(2);
  }
  let password = process.env.EFIR_PASSWORD;
  if (!password) {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question('Password (at least 8 characters): ');
    rl.close();
  }
  const config = loadConfig();
  // Only the database is needed (with PGlite, stop a running Efir first: it holds the database).
  const db = await openDb({ databaseUrl: config.databaseUrl, pgliteDir: dataPaths(config.dataDir).db });
  try {
    await migrate(db);
    const auth = new AuthService(new UsersRepository(db), new SessionsRepository(db));
    const user = await auth.upsertUser({ email, role: role as Role, displayName: name.join(' ') || email.split('@')[0], password });
    console.log(JSON.stringify({ id: user.id, email: user.email, role: user.role }));
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
