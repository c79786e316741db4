/**
 * The admin page on a 390 px phone (Uzbek UI): signing in sends an admin back to /admin, nothing is
 * wider than the screen (the YouTube section with a long error and a ledger included), an account is
 * added and disabled through the page's own forms.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import crypto from 'node:crypto';
import { startTestEfir, type TestEfir } from '../helpers/harness.ts';
import { PASSWORD, collectCspViolations, launchChromium } from './helpers.ts';
import { expectAccessible } from './a11y.ts';
import { addChannel, startFakeYoutube, type FakeYoutube } from '../helpers/fake-youtube/index.ts';
import { installFakeOAuth, type FakeOAuth } from '../helpers/fake-youtube/oauth.ts';
import { CATALOGUES } from '../../web/lib/i18n/catalogues.server.ts';

const UZ = CATALOGUES.uz;
let t: TestEfir;
let browser: Browser;
let fake: FakeYoutube;
let oauth: FakeOAuth;
beforeAll(async () => {
  // Google's consent page and token endpoint stand in for the "Connect YouTube account" round trip.
  fake = await startFakeYoutube();
  addChannel(fake.model, 'UCbrowserAdminChannel01');
  oauth = installFakeOAuth(fake, { channelId: 'UCbrowserAdminChannel01' });
  t = await startTestEfir({
    pages: true,
    worker: false,
    env: {
      YOUTUBE_API_ROOT: fake.url,
      YOUTUBE_OAUTH_CLIENT_ID: oauth.clientId,
      YOUTUBE_OAUTH_CLIENT_SECRET: oauth.clientSecret,
      YOUTUBE_OAUTH_AUTH_URL: oauth.authUrl,
      YOUTUBE_OAUTH_TOKEN_URL: oauth.tokenUrl,
      YOUTUBE_TOKEN_KEY: crypto.randomBytes(32).toString('hex')
    }
  });
  oauth.redirectOrigin = t.baseUrl;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await fake?.close();
});

test('an admin manages accounts on a phone', async () => {
  const email = `admin-${Date.now()}@example.test`;
  await t.efir.auth.createUser({ email, displayName: 'Admin', role: 'admin', password: PASSWORD });
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, extraHTTPHeaders: { 'accept-language': 'uz' } });
  const page = await ctx.newPage();
  const csp: string[] = [];
  collectCspViolations(page, csp);
  // The YouTube section as a busy day leaves it: a long error and a ledger of calls.
  await t.efir.youtube.connection.update({ channelId: 'UCa0123456789abcdefghijk', channelTitle: 'Migrantlar uchun huquqiy yordam kanali — rasmiy', status: 'error' });
  await t.efir.youtube.connection.markError('youtube_unavailable', `videos.list: YouTube failed (503 backendError): ${'Backend Error '.repeat(12)}`);
  for (const [method, units, purpose] of [['playlistItems.list', 1, 'sync'], ['videos.list', 1, 'sync'], ['captions.download', 200, 'captions'], ['captions.insert', 400, 'publish']] as const) {
    await t.efir.db.query(`insert into youtube_api_calls (quota_day, method, units, purpose, status, error) values (current_date, $1, $2, $3, 503, 'backendError: Backend Error')`, [method, units, purpose]);
  }
  try {
    await page.goto(`${t.baseUrl}/admin`);
    await page.waitForURL('**/login?next=%2Fadmin');
    await expectAccessible(page, 'login');
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('form button[type=submit]');
    await page.waitForURL('**/admin');
    await page.getByRole('heading', { level: 1, name: UZ.admin.title }).waitFor();

    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    await page.getByRole('heading', { level: 2, name: UZ.admin_youtube.yt_title }).waitFor();
    await page.getByTestId('youtube-ledger').waitFor();
    await expectAccessible(page, 'admin');
    for (const box of await page.getByTestId('youtube').locator('button, input, h3').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(390);
    }

    const added = `phone-${Date.now()}@example.test`;
    await page.fill('#new-email', added);
    await page.fill('#new-name', 'Telefondan');
    await page.selectOption('#new-role', 'moderator');
    await page.fill('#new-password', 'a long enough password');
    await page.getByTestId('add-account').getByRole('button').click();
    const row = page.locator(`li[data-email="${added}"]`);
    await row.waitFor();
    await expect(row.getByText(UZ.admin.role_moderator, { exact: true }).count()).resolves.toBeGreaterThan(0);
    expect(await overflow()).toBe(0);
    // Every control of the new account is on the screen, not cut off on the right.
    for (const box of await row.locator('button, select, input:not([type=hidden])').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(390);
    }

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: UZ.admin.disable }).click();
    await row.getByText(UZ.admin.disabled, { exact: true }).waitFor();
    const user = await t.efir.users.findByEmailWithHash(added);
    expect(user?.role).toBe('moderator');
    expect(user?.disabledAt).not.toBeNull();

    // "Connect YouTube account": off to Google's consent page (which answers at once for the account)
    // and back to /admin, connected; the refresh token is stored sealed.
    await page.getByTestId('youtube-oauth').getByRole('button', { name: UZ.admin_youtube.connect }).click();
    await page.waitForURL('**/admin?youtube=connected#youtube');
    await page.getByText(UZ.admin_youtube.connected_done).waitFor();
    expect(oauth.lastConsent?.get('redirect_uri')).toBe(`${t.efir.config.publicUrl}/admin/youtube/oauth`);
    expect((await t.efir.youtube.connection.read()).refreshTokenEnc).toMatch(/^v1\./);
    expect(await overflow()).toBe(0);

    // The header's theme toggle: system → light → dark, remembered in a cookie that the server reads,
    // so the next page arrives dark in its first byte (no light flash); "system" follows the device.
    const theme = () => page.getAttribute('html', 'data-theme');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const toggle = page.getByRole('button', { name: /^Mavzu: / });
    expect(await theme()).toBe('system');
    expect(await background()).toBe('rgb(246, 247, 249)');
    await toggle.click();
    await expect.poll(theme).toBe('light');
    await toggle.click();
    await expect.poll(theme).toBe('dark');
    expect(await toggle.getAttribute('aria-label')).toBe('Mavzu: Qorongʻi');
    expect(await background()).toBe('rgb(21, 24, 28)');
    expect(await (await page.reload())!.text()).toContain('data-theme="dark"');
    await toggle.click();
    await expect.poll(theme).toBe('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(21, 24, 28)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(246, 247, 249)');
    expect(csp).toEqual([]);
  } finally {
    await ctx.close();
  }
});
