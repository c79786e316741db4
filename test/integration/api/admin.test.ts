/**
 * Accounts managed by admins through /api/admin/users: a role change, a password reset and disabling
 * each end the account's sessions; a disabled account cannot sign in; an admin cannot lock themselves
 * out; the service refuses non-admins itself, whatever route called it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { PASSWORD, api, signIn, type Session } from './helpers.ts';

let t: TestEfir;
let admin: Session;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  admin = await signIn(t, 'admin');
});
afterAll(async () => t?.close());

const me = async (s: Session) => (await api(t, s, 'GET', '/api/auth/me')).body.user;
const login = async (email: string, password: string) => (await api(t, null, 'POST', '/api/auth/login', { email, password })).status;
const emailOf = async (id: string) => (await t.efir.users.get(id))!.email;

test('a role change ends the account’s sessions and takes effect at the next sign-in', async () => {
  const producer = await signIn(t, 'producer');
  expect((await me(producer)).role).toBe('producer');
  const res = await api(t, admin, 'PATCH', `/api/admin/users/${producer.userId}`, { role: 'moderator' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id: producer.userId, role: 'moderator', disabled: false });
  expect(await me(producer)).toBeNull();
  expect((await api(t, producer, 'GET', '/api/studio/videos')).status).toBe(403);
  expect(await login(await emailOf(producer.userId!), PASSWORD)).toBe(200);
});

test('a password reset follows the password rule, ends the sessions and only the new password signs in', async () => {
  const mod = await signIn(t, 'moderator');
  const weak = await api(t, admin, 'PATCH', `/api/admin/users/${mod.userId}`, { password: 'short' });
  expect(weak.status).toBe(400);
  expect(weak.body.error.field).toBe('password');
  expect(await me(mod)).not.toBeNull();

  const res = await api(t, admin, 'PATCH', `/api/admin/users/${mod.userId}`, { password: 'a new long passphrase' });
  expect(res.status).toBe(200);
  expect(await me(mod)).toBeNull();
  const email = await emailOf(mod.userId!);
  expect(await login(email, PASSWORD)).toBe(401);
  expect(await login(email, 'a new long passphrase')).toBe(200);
});

test('a disabled account loses its sessions and cannot sign in until enabled again', async () => {
  const producer = await signIn(t, 'producer');
  const email = await emailOf(producer.userId!);
  const res = await api(t, admin, 'PATCH', `/api/admin/users/${producer.userId}`, { disabled: true });
  expect(res.status).toBe(200);
  expect(res.body.disabled).toBe(true);
  expect(await me(producer)).toBeNull();
  expect(await login(email, PASSWORD)).toBe(401);
  const list = await api(t, admin, 'GET', '/api/admin/users');
  expect(list.body.items.find((u: any) => u.id === producer.userId).disabled).toBe(true);

  expect((await api(t, admin, 'PATCH', `/api/admin/users/${producer.userId}`, { disabled: false })).status).toBe(200);
  expect(await login(email, PASSWORD)).toBe(200);
});

test('an admin cannot demote or disable their own account', async () => {
  for (const body of [{ role: 'producer' }, { disabled: true }]) {
    const res = await api(t, admin, 'PATCH', `/api/admin/users/${admin.userId}`, body);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('own_account');
  }
  expect((await me(admin)).role).toBe('admin');
});

test('bad changes are refused with the field named', async () => {
  const producer = await signIn(t, 'producer');
  expect((await api(t, admin, 'PATCH', `/api/admin/users/${producer.userId}`, {})).status).toBe(400);
  const role = await api(t, admin, 'PATCH', `/api/admin/users/${producer.userId}`, { role: 'owner' });
  expect(role.status).toBe(400);
  expect(role.body.error.field).toBe('role');
  expect((await api(t, admin, 'PATCH', '/api/admin/users/nobody', { role: 'producer' })).status).toBe(404);
});

test('the service itself refuses anyone but an admin', async () => {
  const producer = await signIn(t, 'producer');
  const asProducer = (await t.efir.users.get(producer.userId!))!;
  await expect(t.efir.accounts.change(asProducer, producer.userId!, { role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
  await expect(t.efir.accounts.list(null)).rejects.toMatchObject({ code: 'forbidden' });
  await expect(
    t.efir.accounts.create(asProducer, { email: 'x@example.test', displayName: 'x', role: 'admin', password: 'long enough pw' })
  ).rejects.toMatchObject({ code: 'forbidden' });
  expect((await t.efir.users.get(producer.userId!))!.role).toBe('producer');
});
