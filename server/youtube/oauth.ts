/**
 * OAuth 2.0 for the channel's own account (Google's web-server flow), needed for what an API key
 * cannot do: reading the channel's caption tracks (youtube.force-ssl) and publishing (youtube.upload).
 *
 *   1. `begin()`: a consent URL at config.youtube.oauth.authUrl with a random `state`, stored with an
 *      expiry in youtube_connection (so any web instance can check it) and asked for offline access
 *      with prompt=consent (Google sends a refresh token only then, and again on every reconnect).
 *   2. Google sends the admin back to `redirectUri()` (/admin/youtube/oauth) with `code` and `state`;
 *      `complete()` checks the state (once: it is cleared whatever happens), exchanges the code at
 *      config.youtube.oauth.tokenUrl and stores the refresh token sealed (crypto.ts), never in the clear.
 *   3. `tokens` hands api.ts Bearer access tokens: refreshed from the refresh token, cached until a
 *      minute before they expire, one refresh at a time; `invalidate()` after a 401 forces a new one.
 *
 * A refresh token the account revoked (or Google expired) answers `invalid_grant`: that is
 * EfirError('youtube_auth'), the stored token is dropped and the connection records the problem, so
 * the admin page says "reconnect" instead of failing the same way every sync.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { YoutubeConfig } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import type { YoutubeConnection } from './connection.ts';
import { SealError, open, seal } from './crypto.ts';

/** Uploading videos, and managing caption tracks (captions.list/download/insert need force-ssl). */
export const OAUTH_SCOPES = ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.force-ssl'] as const;
/** Where Google sends the admin back: register PUBLIC_URL + this as the client's redirect URI. */
export const OAUTH_CALLBACK_PATH = '/admin/youtube/oauth';
/** How long a consent may take (Google's page, perhaps a sign-in and two-step check). */
const STATE_TTL_MS = 15 * 60_000;
/** An access token is renewed this long before Google says it expires (clock skew, a slow call). */
const EARLY_MS = 60_000;
const TOKEN_TIMEOUT_MS = 15_000;
/** Associated data of the sealed refresh token (crypto.ts): it opens only as what it is. */
export const REFRESH_TOKEN_CONTEXT = 'youtube.refresh_token';

/** What api.ts asks for auth 'oauth' (the spec's interface; api.ts declares the same shape). */
export interface AccessTokens {
  get(): Promise<string>;
  invalidate(): void;
}

export interface OAuthDeps {
  db: Db;
  youtube: YoutubeConfig;
  /** PUBLIC_URL: the redirect URI is built from it, as registered with Google. */
  publicUrl: string;
  connection: Pick<YoutubeConnection, 'read' | 'update' | 'markError'>;
  log: Logger;
  now?: () => Date;
}

/** The OAuth side of the connection as the admin page shows it. */
export interface OAuthState {
  /** An OAuth client is configured (YOUTUBE_OAUTH_CLIENT_ID/SECRET). */
  configured: boolean;
  connected: boolean;
  connectedAt: Date | null;
  scopes: string[];
  /** Scopes Efir asks for that the account did not grant (Google lets people untick them). */
  missingScopes: string[];
  /** The account's consent was revoked or has expired: connect again. */
  needsReconnect: boolean;
  redirectUri: string;
}

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  scope?: unknown;
  error?: unknown;
  error_description?: unknown;
}

export class YoutubeOAuth {
  /** The access token, and the sealed refresh token it came from (another instance may reconnect or disconnect). */
  private cached: { token: string; expiresAt: number; from: string } | null = null;
  private refreshing: Promise<string> | null = null;
  private readonly now: () => Date;

  /** Bearer tokens for api.ts (auth 'oauth'). */
  readonly tokens: AccessTokens = {
    get: () => this.accessToken(),
    invalidate: () => {
      this.cached = null;
    }
  };

