/**
 * The /admin page (built SvelteKit pages: run `npx vite build` first): its load, its data request and
 * every form action for every role. Only an admin gets through; anonymous visitors are sent to sign in
 * (page) or refused (data request, actions), producers and moderators get 403, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { PASSWORD, signIn, viewer, type Session } from '../api/helpers.ts';

let t: TestEfir;
let admin: Session;
beforeAll(async () => {
  t = await startTestEfir({ pages: true, worker: false });
  admin = await signIn(t, 'admin');
});
afterAll(async () => t?.close());

async function page(s: Session, path: string) {
  const res = await fetch(`${t.baseUrl}${path}`, { headers: { cookie: s.cookie }, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** A form post as the browser's enhance() sends it: same origin, and the answer as JSON. */
async function action(s: Session, name: string, fields: Record<string, string>) {
  const res = await fetch(`${t.baseUrl}/admin?/${name}`, {
    method: 'POST',
    headers: {
      cookie: s.cookie,
      origin: t.baseUrl,
      accept: 'application/json',
      'x-sveltekit-action': 'true',
      'content-type': 'application/x-www-form-urlencoded'
    },
    body: new URLSearchParams(fields),
    redirect: 'manual'
  });
  const body = (await res.json()) as { type: string; status?: number; data?: string; error?: { message: string } };
  // SvelteKit answers an enhanced action with 200 and the outcome inside; its data is devalue-encoded.
  return { status: body.status ?? res.status, type: body.type, data: body.data ? decode(body.data) : null };
}

/** devalue's flat array form back to an object (enough for the plain objects the actions return). */
function decode(data: string): any {
  const table = JSON.parse(data) as unknown[];
  const hydrate = (i: number): any => {
    const v = table[i];
    if (Array.isArray(v)) return v.map((j) => hydrate(j as number));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, j]) => [k, hydrate(j as number)]));
    return v;
  };
  return hydrate(0);
}

const user = async (id: string) => (await t.efir.users.get(id))!;

describe.each(['anonymous', 'producer', 'moderator'] as const)('as %s', (who) => {
  test('the page, its data request and every action are refused, and nothing changes', async () => {
    const s = who === 'anonymous' ? await viewer(t) : await signIn(t, who);
    const target = await signIn(t, 'producer');

    const get = await page(s, '/admin');
    if (who === 'anonymous') {
      expect(get.status).toBe(303);
      expect(get.location).toBe('/login?next=%2Fadmin');
    } else {
      expect(get.status).toBe(403);
      expect(get.text).not.toContain(target.userId!);
    }
    const data = await page(s, '/admin/__data.json?x-sveltekit-invalidated=01');
    expect(data.text).not.toContain(target.userId!);
    if (who !== 'anonymous') expect(data.text).toMatch(/"status":403|needs the admin role/);

    const attempts: [string, Record<string, string>][] = [
      ['create', { email: `made-by-${who}@example.test`, displayName: 'x', role: 'admin', password: 'long enough pw' }],
      ['role', { id: target.userId!, role: 'admin' }],
      ['password', { id: target.userId!, password: 'taken over by me' }],
      ['disable', { id: target.userId!, disabled: 'true' }]
    ];
    for (const [name, fields] of attempts) {
      const res = await action(s, name, fields);
      expect(res.status, name).toBe(403);
      expect(res.type, name).toBe('error');
    }
    const after = await user(target.userId!);
    expect(after.role).toBe('producer');
    expect(after.disabledAt).toBeNull();
    expect(await t.efir.users.findByEmailWithHash(`made-by-${who}@example.test`)).toBeNull();
    expect(await t.efir.auth.login(after.email, PASSWORD, '127.0.0.1')).not.toBeNull();
  });
});

describe('as an admin', () => {
  test('the page lists the accounts and links the job queues', async () => {
    const res = await page(admin, '/admin');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/admin/queues"');
    expect(res.text).toContain((await user(admin.userId!)).email);
  });

  test('add, change a role, set a password, disable and enable: each through its action', async () => {
    const email = `new-${Date.now()}@example.test`;
    const created = await action(admin, 'create', { email, displayName: 'New one', role: 'moderator', password: 'a good long password' });
    expect(created).toMatchObject({ status: 200, type: 'success', data: { done: 'added', email } });
    const id = (await t.efir.users.findByEmailWithHash(email))!.id;

    expect(await action(admin, 'role', { id, role: 'producer' })).toMatchObject({ type: 'success', data: { done: 'saved_role' } });
    expect((await user(id)).role).toBe('producer');

    const weak = await action(admin, 'password', { id, password: 'short' });
    expect(weak).toMatchObject({ status: 400, type: 'failure', data: { problem: { code: 'weak_password', field: 'password' } } });
    expect(await action(admin, 'password', { id, password: 'another long password' })).toMatchObject({ type: 'success' });
    expect(await t.efir.auth.login(email, 'another long password', '127.0.0.1')).not.toBeNull();

    expect(await action(admin, 'disable', { id, disabled: 'true' })).toMatchObject({ type: 'success', data: { done: 'saved_disabled' } });
    expect(await t.efir.auth.login(email, 'another long password', '127.0.0.1')).toBeNull();
    expect(await action(admin, 'disable', { id, disabled: 'false' })).toMatchObject({ type: 'success', data: { done: 'saved_enabled' } });
    expect(await t.efir.auth.login(email, 'another long password', '127.0.0.1')).not.toBeNull();
  });

  test('a service refusal comes back as the form’s problem with its code', async () => {
    const own = await action(admin, 'disable', { id: admin.userId!, disabled: 'true' });
    expect(own).toMatchObject({ status: 409, type: 'failure', data: { problem: { code: 'own_account' } } });
    const taken = await action(admin, 'create', { email: (await user(admin.userId!)).email, displayName: 'x', role: 'producer', password: 'long enough pw' });
    expect(taken).toMatchObject({ status: 409, data: { problem: { code: 'email_taken' }, values: { displayName: 'x' } } });
  });
});
