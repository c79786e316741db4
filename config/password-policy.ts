/**
 * The one password policy, applied wherever a password is set: `npm run user:add`, ADMIN_PASSWORD
 * at start (loadConfig), POST /api/admin/users and any later admin page, all through
 * AuthService (createUser, upsertUser, setPassword) or passwordProblem() directly.
 * Length first (the cheapest guess-resistance there is), then a shipped list of the passwords that
 * leak lists show most (common-passwords.txt), then what an attacker tries first for an account:
 * its own email, one character repeated, a run of the keyboard.
 */
import fs from 'node:fs';

export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 1000;

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
  );
  return common;
}

/** Why this password may not be used (one sentence naming the rule), or null when it may. */
export function passwordProblem(password: string, email?: string | null): string | null {
  const chars = [...password].length;
  if (chars < PASSWORD_MIN_CHARS) return `password: must be at least ${PASSWORD_MIN_CHARS} characters (it has ${chars})`;
  if (chars > PASSWORD_MAX_CHARS) return `password: must be at most ${PASSWORD_MAX_CHARS} characters`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'password: is one of the most common passwords; choose another';
  if (new Set(lower).size <= 2) return 'password: uses only one or two different characters';
  if (email) {
    const e = email.toLowerCase();
    if (lower === e || lower === e.split('@')[0]) return 'password: must not be the email address';
  }
  return null;
}