  constructor(private readonly deps: OAuthDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get configured(): boolean {
    return this.deps.youtube.oauth !== null && this.deps.youtube.tokenKey !== null;
  }

  redirectUri(): string {
    return this.deps.publicUrl.replace(/\/$/, '') + OAUTH_CALLBACK_PATH;
  }

  /** Starts a consent: a new state (replacing any earlier one) and the URL to send the admin to. */
  async begin(): Promise<string> {
    const client = this.client();
    const state = crypto.randomBytes(24).toString('base64url');
    await this.deps.connection.update({ oauthState: state, oauthStateExpiresAt: new Date(this.now().getTime() + STATE_TTL_MS) });
    const url = new URL(client.authUrl);
    url.searchParams.set('client_id', client.clientId);
    url.searchParams.set('redirect_uri', this.redirectUri());
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', OAUTH_SCOPES.join(' '));
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    url.searchParams.set('include_granted_scopes', 'true');
    url.searchParams.set('state', state);
    return url.toString();
  }

  /**
   * Google's answer on the redirect URI: `code` and `state`, or `error` (access_denied when the admin
   * declined). The stored state is cleared first, so an answer is used once.
   */
  async complete(answer: { code?: string | null; state?: string | null; error?: string | null }): Promise<OAuthState> {
    const client = this.client();
    await this.deps.connection.read(); // the row exists
    // Read and cleared in one transaction: two answers with the same state cannot both pass.
    const row = await this.deps.db.transaction(async (tx) => {
      const [r] = await tx.query<{ oauth_state: string | null; oauth_state_expires_at: Date | null }>(
        'select oauth_state, oauth_state_expires_at from youtube_connection where id = 1 for update'
      );
      await tx.query('update youtube_connection set oauth_state = null, oauth_state_expires_at = null where id = 1');
      return r;
    });
    const expected = row?.oauth_state ?? null;
    const given = answer.state ?? '';
    if (!expected || !sameText(expected, given)) {
      throw new EfirError('youtube_auth', 'This answer from Google does not belong to a consent started here (state does not match): connect again');
    }
    if (row!.oauth_state_expires_at && new Date(row!.oauth_state_expires_at).getTime() < this.now().getTime()) {
      throw new EfirError('youtube_auth', 'The consent took too long (over 15 minutes): connect again');
    }
    if (answer.error) throw new EfirError('youtube_auth', `Google did not grant access (${answer.error}): connect again and allow access`);
    if (!answer.code) throw new EfirError('youtube_auth', 'Google sent no authorisation code: connect again');

    const tokens = await this.tokenRequest(client, {
      grant_type: 'authorization_code',
      code: answer.code,
      redirect_uri: this.redirectUri()
    });
    if (typeof tokens.refresh_token !== 'string' || !tokens.refresh_token) {
      throw new EfirError('youtube_auth', 'Google sent no refresh token (offline access was not granted): connect again');
    }
    const scopes = typeof tokens.scope === 'string' ? tokens.scope : OAUTH_SCOPES.join(' ');
    const before = await this.deps.connection.read();
    const sealed = seal(this.deps.youtube.tokenKey!, tokens.refresh_token, REFRESH_TOKEN_CONTEXT);
    await this.deps.connection.update({
      refreshTokenEnc: sealed,
      oauthScopes: scopes,
      oauthConnectedAt: this.now(),
      // a "reconnect" shown for a revoked token is answered now
      ...(before.lastError?.code === 'youtube_auth' ? { lastError: null, ...(before.status === 'error' ? { status: 'ok' as const } : {}) } : {})
    });
    this.keep(tokens, sealed);
    this.deps.log.info({ scopes }, 'youtube: OAuth account connected');
    return this.state();
  }

  /** Forgets the account here (Google keeps the grant until the account removes it). */
  async disconnect(): Promise<void> {
    this.cached = null;
    await this.deps.connection.update({ refreshTokenEnc: null, oauthScopes: null, oauthConnectedAt: null, oauthState: null, oauthStateExpiresAt: null });
  }

  async state(): Promise<OAuthState> {
    const row = await this.deps.connection.read();
    const connected = !!row.refreshTokenEnc;
    const scopes = connected && row.oauthScopes ? row.oauthScopes.split(/\s+/).filter(Boolean) : [];
    return {
      configured: this.configured,
      connected,
      connectedAt: connected ? row.oauthConnectedAt : null,
      scopes,
      missingScopes: connected ? OAUTH_SCOPES.filter((s) => !scopes.includes(s)) : [],
      needsReconnect: !connected && row.lastError?.code === 'youtube_auth',
      redirectUri: this.redirectUri()
    };
  }

  /**
   * A current access token: the cached one while the account it came from is still the connected one
   * (one read of the row: a disconnect or reconnect on any instance counts at once), else one refresh
   * shared by every caller waiting.
   */
  private async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_MS > this.now().getTime()) {
      if ((await this.deps.connection.read()).refreshTokenEnc === this.cached.from) return this.cached.token;
      this.cached = null;
    }
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<string> {
    const client = this.client();
    const row = await this.deps.connection.read();
    if (!row.refreshTokenEnc) {
      throw new EfirError('youtube_not_connected', 'No YouTube account is connected: an admin connects it on the admin page (Connect YouTube account)');
    }
    let refreshToken: string;
    try {
      refreshToken = open(this.deps.youtube.tokenKey!, row.refreshTokenEnc, REFRESH_TOKEN_CONTEXT);
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      // YOUTUBE_TOKEN_KEY changed: the stored token is unreadable for good, as if revoked.
      throw await this.revoked('The stored refresh token does not open with YOUTUBE_TOKEN_KEY (the key changed?): connect the account again');
    }
    const tokens = await this.tokenRequest(client, { grant_type: 'refresh_token', refresh_token: refreshToken });
    return this.keep(tokens, row.refreshTokenEnc);
  }

