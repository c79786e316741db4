/**
 * server/youtube/oauth.ts against the fake consent page and token endpoint (the pages' round trip is
 * test/integration/pages/youtube-admin.test.ts): an expired or declined consent, access tokens cached
 * until a minute before they expire and refreshed once however many calls wait, a 401 from the Data
 * API answered by one refresh and one retry, a wrong client secret, and a refresh token sealed under
 * another YOUTUBE_TOKEN_KEY (the key changed) shown as "reconnect" like a revoked one.
 */
import crypto from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { addChannel, makeVideo, startFakeYoutube, upload, type FakeYoutube } from '../../helpers/fake-youtube/index.ts';
import { installFakeOAuth, type FakeOAuth } from '../../helpers/fake-youtube/oauth.ts';
import { addCaption, installFakeCaptions } from '../../helpers/fake-youtube/captions.ts';
import { Youtube } from '../../../server/youtube/index.ts';
import { seal } from '../../../server/youtube/crypto.ts';
import { REFRESH_TOKEN_CONTEXT } from '../../../server/youtube/oauth.ts';

const CHANNEL = 'UCoauthTestChannel00001';
let t: TestEfir;
let fake: FakeYoutube;
let oauth: FakeOAuth;
let yt: Youtube;
let clock = new Date('2026-04-01T12:00:00Z');

/** Another process's efir.youtube (no cached access token), on this test's clock. */
function youtube(over: { clientSecret?: string } = {}): Youtube {
  const config = { ...t.efir.config, youtube: { ...t.efir.config.youtube, oauth: { ...t.efir.config.youtube.oauth!, ...over } } };
  const e = t.efir;
  const yt = new Youtube({ db: e.db, config, paths: e.paths, log: pino({ level: 'silent' }), redis: e.redis, redisUrl: e.redisUrl, videos: e.videos, subtitles: e.subtitles, studio: e.studio, now: () => clock });
  yt.api.retryDelaysMs = [];
  return yt;
}

/** Google's consent page answering for the account: the parameters it sends back. */
async function consent(url: string): Promise<URLSearchParams> {
  const res = await fetch(url, { redirect: 'manual' });
  return new URL(res.headers.get('location')!).searchParams;
}

const refreshes = () => oauth.requests.filter((r) => r.grant === 'refresh_token').length;

