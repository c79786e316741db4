/**
 * The YouTube section of /admin (built SvelteKit pages: run `npx vite build` first) against the fake
 * Data API and Google's OAuth endpoints (test/helpers/fake-youtube/): saving the channel (a key
 * YouTube refuses is not saved; a good one is stored sealed), the OAuth round trip through the pages
 * (consent URL, Google's redirect back, the state checked and used once, the refresh token stored
 * encrypted and never in the clear), what the page shows (health, quota against the budget, the
 * ledger, the caption tracks waiting) in the viewer's language, a revoked account shown as
 * "reconnect", and disconnecting. Who may do it: roles.test.ts (POLICY).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { addChannel, makeVideo, startFakeYoutube, upload, type FakeYoutube } from '../../helpers/fake-youtube/index.ts';
import { installFakeOAuth, type FakeOAuth } from '../../helpers/fake-youtube/oauth.ts';
import { addCaption, installFakeCaptions } from '../../helpers/fake-youtube/captions.ts';
import { signIn, type Session } from '../api/helpers.ts';
import { Queue } from 'bullmq';
import { bullConnection } from '../../../jobs/redis.ts';
import { YOUTUBE_QUEUE } from '../../../server/youtube/queue.ts';

const CHANNEL = 'UCadminPageChannel0001';
let t: TestEfir;
let fake: FakeYoutube;
let oauth: FakeOAuth;
let admin: Session;

beforeAll(async () => {
  fake = await startFakeYoutube();
  const channel = addChannel(fake.model, CHANNEL, 'Efir Migrant Help');
  upload(fake.model, CHANNEL, makeVideo('ytAdminVid1', channel));
  addCaption(fake.model, 'ytAdminVid1', { language: 'uz' });
  oauth = installFakeOAuth(fake, { channelId: CHANNEL });
  installFakeCaptions(fake);
  t = await startTestEfir({
    pages: true,
    worker: false,
    env: {
      YOUTUBE_API_ROOT: fake.url,
      YOUTUBE_DAILY_UNITS: '5000',
      YOUTUBE_SYNC_RESERVE_UNITS: '1000',
      YOUTUBE_OAUTH_CLIENT_ID: oauth.clientId,
      YOUTUBE_OAUTH_CLIENT_SECRET: oauth.clientSecret,
      YOUTUBE_OAUTH_AUTH_URL: oauth.authUrl,
      YOUTUBE_OAUTH_TOKEN_URL: oauth.tokenUrl,
      YOUTUBE_TOKEN_KEY: crypto.randomBytes(32).toString('hex')
    }
  });
  t.efir.youtube.api.retryDelaysMs = [];
  admin = await signIn(t, 'admin');
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function page(path: string, lang = 'en') {
  const res = await fetch(`${t.baseUrl}${path}`, { headers: { cookie: `${admin.cookie}; efir_lang=${lang}` }, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** A form post as enhance() sends it: same origin, and the answer as JSON. */
