import crypto from 'node:crypto';
/**
 * Every page load, data request (__data.json, with and without the layouts) and form action of every
 * route under web/routes, for every kind of visitor, as api/roles.test.ts does for /api. The routes
 * and their actions are read from the files (routes.ts), and each must have a row in POLICY: a new
 * route or action fails here until someone decides who may use it, and then it is walked.
 *
 * Refused means: an anonymous page load goes to /login; anything else answers 403 (404 where the
 * service hides what is not yours) and changes nothing. The actions are sent with a form that would
 * succeed (a new title, a poster, a key rotation), so a check that lets the wrong role through shows.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { createDraft, fakePublishedRevision, signIn, viewer, type Session } from '../api/helpers.ts';
import { listRoutes, type PageRoute } from './routes.ts';

const WHO = ['anonymous', 'viewer', 'moderator', 'owner', 'producer', 'admin'] as const;
type Who = (typeof WHO)[number];
const EVERYONE: Who[] = [...WHO];
const PRODUCERS: Who[] = ['owner', 'producer', 'admin'];
const OWNER: Who[] = ['owner', 'admin'];

interface Policy {
  /** Who may load the page (its load, its data request). */
  load?: Who[];
  actions?: Record<string, Who[]>;
  endpoint?: Record<string, Who[]>;
}

/**
 * Who may do what. `owner` is the producer of the broadcast and video the routes are called with,
 * `producer` another producer; admins pass everything. Moderators curate the Q&A of every broadcast
 * (the console) and manage nothing (docs/qa-protocol.md).
 */
const ADMIN: Who[] = ['admin'];

const POLICY: Record<string, Policy> = {
  '/': { load: EVERYONE },
  '/collections': { load: EVERYONE },
  '/collections/[id]': { load: EVERYONE },
  '/admin': {
    load: ADMIN,
    actions: { create: ADMIN, role: ADMIN, password: ADMIN, disable: ADMIN, ytChannel: ADMIN, ytConnect: ADMIN, ytDisconnect: ADMIN, ytSync: ADMIN }
  },
  '/admin/youtube/oauth': { load: ADMIN },
  '/console': { load: ['moderator', ...PRODUCERS], actions: { create: PRODUCERS, state: OWNER } },
  '/console/[id]': { load: ['moderator', ...OWNER] },
  '/lang': { endpoint: { GET: EVERYONE, POST: EVERYONE } },
  '/live': { load: EVERYONE },
  '/live/[id]': { load: EVERYONE },
  '/login': { load: EVERYONE, actions: { default: EVERYONE } },
  '/logout': { load: EVERYONE, actions: { default: EVERYONE } },
  '/search': { load: EVERYONE },
  '/theme': { endpoint: { GET: EVERYONE, POST: EVERYONE } },
  '/studio': { load: PRODUCERS, actions: { create: PRODUCERS, publish: OWNER, unpublish: OWNER, delete: OWNER, publishYoutube: OWNER, variants: OWNER } },
  '/studio/broadcasts': { load: PRODUCERS, actions: { create: PRODUCERS } },
  '/studio/broadcasts/[id]': { load: OWNER, actions: { update: OWNER, poster: OWNER, rotate: OWNER, end: OWNER } },
  '/studio/collections': { load: PRODUCERS, actions: { create: PRODUCERS } },
  '/studio/videos/[id]': { load: OWNER, actions: { save: OWNER } },
  '/studio/videos/[id]/subtitles': { load: OWNER },
  '/studio/collections/[id]': { load: OWNER, actions: { update: OWNER, delete: OWNER, add: OWNER, remove: OWNER, move: OWNER } },
  '/watch/[id]': { load: EVERYONE }
};

