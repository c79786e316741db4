/** POST /api/admin/users goes through the one password policy (issue 10: an admin's `12345678` was accepted). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, signIn } from './helpers.ts';

let t: TestEfir;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

test('an admin creating an account with a common password gets 400 weak_password naming the field', async () => {
  const admin = await signIn(t, 'admin');
  const weak = await api(t, admin, 'POST', '/api/admin/users', { email: 'new-admin@example.test', displayName: 'New', role: 'admin', password: '12345678' });
  expect(weak.status).toBe(400);
  expect(weak.body.error).toMatchObject({ code: 'weak_password', field: 'password' });
  const ok = await api(t, admin, 'POST', '/api/admin/users', { email: 'new-admin@example.test', displayName: 'New', role: 'admin', password: 'a long admin passphrase' });
  expect(ok.status).toBe(201);
});
