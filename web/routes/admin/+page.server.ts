/**
 * /admin: accounts (add, change a role, set a password, disable or enable) and a link to the job
 * queues' board (/admin/queues, served by Fastify). Admins only: the load and EVERY action check the
 * role themselves (SvelteKit runs no layout load before an action), and AccountsService checks again.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { User } from '../../../server/repositories/users.ts';
import type { AccountChange } from '../../../server/services/accounts.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  const admin = adminOf(locals);
  const users = await locals.efir.accounts.list(admin);
  return {
    me: admin.id,
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      disabled: !!u.disabledAt,
      createdAt: u.createdAt.toISOString()
    }))
  };
};

export const actions: Actions = {
  create: async ({ locals, request }) => {
    const admin = adminOf(locals);
    const form = await request.formData();
    const values = { email: text(form, 'email').trim(), displayName: text(form, 'displayName').trim(), role: text(form, 'role') };
    try {
      const user = await locals.efir.accounts.create(admin, { ...values, role: values.role as User['role'], password: text(form, 'password') });
      return { action: 'create' as const, done: 'added' as const, email: user.email };
    } catch (err) {
      return failure(err, { action: 'create' as const, values });
    }
  },
  role: async ({ locals, request }) => {
    const form = await request.formData();
    return change(locals, form, 'saved_role', { role: text(form, 'role') as User['role'] });
  },
  password: async ({ locals, request }) => {
    const form = await request.formData();
    return change(locals, form, 'saved_password', { password: text(form, 'password') });
  },
  disable: async ({ locals, request }) => {
    const form = await request.formData();
    const disabled = text(form, 'disabled') === 'true';
    return change(locals, form, disabled ? 'saved_disabled' : 'saved_enabled', { disabled });
  }
};

async function change(locals: App.Locals, form: FormData, done: 'saved_role' | 'saved_password' | 'saved_disabled' | 'saved_enabled', what: AccountChange) {
  const admin = adminOf(locals);
  const id = text(form, 'id');
  try {
    const user = await locals.efir.accounts.change(admin, id, what);
    return { action: 'change' as const, id, done, email: user.email };
  } catch (err) {
    return failure(err, { action: 'change' as const, id });
  }
}

function adminOf(locals: App.Locals): User {
  if (!locals.user || locals.user.role !== 'admin') error(403, 'Forbidden: needs the admin role');
  return locals.user;
}

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/**
 * A service error (400 weak password, 409 own account...) as the form's failure, with its code for
 * the page to translate; anything else is a bug and goes on to the error page. Duck-typed: the
 * SvelteKit bundle has its own copy of server/errors.ts, so `instanceof` would not match.
 */
function failure<T extends Record<string, unknown>>(err: unknown, extra: T) {
  const e = err as { statusCode?: unknown; code?: unknown; message?: string; details?: { field?: string } };
  if (typeof e?.statusCode === 'number' && typeof e.code === 'string' && e.statusCode >= 400 && e.statusCode < 500) {
    return fail(e.statusCode, { ...extra, problem: { code: e.code, message: e.message ?? e.code, field: e.details?.field } });
  }
  throw err;
}