let t: TestEfir;
let routes: PageRoute[];
const sessions = new Map<Who, Session | null>();
let broadcastId: string;
let videoId: string;
let collectionId: string;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000000000200015e2d4f0e0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  routes = listRoutes();
  t = await startTestEfir({ pages: true, worker: false });
  sessions.set('anonymous', null);
  sessions.set('viewer', await viewer(t));
  for (const who of ['moderator', 'owner', 'producer', 'admin'] as const) sessions.set(who, await signIn(t, who === 'owner' ? 'producer' : who));
  const owner = (await t.efir.users.get(sessions.get('owner')!.userId!))!;
  broadcastId = (await t.efir.live.createBroadcast(owner, { title: 'Original title' })).id;
  videoId = await createDraft(t, sessions.get('owner')!, 'Owner video');
  await fakePublishedRevision(t, videoId);
  collectionId = (await t.efir.collections.create(owner, { title: 'Owner series' })).id;
  await t.efir.collections.addVideo(owner, collectionId, videoId);
});
afterAll(async () => t?.close());

/** A concrete path for a route id: every [param] is the owner's broadcast (or video, for /watch; collection, for collections). */
function pathOf(id: string): string {
  return id.replace(/\[(\w+)\]/g, () => (id.startsWith('/watch') || id.startsWith('/studio/videos') ? videoId : /^\/(studio\/)?collections/.test(id) ? collectionId : broadcastId));
}

/** Deleting a collection needs one of its own each time, so one role's delete does not decide the next one's answer. */
async function actionPathOf(id: string, action: string | null): Promise<string> {
  if (id !== '/studio/collections/[id]' || action !== 'delete') return pathOf(id);
  const owner = (await t.efir.users.get(sessions.get('owner')!.userId!))!;
  return `/studio/collections/${(await t.efir.collections.create(owner, { title: 'To delete' })).id}`;
}

function headers(s: Session | null, extra: Record<string, string> = {}): Record<string, string> {
  return { ...(s ? { cookie: s.cookie } : {}), origin: t.baseUrl, ...extra };
}

/** What the owner's broadcast looks like now: a refused action must leave it so. */
async function state() {
  const [b] = await t.efir.db.query<any>('select title, stream_key, state, poster_path from broadcasts where id = $1', [broadcastId]);
  const videos = await t.efir.db.query<any>('select id, published_at, title, i18n from videos order by id');
  const collections = await t.efir.db.query<any>('select id, title, i18n from collections order by id');
  const items = await t.efir.db.query<any>('select collection_id, video_id, position from collection_items order by collection_id, video_id');
  const broadcasts = await t.efir.db.query<{ n: number }>('select count(*)::int as n from broadcasts');
  const users = await t.efir.db.query<any>('select id, role, password_hash, disabled_at from users order by id');
  const youtube = await t.efir.db.query<any>('select * from youtube_connection');
  return { b, videos, broadcasts: broadcasts[0]!.n, users, youtube, collections, items };
}

/** A form the action would accept: a refused role that gets through shows as a change. */
async function formFor(route: string, action: string): Promise<FormData> {
  const f = new FormData();
  const owner = (await t.efir.users.get(sessions.get('owner')!.userId!))!;
  if (route === '/studio' && action !== 'create') {
    // Its own fresh draft each time, so one role's delete does not decide the next one's answer.
    f.set('id', (await t.efir.studio.createDraft(owner, { title: 'Draft' })).id);
  } else if (route === '/console' && action === 'state') {
    f.set('id', broadcastId);
    f.set('state', 'live');
  } else if (route === '/admin') {
    // An account of its own each time: what the action would change if it were let through.
    const n = crypto.randomBytes(4).toString('hex');
    const target = await t.efir.auth.createUser({ email: `target-${n}@example.test`, displayName: 'Target', role: 'moderator', password: `a long password ${n}` });
    f.set('id', target.id);
    f.set('email', `made-${n}@example.test`);
    f.set('displayName', 'Made');
    f.set('role', 'producer');
    f.set('password', `another long password ${n}`);
    f.set('disabled', 'true');
    // the YouTube section's forms: a channel to save
    f.set('channelId', 'UCtakenOverByATest0001');
    f.set('apiKey', 'a-key-of-the-test');
  } else if (route === '/studio/collections/[id]' && ['add', 'remove'].includes(action)) {
    // A draft of its own each time: adding it changes the collection, removing it leaves the
    // published video there for the viewers' pages the next role loads.
    const extra = (await t.efir.studio.createDraft(owner, { title: 'Item' })).id;
    if (action === 'remove') await t.efir.collections.addVideo(owner, collectionId, extra);
    f.set('videoId', extra);
  } else if (route === '/studio/collections/[id]' && action === 'move') {
    f.set('videoId', videoId);
    f.set('direction', 'down');
  } else if (action === 'poster') {
    f.set('poster', new File([PNG], 'poster.png', { type: 'image/png' }));
  } else if (route === '/login') {
    f.set('email', 'nobody@example.test');
    f.set('password', 'not the password');
  } else {
    f.set('title', `Taken over by a test ${action}`);
  }
  return f;
}

