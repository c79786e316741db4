/**
 * Where an account goes after signing in (pure; unit-tested in test/unit/web/sign-in-home.test.ts):
 * the page it was sent away from when its role may open it, else its role's home. A moderator asked
 * for the studio (a bookmark, an old link) would only meet a 403 there; the console is their home.
 */
import { safeNext } from '../server/http.ts';

type Role = string;

/** Each role's first page: admins and producers the studio, moderators the broadcasts' consoles. */
export function homeFor(role: Role): string {
  if (role === 'admin' || role === 'producer') return '/studio';
  if (role === 'moderator') return '/console';
  return '/';
}

/** Whether `role` may open `path` at all (the pages check again; this only avoids sending to a 403). */
export function roleMayOpen(role: Role, path: string): boolean {
  const under = (p: string) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`);
  if (role === 'admin') return true;
  if (under('/admin')) return false;
  if (under('/studio')) return role === 'producer';
  if (under('/console')) return role === 'producer' || role === 'moderator';
  return true;
}

/** `next` as asked for (checked to stay on this site), or the role's home. */
export function afterSignIn(role: Role, next: FormDataEntryValue | string | null | undefined): string {
  const asked = next ? safeNext(next, '') : '';
  return asked && roleMayOpen(role, asked) ? asked : homeFor(role);
}