async function action(name: string, fields: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}/admin?/${name}`, {
    method: 'POST',
    headers: {
      cookie: admin.cookie,
      origin: t.baseUrl,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'x-sveltekit-action': 'true'
    },
    body: new URLSearchParams(fields),
    redirect: 'manual'
  });
  const body = (await res.json()) as { type: string; status?: number; data?: string; location?: string };
  return { status: body.status ?? res.status, location: body.location ?? null, type: body.type, data: body.data ? decode(body.data) : null };
}

/** devalue's flat array form back to an object (enough for the plain objects the actions return). */
function decode(data: string): any {
  const table = JSON.parse(data) as unknown[];
  const hydrate = (i: number): any => {
    if (i < 0) return undefined;
    const v = table[i];
    if (Array.isArray(v)) return v.map((j) => hydrate(j as number));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, j]) => [k, hydrate(j as number)]));
    return v;
  };
  return hydrate(0);
}

const row = async () => (await t.efir.db.query<Record<string, any>>('select * from youtube_connection where id = 1'))[0]!;

/** "Connect YouTube account": the consent page's URL the action answers (the page then opens it). */
async function connectUrl(): Promise<string> {
  const res = await action('ytConnect');
  expect(res).toMatchObject({ type: 'success', data: { consentUrl: expect.stringMatching(/^http/) } });
  return res.data.consentUrl;
}

/** Google's consent page answering for the account: the redirect back, on Efir's own address. */
async function consent(consentUrl: string): Promise<string> {
  const res = await fetch(consentUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  return back.pathname + back.search;
}

describe('the YouTube section of /admin', () => {
  test('the service checks the admin role itself, whatever page is in front of it', async () => {
    const producer = await t.efir.auth.createUser({ email: 'yt-producer@example.test', displayName: 'P', role: 'producer', password: 'a long test password 2' });
    const admin = t.efir.youtube.admin;
    for (const call of [
      () => admin.overview(producer),
      () => admin.overview(null),
      () => admin.saveChannel(producer, { channelId: CHANNEL, apiKey: 'test-key' }),
      () => admin.beginOAuth(producer),
      () => admin.completeOAuth(producer, { code: 'x', state: 'y' }),
      () => admin.disconnect(producer),
      () => admin.syncNow(producer)
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(await row()).toBeUndefined();
  });

  test('before anything is set up: not configured, nothing spent, sync refused', async () => {
    const res = await page('/admin');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="youtube"');
    expect(res.text).toMatch(/data-status="unconfigured"/);
    expect(res.text).toContain('0 of 5000 units');
    expect(res.text).toContain('No calls yet.');
    expect(await action('ytSync')).toMatchObject({ status: 409, type: 'failure', data: { problem: { code: 'youtube_not_connected' } } });
  });

  test('a key YouTube refuses is not saved; a good one is, sealed, with the channel’s title', async () => {
    const wrong = await action('ytChannel', { channelId: CHANNEL, apiKey: 'wrong-key-0123456789' });
    expect(wrong).toMatchObject({ status: 400, type: 'failure', data: { channelId: CHANNEL, problem: { code: 'youtube_key_invalid', field: 'apiKey' } } });
    expect(await row()).toMatchObject({ channel_id: null, api_key_enc: null });

    const bad = await action('ytChannel', { channelId: 'no spaces allowed', apiKey: 'test-key' });
    expect(bad).toMatchObject({ status: 400, data: { problem: { code: 'invalid_request', field: 'channelId' } } });

    const saved = await action('ytChannel', { channelId: CHANNEL, apiKey: 'test-key' });
    expect(saved).toMatchObject({ type: 'success', data: { done: 'saved', channelTitle: 'Efir Migrant Help' } });
    const r = await row();
    expect(r).toMatchObject({ channel_id: CHANNEL, channel_title: 'Efir Migrant Help', uploads_playlist_id: `UU${CHANNEL.slice(2)}`, status: 'ok' });
    expect(r.api_key_enc).toMatch(/^v1\./);
    expect(JSON.stringify(r)).not.toContain('test-key');
    expect((await t.efir.youtube.connection.settings()).apiKey).toBe('test-key');
    // Sync now: a sync job in the youtube queue (this harness runs no queue worker: it stays waiting).
    expect(await action('ytSync')).toMatchObject({ type: 'success', data: { done: 'sync_queued' } });
    const queue = new Queue(YOUTUBE_QUEUE, { connection: bullConnection(t.env.REDIS_URL), prefix: t.efir.config.queuePrefix });
    try {
      expect((await queue.getJobs(['waiting', 'prioritized'])).map((j) => [j.name, j.data])).toEqual([['sync', { reason: 'admin' }]]);
    } finally {
      await queue.close();
    }
    // Two checks of the key, both booked for 'connect' (the refused one too: YouTube counts it).
    expect((await t.efir.youtube.ledger.list(10)).map((c) => [c.method, c.units, c.purpose, c.status])).toEqual([
      ['channels.list', 1, 'connect', 200],
      ['channels.list', 1, 'connect', 400]
    ]);
  });

  test('OAuth round trip: consent URL, Google’s answer, state checked once, refresh token stored sealed', async () => {
    // Without JavaScript the page offers the consent page as a link (a post may not be redirected off-site: CSP form-action).
    const plain = await fetch(`${t.baseUrl}/admin?/ytConnect`, {
      method: 'POST',
      headers: { cookie: admin.cookie, origin: t.baseUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual'
    });
    expect(plain.status).toBe(200);
    const link = /href="([^"]+)"[^>]*data-testid="youtube-consent"/.exec(await plain.text());
    expect(link?.[1]?.replaceAll('&amp;', '&')).toMatch(new RegExp(`^${oauth.authUrl}\\?`));

    const start = { location: await connectUrl() };
    const url = new URL(start.location);
    expect(url.origin + url.pathname).toBe(oauth.authUrl);
    const q = url.searchParams;
    expect(q.get('client_id')).toBe(oauth.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('scope')!.split(' ').sort()).toEqual(['https://www.googleapis.com/auth/youtube.force-ssl', 'https://www.googleapis.com/auth/youtube.upload']);
    expect(q.get('redirect_uri')).toBe(`${t.efir.config.publicUrl}/admin/youtube/oauth`);
    expect(q.get('state')).toMatch(/^[\w-]{30,}$/);
    expect((await row()).oauth_state).toBe(q.get('state'));

    // An answer with another state is refused (and the consent in progress is over).
    const back = await consent(start.location);
    const forged = await page(back.replace(/state=[^&]+/, 'state=forged-state-value'));
    expect(forged.status).toBe(200);
    expect(forged.text).toContain('data-code="youtube_auth"');
    expect((await row()).refresh_token_enc).toBeNull();
    expect(oauth.requests).toEqual([]); // the code was never exchanged

    // Again, properly: back on /admin, connected.
    const answer = await consent(await connectUrl());
    const done = await page(answer);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin?youtube=connected#youtube');
    const r = await row();
    expect(r.oauth_state).toBeNull();
    expect(r.refresh_token_enc).toMatch(/^v1\./);
    const [refreshToken] = [...oauth.refreshTokens.keys()];
    expect(refreshToken).toBeTruthy();
    expect(JSON.stringify(r)).not.toContain(refreshToken);
    expect(r.oauth_scopes.split(' ')).toHaveLength(2);

    // The same answer twice: the state was used.
    const replay = await page(answer);
    expect(replay.text).toContain('data-code="youtube_auth"');
    expect((await row()).refresh_token_enc).toBe(r.refresh_token_enc);

    // The tokens work for the calls that need the account.
    const listed = await t.efir.youtube.api.list('captions.list', { part: ['snippet'], videoId: 'ytAdminVid1' }, { purpose: 'captions', auth: 'oauth' });
    expect(listed.notModified ? [] : listed.data.items!.map((i) => i.snippet?.language)).toEqual(['uz']);

    const shown = await page('/admin?youtube=connected');
    expect(shown.text).toContain('YouTube account connected');
    expect(shown.text).toMatch(/data-state="connected"/);
  });

  test('the page shows health, the last sync’s figures, the quota against the budget, the ledger and the caption tracks waiting', async () => {
    // Most of today's units went to publishing: after the sync, its caption step lists the new video
    // (50) but cannot pay a download (200), so the track waits.
    await t.efir.db.query(
      `insert into youtube_api_calls (quota_day, method, units, purpose, status) values ($1, 'captions.insert', 3750, 'publish', 200)`,
      [(await t.efir.youtube.ledger.list(1))[0]!.quotaDay]
    );
    const sync = await t.efir.youtube.sync.run({});
    expect(sync).toMatchObject({ added: 1, captionsFetched: 0 });
    expect(await t.efir.youtube.captions.counts()).toMatchObject({ waiting: 1, unlisted: 0 });
    const spent = await t.efir.youtube.ledger.spentToday();

    const en = await page('/admin');
    expect(en.text).toMatch(/data-status="ok"/);
    expect(en.text).toContain(`${spent} of 5000 units`);
    expect(en.text).toContain('1000 units a day are kept for syncing');
    expect(en.text).toContain('data-testid="youtube-ledger"');
    expect(en.text).toMatch(/captions\.list<\/td>\s*<td[^>]*>50<\/td>\s*<td[^>]*>captions<\/td>\s*<td[^>]*>200<\/td>/);
    expect(en.text).toContain('data-waiting="1"');
    expect(en.text).toContain('Waiting to be fetched: 1');
    expect(en.text).toMatch(/data-figure="added"[^>]*>1</);
    expect(en.text).toMatch(new RegExp(`data-figure="units"[^>]*>${sync.units}<`));
    expect(en.text).toContain('Efir Migrant Help');

    const uz = await page('/admin', 'uz');
    expect(uz.text).toContain('Yuklanishni kutmoqda: 1');
    expect(uz.text).toContain(`5000 birlikdan ${spent}`);
  });

  test('a revoked account shows "reconnect" and the last error in the viewer’s language; disconnect forgets it', async () => {
    oauth.revokeAll();
    t.efir.youtube.oauth.tokens.invalidate();
    await expect(t.efir.youtube.oauth.tokens.get()).rejects.toMatchObject({ code: 'youtube_auth' });
    expect((await row()).refresh_token_enc).toBeNull();

    const ru = await page('/admin', 'ru');
    expect(ru.text).toMatch(/data-state="reconnect"/);
    expect(ru.text).toContain('Доступ к аккаунту отозван или истёк');
    expect(ru.text).toMatch(/data-testid="youtube-error" data-code="youtube_auth"/);
    expect(ru.text).toContain('Подключить заново');
    const tg = await page('/admin', 'tg');
    expect(tg.text).toContain('Дастрасӣ ба ҳисоб бекор шуд');

    // Connecting again clears it.
    expect((await page(await consent(await connectUrl()))).status).toBe(303);
    expect(await row()).toMatchObject({ status: 'ok', last_error: null });
    expect(await t.efir.youtube.oauth.tokens.get()).toMatch(/^ya29\./);

    expect(await action('ytDisconnect')).toMatchObject({ type: 'success', data: { done: 'disconnected_done' } });
    expect(await row()).toMatchObject({ refresh_token_enc: null, oauth_scopes: null });
    await expect(t.efir.youtube.oauth.tokens.get()).rejects.toMatchObject({ code: 'youtube_not_connected' });
    expect((await page('/admin')).text).toMatch(/data-state="none"/);
  });
});