type Outcome = 'allowed' | 'refused' | string;

/** A page answer: refused when 403/404, or a redirect to /login. */
function pageOutcome(res: Response): Outcome {
  if (res.status === 403 || res.status === 404) return 'refused';
  if (res.status >= 300 && res.status < 400 && (res.headers.get('location') ?? '').startsWith('/login')) return 'refused';
  if (res.status >= 500) return `error ${res.status}`;
  return 'allowed';
}

/** A __data.json answer: the page node's error (403/404) or a redirect to /login. */
async function dataOutcome(res: Response): Promise<Outcome> {
  if (res.status >= 500) return `error ${res.status}`;
  if (res.status === 403 || res.status === 404) return 'refused';
  const body = await res.json();
  if (body.type === 'redirect') return body.location.startsWith('/login') ? 'refused' : 'allowed';
  const nodes: any[] = body.nodes ?? [];
  const err = nodes.find((n) => n?.type === 'error');
  if (err) return err.status === 403 || err.status === 404 ? 'refused' : `error ${err.status}`;
  return 'allowed';
}

/** An enhanced form post's JSON answer ({type: success|failure|error|redirect, status}). */
async function actionJsonOutcome(res: Response): Promise<Outcome> {
  if (res.status >= 500) return `error ${res.status}`;
  const body = await res.json();
  if (body.type === 'redirect') return body.location.startsWith('/login') ? 'refused' : 'allowed';
  if (body.type === 'error' || body.type === 'failure') {
    if (body.status === 403 || body.status === 404) return 'refused';
    if (body.status >= 500) return `error ${body.status}`;
  }
  return res.status === 403 || res.status === 404 ? 'refused' : 'allowed';
}

test('every route and action under web/routes has a row in POLICY, and every row a route', () => {
  // Not vacuous: the files hold what this test is about.
  const ids = routes.map((r) => r.id);
  expect(ids).toEqual(expect.arrayContaining(['/', '/studio/broadcasts/[id]', '/console/[id]', '/lang']));
  expect(routes.find((r) => r.id === '/studio/broadcasts/[id]')?.actions.sort()).toEqual(['end', 'poster', 'rotate', 'update']);
  const missing: string[] = [];
  for (const r of routes) {
    const p = POLICY[r.id];
    if (!p) {
      missing.push(`${r.id}: no row`);
      continue;
    }
    if (r.kind === 'page' && !p.load) missing.push(`${r.id}: who may load it?`);
    for (const a of r.actions) if (!p.actions?.[a]) missing.push(`${r.id} ?/${a}: who may use it?`);
    for (const m of r.methods) if (m !== 'HEAD' && !p.endpoint?.[m]) missing.push(`${r.id} ${m}: who may call it?`);
  }
  for (const [id, p] of Object.entries(POLICY)) {
    const r = routes.find((x) => x.id === id);
    if (!r) missing.push(`${id}: in POLICY but not in web/routes`);
    for (const a of Object.keys(p.actions ?? {})) if (!r?.actions.includes(a)) missing.push(`${id} ?/${a}: in POLICY but not in the file`);
  }
  expect(missing).toEqual([]);
});

