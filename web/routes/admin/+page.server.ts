/**
 * /admin: accounts (add, change a role, set a password, disable or enable) and a link to the job
 * queues' board (/admin/queues, served by Fastify). Admins only: the load and EVERY action check the
 * role themselves (SvelteKit runs no layout load before an action), and AccountsService checks again.
 */
import type { Actions, PageServerLoad } from './$types';
import type { User } from '../../../server/repositories/users.ts';
import type { AccountChange } from '../../../server/services/accounts.ts';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';

export const load: PageServerLoad = async (event) => {
  const { locals } = event;
  const admin = requireRole(event, 'admin');
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
  create: async (event) => {
    const { locals, request } = event;
    const admin = requireRole(event, 'admin');
    const form = await request.formData();
    const values = { email: text(form, 'email').trim(), displayName: text(form, 'displayName').trim(), role: text(form, 'role') };
    try {
      const user = await locals.efir.accounts.create(admin, { ...values, role: values.role as User['role'], password: text(form, 'password') });
      return { action: 'create' as const, done: 'added' as const, email: user.email };
    } catch (err) {
      return actionFailure(err, { action: 'create' as const, values });
    }
  },
  role: async (event) => {
    const admin = requireRole(event, 'admin');
    const form = await event.request.formData();
    return change(event.locals, admin, form, 'saved_role', { role: text(form, 'role') as User['role'] });
  },
  password: async (event) => {
    const admin = requireRole(event, 'admin');
    const form = await event.request.formData();
    return change(event.locals, admin, form, 'saved_password', { password: text(form, 'password') });
  },
  disable: async (event) => {
    const admin = requireRole(event, 'admin');
    const form = await event.request.formData();
    const disabled = text(form, 'disabled') === 'true';
    return change(event.locals, admin, form, disabled ? 'saved_disabled' : 'saved_enabled', { disabled });
  }
};

async function change(locals: App.Locals, admin: User, form: FormData, done: 'saved_role' | 'saved_password' | 'saved_disabled' | 'saved_enabled', what: AccountChange) {
  const id = text(form, 'id');
  try {
    const user = await locals.efir.accounts.change(admin, id, what);
    return { action: 'change' as const, id, done, email: user.email };
  } catch (err) {
    return actionFailure(err, { action: 'change' as const, id });
  }
}

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};
