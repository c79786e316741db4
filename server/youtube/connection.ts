/**
 * The channel connection: the single youtube_connection row (id = 1). It holds the settings the admin
 * page saves (they override YOUTUBE_CHANNEL_ID / YOUTUBE_API_KEY; secrets sealed with H2's crypto.ts
 * under YOUTUBE_TOKEN_KEY, never in the clear), the connection's health for the admin page
 * (status ok | error | paused | unconfigured, last_error {code, message, at}), the sync times,
 * paused_until (no Data API call before it: server/youtube/ledger.ts refuses), the list answers'
 * ETags (If-None-Match) and the last sync's figures.
 *
 * Interface (shared; keep it): read(), settings(), update(patch), markOk(), markError(code, message),
 * pause(until, code, message), etag(key), setEtags(map), recordSync(result, full).
 */
import type { Db } from '../db/index.ts';
import type { YoutubeConfig } from '../../config/index.ts';

export type ConnectionStatus = 'ok' | 'error' | 'paused' | 'unconfigured';

export interface ConnectionError {
  code: string;
  message: string;
  at: string;
}

export interface ConnectionState {
  channelId: string | null;
  apiKeyEnc: string | null;
  channelTitle: string | null;
  uploadsPlaylistId: string | null;
  refreshTokenEnc: string | null;
  oauthScopes: string | null;
  oauthConnectedAt: Date | null;
  oauthState: string | null;
  oauthStateExpiresAt: Date | null;
  status: ConnectionStatus;
  lastError: ConnectionError | null;
  lastSyncAt: Date | null;
  lastFullSyncAt: Date | null;
  nextSyncAt: Date | null;
  pausedUntil: Date | null;
  lastResult: Record<string, unknown> | null;
  etags: Record<string, string>;
  updatedAt: Date;
}

/** The settings in force: the admin page's, else the environment's. */
export interface EffectiveSettings {
  channelId: string | null;
  apiKey: string | null;
  /** Where each came from, for the admin page. */
  source: { channelId: 'admin' | 'env' | null; apiKey: 'admin' | 'env' | null };
}

/** Columns update() may set (camelCase of youtube_connection's). */
export type ConnectionPatch = Partial<Omit<ConnectionState, 'updatedAt' | 'etags'>>;

const COLUMNS: Record<keyof ConnectionPatch, string> = {
  channelId: 'channel_id',
  apiKeyEnc: 'api_key_enc',
  channelTitle: 'channel_title',
  uploadsPlaylistId: 'uploads_playlist_id',
  refreshTokenEnc: 'refresh_token_enc',
  oauthScopes: 'oauth_scopes',
  oauthConnectedAt: 'oauth_connected_at',
  oauthState: 'oauth_state',
  oauthStateExpiresAt: 'oauth_state_expires_at',
  status: 'status',
  lastError: 'last_error',
  lastSyncAt: 'last_sync_at',
  lastFullSyncAt: 'last_full_sync_at',
  nextSyncAt: 'next_sync_at',
  pausedUntil: 'paused_until',
  lastResult: 'last_result'
};
const JSON_COLUMNS = new Set(['last_error', 'last_result']);

export interface ConnectionDeps {
  db: Db;
  config: Pick<YoutubeConfig, 'apiKey' | 'channelId'>;
  /**
   * Opens a secret sealed by server/youtube/crypto.ts (H2) under YOUTUBE_TOKEN_KEY; null when no key
   * is configured (then a stored api_key_enc cannot be read and the environment's key is used).
   */
  openSecret?: ((sealed: string) => string) | null;
  now?: () => Date;
}

export class YoutubeConnection {
  private readonly now: () => Date;
  openSecret: ((sealed: string) => string) | null;

  constructor(private readonly deps: ConnectionDeps) {
    this.now = deps.now ?? (() => new Date());
    this.openSecret = deps.openSecret ?? null;
  }

  /** The row, created on first use. */
  async read(): Promise<ConnectionState> {
    let [row] = await this.deps.db.query<any>('select * from youtube_connection where id = 1');
    if (!row) {
      await this.deps.db.query('insert into youtube_connection (id) values (1) on conflict (id) do nothing');
      [row] = await this.deps.db.query<any>('select * from youtube_connection where id = 1');
    }
    return fromRow(row);
  }