describe.each(WHO)('as %s', (who) => {
  test('every page load and data request answers as POLICY says', async () => {
    const s = sessions.get(who)!;
    const wrong: string[] = [];
    for (const r of routes.filter((r) => r.kind === 'page')) {
      const expected = POLICY[r.id]?.load?.includes(who) ? 'allowed' : 'refused';
      const url = `${t.baseUrl}${pathOf(r.id)}`;
      const page = pageOutcome(await fetch(url, { headers: headers(s, { accept: 'text/html' }), redirect: 'manual' }));
      if (page !== expected) wrong.push(`GET ${r.id}: ${page}, expected ${expected}`);
      if (!r.load) continue;
      const data = `${url.replace(/\/$/, '')}/__data.json`;
      const all = await dataOutcome(await fetch(data, { headers: headers(s), redirect: 'manual' }));
      if (all !== expected) wrong.push(`GET ${r.id}/__data.json: ${all}, expected ${expected}`);
      // Only the page's own load, as the client asks when nothing above it changed.
      const only = `${data}?x-sveltekit-invalidated=${'0'.repeat(r.layouts)}1`;
      const pageOnly = await dataOutcome(await fetch(only, { headers: headers(s), redirect: 'manual' }));
      if (pageOnly !== expected) wrong.push(`GET ${r.id}/__data.json (page load only): ${pageOnly}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  test('every form action and endpoint answers as POLICY says, and a refused one changes nothing', async () => {
    const s = sessions.get(who)!;
    const wrong: string[] = [];
    // Signing out last: it ends this role's session.
    const calls = routes
      .flatMap((r) => [
        ...r.actions.map((a) => ({ r, a, method: 'POST' })),
        ...r.methods.filter((m) => m !== 'HEAD').map((m) => ({ r, a: null as string | null, method: m }))
      ])
      .sort((x, y) => Number(x.r.id === '/logout') - Number(y.r.id === '/logout'));
    for (const { r, a, method } of calls) {
      const p = POLICY[r.id]!;
      const expected = (a ? p.actions?.[a] : p.endpoint?.[method])?.includes(who) ? 'allowed' : 'refused';
      const label = a ? `POST ${r.id}?/${a}` : `${method} ${r.id}`;
      const variants = a ? (['form', 'json'] as const) : (['endpoint'] as const);
      for (const variant of variants) {
        const url = `${t.baseUrl}${await actionPathOf(r.id, a)}${a && a !== 'default' ? `?/${a}` : ''}`;
        const body = method === 'GET' ? undefined : a ? await formFor(r.id, a) : new URLSearchParams({ lang: 'en', next: '/' });
        const before = await state();
        // A browser without JavaScript asks for HTML; fetch's */* would get the enhanced (JSON) answer.
        const extra: Record<string, string> = variant === 'json' ? { 'x-sveltekit-action': 'true', accept: 'application/json' } : { accept: 'text/html' };
        const res = await fetch(url, { method, headers: headers(s, extra), body, redirect: 'manual' });
        const got = variant === 'json' ? await actionJsonOutcome(res) : pageOutcome(res);
        if (got !== expected) wrong.push(`${label} (${variant}): ${got} (${res.status} ${res.headers.get("location")}), expected ${expected}`);
        if (expected === 'refused') {
          const after = await state();
          if (JSON.stringify(after) !== JSON.stringify(before)) wrong.push(`${label} (${variant}): refused but changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

test('a moderator never sees the stream key, through any page or data request', async () => {
  const key = (await t.efir.live.repo.get(broadcastId))!.stream_key!;
  const s = sessions.get('moderator')!;
  for (const r of routes.filter((r) => r.kind === 'page')) {
    const url = `${t.baseUrl}${pathOf(r.id)}`;
    for (const u of [url, `${url.replace(/\/$/, '')}/__data.json`, `${url.replace(/\/$/, '')}/__data.json?x-sveltekit-invalidated=${'0'.repeat(r.layouts)}1`]) {
      const text = await (await fetch(u, { headers: headers(s), redirect: 'manual' })).text();
      expect(text, u).not.toContain(key);
    }
  }
});
