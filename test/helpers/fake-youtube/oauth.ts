/**
 * Google's OAuth 2.0 web-server flow, as the fake Data API's extension (fake.route): the consent page
 * and the token endpoint, speaking Google's documented shapes, so server/youtube/oauth.ts runs against
 * it exactly as against accounts.google.com and oauth2.googleapis.com.
 *
 *   GET  o/oauth2/v2/auth   the consent page: checks client_id, redirect_uri, response_type=code,
 *                           the scopes, and redirects (302) back to redirect_uri with `code` and the
 *                           `state` it was given, as if the account clicked Allow (`decline`: with
 *                           error=access_denied instead; `grantScopes`: a narrower grant)
 *   POST token              grant_type=authorization_code (code once, same redirect_uri) and
 *                           grant_type=refresh_token; errors as Google sends them:
 *                           {"error": "invalid_grant", "error_description": "…"} (400),
 *                           invalid_client (401), unsupported_grant_type (400)
 *
 * Access tokens go into model.tokens (the fake's Bearer check), tied to `channelId`: the channel whose
 * account consented. `revokeAll()` is the account removing Efir's access in its Google settings.
 * Neither endpoint is the Data API: they book no quota.
 */
import crypto from 'node:crypto';
import type { FakeContext, FakeYoutube } from './index.ts';

export interface FakeOAuth {
  /** YOUTUBE_OAUTH_AUTH_URL / YOUTUBE_OAUTH_TOKEN_URL for the Efir under test. */
  authUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The channel whose account consents. */
  channelId: string;
  /** The next consent is declined (error=access_denied). */
  decline: boolean;
  /** Scopes the next consent grants (default: all asked for). */
  grantScopes: string[] | null;
  /**
   * Send the browser back to this origin instead of redirect_uri's (the path and query kept): a
   * browser test's Efir listens on a port chosen at start, after PUBLIC_URL (hence the registered
   * redirect URI) was fixed. The code exchange still checks redirect_uri as sent.
   */
  redirectOrigin: string | null;
  /** Access tokens live this long (seconds). */
  expiresIn: number;
  /** What the consent page was last asked (its query), for the tests to check. */
  lastConsent: URLSearchParams | null;
  /** Refresh tokens handed out, and whether each is still good. */
  refreshTokens: Map<string, { scope: string; revoked: boolean }>;
  /** Token endpoint requests by grant type. */
  requests: { grant: string; status: number }[];
  /** The account removed Efir's access: every refresh and access token stops working. */
  revokeAll(): void;
}

export function installFakeOAuth(fake: FakeYoutube, opts: { channelId: string; clientId?: string; clientSecret?: string }): FakeOAuth {
  const codes = new Map<string, { redirectUri: string; scope: string; used: boolean }>();
  const oauth: FakeOAuth = {
    authUrl: `${fake.url}o/oauth2/v2/auth`,
    tokenUrl: `${fake.url}token`,
    clientId: opts.clientId ?? 'efir-test.apps.googleusercontent.com',
    clientSecret: opts.clientSecret ?? 'fake-client-secret',
    channelId: opts.channelId,
    decline: false,
    grantScopes: null,
    redirectOrigin: null,
    expiresIn: 3599,
    lastConsent: null,
    refreshTokens: new Map(),
    requests: [],
    revokeAll() {
      for (const r of oauth.refreshTokens.values()) r.revoked = true;
      for (const t of Object.values(fake.model.tokens)) if (t.oauth) t.revoked = true;
    }
  };
  const random = (prefix: string) => `${prefix}${crypto.randomBytes(18).toString('base64url')}`;
  const oauthError = (ctx: FakeContext, status: number, error: string, description: string) => ctx.json(status, { error, error_description: description });

  fake.route('GET', '/o/oauth2/v2/auth', (ctx) => {
    const q = ctx.url.searchParams;
    oauth.lastConsent = new URLSearchParams(q);
    // Google shows its own error page (no redirect) for a wrong client or redirect URI.
    if (q.get('client_id') !== oauth.clientId) return ctx.send(400, 'Error 401: invalid_client (The OAuth client was not found.)');
    const redirectUri = q.get('redirect_uri');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return ctx.send(400, 'Error 400: redirect_uri_mismatch');
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
    if (q.get('response_type') !== 'code' || !asked.length) {
      back.searchParams.set('error', 'invalid_request');
    } else if (oauth.decline) {
      oauth.decline = false;
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = random('4/0A');
      const scope = (oauth.grantScopes ?? asked).join(' ');
      codes.set(code, { redirectUri, scope, used: false });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', scope);
    }
    const location = oauth.redirectOrigin ? oauth.redirectOrigin.replace(/\/$/, '') + back.pathname + back.search : back.toString();
    ctx.send(302, '', { location });
  });

  fake.route('POST', '/token', (ctx) => {
    const form = new URLSearchParams(ctx.body.toString('utf8'));
    const grant = form.get('grant_type') ?? '';
    const answer = (status: number, body: Record<string, unknown>) => {
      oauth.requests.push({ grant, status });
      ctx.json(status, body);
    };
    if (form.get('client_id') !== oauth.clientId || form.get('client_secret') !== oauth.clientSecret) {
      oauth.requests.push({ grant, status: 401 });
      return oauthError(ctx, 401, 'invalid_client', 'Unauthorized');
    }
    const accessToken = (scope: string) => {
      const token = random('ya29.');
      fake.model.tokens[token] = { channelId: oauth.channelId, scope, expiresAt: Date.now() + oauth.expiresIn * 1000, oauth: true };
      return token;
    };
    if (grant === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.used) {
        oauth.requests.push({ grant, status: 400 });
        return oauthError(ctx, 400, 'invalid_grant', 'Malformed auth code.');
      }
      code.used = true;
      if (code.redirectUri !== form.get('redirect_uri')) {
        oauth.requests.push({ grant, status: 400 });
        return oauthError(ctx, 400, 'redirect_uri_mismatch', 'Bad Request');
      }
      const refresh = random('1//0g');
      oauth.refreshTokens.set(refresh, { scope: code.scope, revoked: false });
      return answer(200, { access_token: accessToken(code.scope), expires_in: oauth.expiresIn, refresh_token: refresh, scope: code.scope, token_type: 'Bearer' });
    }
    if (grant === 'refresh_token') {
      const held = oauth.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!held || held.revoked) {
        oauth.requests.push({ grant, status: 400 });
        return oauthError(ctx, 400, 'invalid_grant', 'Token has been expired or revoked.');
      }
      return answer(200, { access_token: accessToken(held.scope), expires_in: oauth.expiresIn, scope: held.scope, token_type: 'Bearer' });
    }
    oauth.requests.push({ grant, status: 400 });
    oauthError(ctx, 400, 'unsupported_grant_type', `Invalid grant_type: ${grant}`);
  });

  return oauth;
}