beforeAll(async () => {
  fake = await startFakeYoutube();
  const channel = addChannel(fake.model, CHANNEL);
  upload(fake.model, CHANNEL, makeVideo('ytOauthVid1', channel));
  addCaption(fake.model, 'ytOauthVid1', { language: 'tg' });
  oauth = installFakeOAuth(fake, { channelId: CHANNEL });
  installFakeCaptions(fake);
  t = await startTestEfir({
    worker: false,
    http: false,
    env: {
      YOUTUBE_API_ROOT: fake.url,
      YOUTUBE_OAUTH_CLIENT_ID: oauth.clientId,
      YOUTUBE_OAUTH_CLIENT_SECRET: oauth.clientSecret,
      YOUTUBE_OAUTH_AUTH_URL: oauth.authUrl,
      YOUTUBE_OAUTH_TOKEN_URL: oauth.tokenUrl,
      YOUTUBE_TOKEN_KEY: crypto.randomBytes(32).toString('hex')
    }
  });
  yt = youtube();
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

test('a consent answered after 15 minutes, or declined, connects nothing', async () => {
  const late = await consent(await yt.oauth.begin());
  clock = new Date(clock.getTime() + 16 * 60_000);
  await expect(yt.oauth.complete({ code: late.get('code'), state: late.get('state') })).rejects.toMatchObject({ code: 'youtube_auth', message: /too long/ });

  oauth.decline = true;
  const declined = await consent(await yt.oauth.begin());
  expect(declined.get('error')).toBe('access_denied');
  await expect(yt.oauth.complete({ error: declined.get('error'), state: declined.get('state') })).rejects.toMatchObject({ code: 'youtube_auth', message: /access_denied/ });

  expect(await yt.oauth.state()).toMatchObject({ configured: true, connected: false, needsReconnect: false });
  expect(oauth.requests).toEqual([]);
});

test('access tokens: cached until a minute before expiry, one refresh for every waiting call, a 401 refreshed and retried once', async () => {
  const answer = await consent(await yt.oauth.begin());
  const state = await yt.oauth.complete({ code: answer.get('code'), state: answer.get('state') });
  expect(state).toMatchObject({ connected: true, missingScopes: [] });
  const first = await yt.oauth.tokens.get(); // the exchange's own access token
  expect(refreshes()).toBe(0);

  // Another process (or a restart) has no cached token: many calls at once cost one refresh.
  const other = youtube();
  const tokens = await Promise.all(Array.from({ length: 5 }, () => other.oauth.tokens.get()));
  expect(new Set(tokens).size).toBe(1);
  expect(tokens[0]).not.toBe(first);
  expect(refreshes()).toBe(1);

  clock = new Date(clock.getTime() + (oauth.expiresIn - 120) * 1000);
  expect(await other.oauth.tokens.get()).toBe(tokens[0]);
  clock = new Date(clock.getTime() + 90_000); // within the last minute: renewed early
  expect(await other.oauth.tokens.get()).not.toBe(tokens[0]);
  expect(refreshes()).toBe(2);

  // The Data API refuses the token (revoked server-side): one refresh, the call repeated, and it answers.
  fake.model.tokens[await other.oauth.tokens.get()]!.revoked = true;
  const listed = await other.api.list('captions.list', { part: ['snippet'], videoId: 'ytOauthVid1' }, { purpose: 'captions', auth: 'oauth' });
  expect(listed.notModified ? null : listed.data.items?.[0]?.snippet?.language).toBe('tg');
  expect(refreshes()).toBe(3);
  expect(fake.callsOf('captions.list').map((c) => c.status)).toEqual([401, 200]);
});

test('a wrong client secret is youtube_auth naming the settings, and keeps the account', async () => {
  const wrong = youtube({ clientSecret: 'not-the-secret' });
  await expect(wrong.oauth.tokens.get()).rejects.toMatchObject({ code: 'youtube_auth', message: /YOUTUBE_OAUTH_CLIENT_SECRET/ });
  expect((await yt.connection.read()).refreshTokenEnc).not.toBeNull();
});

test('a refresh token sealed under another key is dropped and shown as "reconnect"', async () => {
  await yt.connection.update({ refreshTokenEnc: seal(crypto.randomBytes(32), [...oauth.refreshTokens.keys()][0]!, REFRESH_TOKEN_CONTEXT) });
  const fresh = youtube();
  await expect(fresh.oauth.tokens.get()).rejects.toMatchObject({ code: 'youtube_auth', message: /YOUTUBE_TOKEN_KEY/ });
  expect(await fresh.oauth.state()).toMatchObject({ connected: false, needsReconnect: true });
  expect((await yt.connection.read()).lastError).toMatchObject({ code: 'youtube_auth' });
});

test('an account that does not own the channel: the caption pass stops at the first refusal and the connection says so', async () => {
  oauth.channelId = 'UCsomebodyElsesChannel1';
  const answer = await consent(await yt.oauth.begin());
  await yt.oauth.complete({ code: answer.get('code'), state: answer.get('state') });
  for (const [id, ytId] of [['vOauthA', 'ytOauthVid1'], ['vOauthB', 'ytOauthVid2']]) {
    await t.efir.db.query(`insert into videos (id, title, origin, state, published_at, youtube_id, youtube) values ($1, 'M', 'youtube', 'ready', now(), $2, '{"hash": "h"}')`, [id, ytId]);
  }
  upload(fake.model, CHANNEL, makeVideo('ytOauthVid2', fake.model.channels[CHANNEL]!));
  const lists = fake.callsOf('captions.list').length;
  const run = await yt.captions.run();
  expect(run).toMatchObject({ listed: 0, stoppedBy: 'youtube_forbidden', units: 50 });
  expect(fake.callsOf('captions.list').length - lists).toBe(1);
  expect((await yt.connection.read()).lastError).toMatchObject({ code: 'youtube_forbidden' });
});

test('a disconnect on one instance counts on every other at once (no cached token outlives it)', async () => {
  oauth.channelId = CHANNEL;
  const answer = await consent(await yt.oauth.begin());
  await yt.oauth.complete({ code: answer.get('code'), state: answer.get('state') });
  const other = youtube();
  expect(await other.oauth.tokens.get()).toMatch(/^ya29\./);
  await yt.admin.disconnect(await t.efir.auth.createUser({ email: 'oauth-admin@example.test', displayName: 'A', role: 'admin', password: 'a long test password 3' }));
  await expect(other.oauth.tokens.get()).rejects.toMatchObject({ code: 'youtube_not_connected' });
});
