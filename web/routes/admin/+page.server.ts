/**
 * /admin: accounts (add, change a role, set a password, disable or enable), a link to the job
 * queues' board (/admin/queues, served by Fastify) and the YouTube channel (its connection, the OAuth
 * account, the sync, the quota: server/youtube/admin.ts). Admins only: the load and EVERY action check the
 * role themselves (SvelteKit runs no layout load before an action), and AccountsService checks again.
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { User } from '../../../server/repositories/users.ts';
import type { AccountChange } from '../../../server/services/accounts.ts';
import { errorStatus, isEfirError } from '../../../server/errors.ts';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';

export const load: PageServerLoad = async (event) => {
  const { locals } = event;
  const admin = requireRole(event, 'admin');
  const [users, youtube] = await Promise.all([locals.efir.accounts.list(admin), locals.efir.youtube.admin.overview(admin)]);
  return {
    me: admin.id,
    youtube,
    /** Set by the OAuth callback's redirect after a consent went through. */
    youtubeConnected: event.url.searchParams.get('youtube') === 'connected',
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
  },
  // ---- the YouTube channel
  ytChannel: async (event) => {
    const admin = requireRole(event, 'admin');
    const form = await event.request.formData();
    const channelId = text(form, 'channelId');
    try {
      const saved = await event.locals.efir.youtube.admin.saveChannel(admin, { channelId, apiKey: text(form, 'apiKey') });
      return { action: 'youtube' as const, done: 'saved' as const, channelTitle: saved.channelTitle };
    } catch (err) {
      return youtubeFailure(err, { channelId });
    }
  },
  /**
   * Starts a consent: the URL of Google's consent page, which the page then opens. Not a redirect:
   * the pages' CSP (form-action 'self') stops a form post from being redirected to another site, and
   * a plain navigation to it is allowed (without JavaScript the page shows it as a link).
   */
  ytConnect: async (event) => {
    const admin = requireRole(event, 'admin');
    try {
      return { action: 'youtube' as const, consentUrl: await event.locals.efir.youtube.admin.beginOAuth(admin) };
    } catch (err) {
      return youtubeFailure(err, {});
    }
  },
  ytDisconnect: async (event) => {
    const admin = requireRole(event, 'admin');
    try {
      await event.locals.efir.youtube.admin.disconnect(admin);
      return { action: 'youtube' as const, done: 'disconnected_done' as const };
    } catch (err) {
      return youtubeFailure(err, {});
    }
  },
  ytSync: async (event) => {
    const admin = requireRole(event, 'admin');
    try {
      await event.locals.efir.youtube.admin.syncNow(admin);
      return { action: 'youtube' as const, done: 'sync_queued' as const };
    } catch (err) {
      return youtubeFailure(err, {});
    }
  }
};

/**
 * A refusal of the YouTube section as the form's problem. YouTube out of reach (503) or answering
 * nonsense (502) is a state the page explains, not a bug of ours: it stays on the page too.
 */
function youtubeFailure<T extends Record<string, unknown>>(err: unknown, extra: T) {
  if (isEfirError(err) && err.code.startsWith('youtube_') && errorStatus(err) >= 500) {
    return fail(errorStatus(err), { action: 'youtube' as const, ...extra, problem: { code: err.code, message: err.message, ...err.details } });
  }
  return actionFailure(err, { action: 'youtube' as const, ...extra });
}

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
