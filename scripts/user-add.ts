/**
 * npm run user:add -- EMAIL ROLE [DISPLAY NAME]   (the password is read from EFIR_PASSWORD or asked)
 * Creates an account (admin, producer or moderator). For an existing email it sets the role given
 * (and says so) and, when the password differs, the new password, ending the account's sessions.
 * The password passes the same policy as everywhere else (length, common passwords).
 */
import readline from 'node:readline/promises';
import { loadConfig } from '../config/index.ts';
import { dataPaths } from '../config/index.ts';
import { openDb } from '../server/db/index.ts';
import { migrate } from '../server/db/migrate.ts';
import { ROLES, UsersRepository, type Role } from '../server/repositories/users.ts';
import { SessionsRepository } from '../server/repositories/sessions.ts';
import { AuthService } from '../server/services/auth.ts';
import { PASSWORD_MIN_CHARS, passwordProblem } from '../config/password-policy.ts';
import { isEfirError } from '../server/errors.ts';

async function main() {
  const [email, role, ...name] = process.argv.slice(2);
  if (!email || !ROLES.includes(role as Role)) {
    console.error(`usage: npm run user:add -- EMAIL ${ROLES.join('|')} [DISPLAY NAME]`);
    process.exit(2);
  }
  let password = process.env.EFIR_PASSWORD;
  if (!password) {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question(`Password (at least ${PASSWORD_MIN_CHARS} characters, not a common one): `);
    rl.close();
  }
  // Refused before the database is opened: nothing changes for a weak password.
  const problem = passwordProblem(password, email);
  if (problem) {
    console.error(`weak_password: ${problem}`);
    process.exit(1);
  }
  const config = loadConfig();
  // Only the database is needed (with PGlite, stop a running Efir first: it holds the database).
  const db = await openDb({ databaseUrl: config.databaseUrl, pgliteDir: dataPaths(config.dataDir).db });
  try {
    await migrate(db);
    const auth = new AuthService(new UsersRepository(db), new SessionsRepository(db), { hashConcurrency: config.passwordHashConcurrency });
    const r = await auth.upsertUser({ email, role: role as Role, displayName: name.join(' ') || email.split('@')[0], password });
    if (r.roleChangedFrom) console.error(`${r.user.email}: role changed from ${r.roleChangedFrom} to ${r.user.role}`);
    if (r.passwordChanged) console.error(`${r.user.email}: password changed; ${r.sessionsEnded} session(s) ended`);
    console.log(
      JSON.stringify({
        id: r.user.id,
        email: r.user.email,
        role: r.user.role,
        created: r.created,
        passwordChanged: r.passwordChanged,
        roleChangedFrom: r.roleChangedFrom,
        sessionsEnded: r.sessionsEnded
      })
    );
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(isEfirError(err) ? `${err.code}: ${err.message}` : (err.message ?? err));
  process.exit(1);
});