  private keep(tokens: TokenAnswer, from: string): string {
    if (typeof tokens.access_token !== 'string' || !tokens.access_token) {
      throw new EfirError('youtube_bad_answer', 'Google’s token endpoint answered without an access_token');
    }
    const seconds = typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? tokens.expires_in : 3600;
    this.cached = { token: tokens.access_token, expiresAt: this.now().getTime() + seconds * 1000, from };
    return tokens.access_token;
  }

  /** One POST to the token endpoint; Google's error answers become EfirErrors. */
  private async tokenRequest(client: NonNullable<YoutubeConfig['oauth']>, params: Record<string, string>): Promise<TokenAnswer> {
    let res: Response;
    try {
      res = await fetch(client.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ ...params, client_id: client.clientId, client_secret: client.clientSecret }),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS)
      });
    } catch (err) {
      throw new EfirError('youtube_unavailable', `Google’s token endpoint cannot be reached: ${(err as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    let body: TokenAnswer;
    try {
      body = JSON.parse(text) as TokenAnswer;
      if (!body || typeof body !== 'object') throw new Error('not an object');
    } catch {
      if (res.status >= 500) throw new EfirError('youtube_unavailable', `Google’s token endpoint answered ${res.status}`);
      throw new EfirError('youtube_bad_answer', `Google’s token endpoint answered ${res.status} with no JSON`);
    }
    if (res.ok) return body;
    const code = typeof body.error === 'string' ? body.error : '';
    const detail = typeof body.error_description === 'string' ? `${code}: ${body.error_description}` : code || String(res.status);
    if (code === 'invalid_grant' && params.grant_type === 'refresh_token') {
      throw await this.revoked(`The YouTube account’s access was revoked or has expired (${detail}): connect the account again`);
    }
    if (code === 'invalid_grant') throw new EfirError('youtube_auth', `Google refused the authorisation code (${detail}): connect again`);
    if (code === 'invalid_client' || code === 'unauthorized_client') {
      throw new EfirError('youtube_auth', `Google refused the OAuth client (${detail}): check YOUTUBE_OAUTH_CLIENT_ID and YOUTUBE_OAUTH_CLIENT_SECRET`);
    }
    if (res.status >= 500 || res.status === 429) throw new EfirError('youtube_unavailable', `Google’s token endpoint answered ${res.status} (${detail})`);
    throw new EfirError('youtube_auth', `Google’s token endpoint refused (${detail})`);
  }

  /**
   * The refresh token is no good any more: drop it (every later call would fail the same way) and
   * record the problem on the connection, which the admin page shows as "reconnect".
   */
  private async revoked(message: string): Promise<EfirError> {
    this.cached = null;
    const error = new EfirError('youtube_auth', message);
    await this.deps.connection.update({ refreshTokenEnc: null, oauthConnectedAt: null });
    await this.deps.connection.markError(error.code, message);
    this.deps.log.warn({ code: error.code }, `youtube: ${message}`);
    return error;
  }

  private client(): NonNullable<YoutubeConfig['oauth']> {
    const { oauth, tokenKey } = this.deps.youtube;
    if (!oauth || !tokenKey) {
      throw new EfirError(
        'youtube_not_connected',
        'No OAuth client is configured: set YOUTUBE_OAUTH_CLIENT_ID, YOUTUBE_OAUTH_CLIENT_SECRET and YOUTUBE_TOKEN_KEY'
      );
    }
    return oauth;
  }

}

/** Compares in constant time (a state is a secret until used). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