  async settings(): Promise<EffectiveSettings> {
    const row = await this.read();
    let apiKey: string | null = null;
    let keySource: 'admin' | 'env' | null = null;
    if (row.apiKeyEnc && this.openSecret) {
      apiKey = this.openSecret(row.apiKeyEnc);
      keySource = 'admin';
    } else if (this.deps.config.apiKey) {
      apiKey = this.deps.config.apiKey;
      keySource = 'env';
    }
    const channelId = row.channelId ?? this.deps.config.channelId;
    return {
      channelId,
      apiKey,
      source: { channelId: row.channelId ? 'admin' : channelId ? 'env' : null, apiKey: keySource }
    };
  }

  async update(patch: ConnectionPatch): Promise<void> {
    await this.read(); // the row exists
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const column = COLUMNS[key as keyof ConnectionPatch];
      if (!column) throw new Error(`youtube_connection: unknown field ${key}`);
      values.push(JSON_COLUMNS.has(column) && value !== null && value !== undefined ? JSON.stringify(value) : value ?? null);
      sets.push(`${column} = $${values.length}`);
    }
    if (!sets.length) return;
    values.push(this.now());
    sets.push(`updated_at = $${values.length}`);
    await this.deps.db.query(`update youtube_connection set ${sets.join(', ')} where id = 1`, values);
  }

  async markOk(): Promise<void> {
    await this.update({ status: 'ok', lastError: null });
  }

  /** A problem the admin page shows (and the logs carry); what is mirrored stays. */
  async markError(code: string, message: string): Promise<void> {
    await this.update({ status: 'error', lastError: { code, message, at: this.now().toISOString() } });
  }

  /** No call before `until` (the ledger refuses them): quotaExceeded or the day's budget spent. */
  async pause(until: Date, code: string, message: string): Promise<void> {
    await this.update({ status: 'paused', pausedUntil: until, lastError: { code, message, at: this.now().toISOString() } });
  }

  async etag(key: string): Promise<string | null> {
    const rows = await this.deps.db.query<{ etag: string | null }>("select etags ->> $1 as etag from youtube_connection where id = 1", [key]);
    return rows[0]?.etag ?? null;
  }

  /** Merges ETags by request key (a null value removes one). */
  async setEtags(etags: Record<string, string | null>): Promise<void> {
    if (!Object.keys(etags).length) return;
    await this.read();
    const set = Object.fromEntries(Object.entries(etags).filter(([, v]) => v !== null));
    const drop = Object.keys(etags).filter((k) => etags[k] === null);
    await this.deps.db.query(`update youtube_connection set etags = (etags - $2::text[]) || $1::jsonb where id = 1`, [JSON.stringify(set), drop]);
  }

  /** Forgets every ETag (the channel changed: nothing cached belongs to it). */
  async clearEtags(): Promise<void> {
    await this.deps.db.query("update youtube_connection set etags = '{}' where id = 1");
  }

  /** A sync finished (or stopped): its figures and times; status back to ok unless it stopped on a problem. */
  async recordSync(result: Record<string, unknown>, opts: { full: boolean; at: Date; nextSyncAt?: Date | null }): Promise<void> {
    const patch: ConnectionPatch = { lastResult: result, lastSyncAt: opts.at };
    if (opts.full) patch.lastFullSyncAt = opts.at;
    if (opts.nextSyncAt !== undefined) patch.nextSyncAt = opts.nextSyncAt;
    await this.update(patch);
  }
}

function date(v: unknown): Date | null {
  return v === null || v === undefined ? null : new Date(v as string);
}

function fromRow(r: any): ConnectionState {
  return {
    channelId: r.channel_id,
    apiKeyEnc: r.api_key_enc,
    channelTitle: r.channel_title,
    uploadsPlaylistId: r.uploads_playlist_id,
    refreshTokenEnc: r.refresh_token_enc,
    oauthScopes: r.oauth_scopes,
    oauthConnectedAt: date(r.oauth_connected_at),
    oauthState: r.oauth_state,
    oauthStateExpiresAt: date(r.oauth_state_expires_at),
    status: r.status,
    lastError: r.last_error ?? null,
    lastSyncAt: date(r.last_sync_at),
    lastFullSyncAt: date(r.last_full_sync_at),
    nextSyncAt: date(r.next_sync_at),
    pausedUntil: date(r.paused_until),
    lastResult: r.last_result ?? null,
    etags: r.etags ?? {},
    updatedAt: new Date(r.updated_at)
  };
}
