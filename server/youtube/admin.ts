/**
 * The YouTube section of /admin as a service (like AccountsService): every method takes the acting
 * user and checks the admin role itself, whatever the page in front of it checked already. It reads
 * the connection's state for the page (health, sync times and figures, the day's quota and the
 * ledger, the caption backlog) and does what the page's forms ask: save the channel, start and
 * finish the OAuth consent, forget the account, queue a sync.
 */
import type { Logger } from 'pino';
import type { YoutubeConfig } from '../../config/index.ts';
import { EfirError, isEfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import type { YoutubeApi } from './api.ts';
import type { CaptionCounts, CaptionsService } from './captions.ts';
import type { YoutubeConnection } from './connection.ts';
import { seal } from './crypto.ts';
import type { YoutubeLedger } from './ledger.ts';
import type { OAuthState, YoutubeOAuth } from './oauth.ts';
import { nextQuotaReset, quotaDay } from './quota.ts';

/** Associated data of a sealed API key (crypto.ts): it opens only as an API key. */
export const API_KEY_CONTEXT = 'youtube.api_key';
const LEDGER_ROWS = 30;

/** What the admin page shows, JSON-ready (dates as ISO strings). */
export interface YoutubeOverview {
  status: string;
  lastError: { code: string; message: string; at: string } | null;
  pausedUntil: string | null;
  channel: {
    channelId: string | null;
    channelIdFrom: 'admin' | 'env' | null;
    channelTitle: string | null;
    apiKeyFrom: 'admin' | 'env' | null;
    /** An API key can be saved here (YOUTUBE_TOKEN_KEY is set to seal it). */
    canSaveKey: boolean;
  };
  oauth: Omit<OAuthState, 'connectedAt'> & { connectedAt: string | null };
  sync: {
    lastSyncAt: string | null;
    lastFullSyncAt: string | null;
    nextSyncAt: string | null;
    intervalMinutes: number;
    lastResult: Record<string, unknown> | null;
  };
  quota: { day: string; spent: number; budget: number; reserve: number; resetsAt: string };
  ledger: { id: number; at: string; method: string; units: number; purpose: string; status: number | null; error: string | null }[];
  captions: CaptionCounts;
}

export interface YoutubeAdminDeps {
  youtube: YoutubeConfig;
  connection: YoutubeConnection;
  ledger: YoutubeLedger;
  api: Pick<YoutubeApi, 'list'>;
  oauth: YoutubeOAuth;
  captions: Pick<CaptionsService, 'counts'>;
  /** Queues a sync now (the youtube queue's `sync` job). */
  queueSync: () => Promise<void>;
  log: Logger;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export class YoutubeAdminService {
  constructor(private readonly deps: YoutubeAdminDeps) {}

  async overview(actor: User | null): Promise<YoutubeOverview> {
    requireAdmin(actor);
    const { connection, ledger, youtube } = this.deps;
    const [row, settings, oauth, spent, calls, captions] = await Promise.all([
      connection.read(),
      connection.settings().catch(() => null),
      this.deps.oauth.state(),
      ledger.spentToday(),
      ledger.list(LEDGER_ROWS),
      this.deps.captions.counts()
    ]);
    const now = ledger.now();
    const paused = row.pausedUntil && row.pausedUntil > now ? row.pausedUntil : null;
    return {
      status: paused ? 'paused' : row.status === 'paused' ? 'ok' : row.status,
      lastError: row.lastError,
      pausedUntil: iso(paused),
      channel: {
        channelId: settings?.channelId ?? row.channelId ?? youtube.channelId,
        channelIdFrom: settings?.source.channelId ?? (row.channelId ? 'admin' : youtube.channelId ? 'env' : null),
        channelTitle: row.channelTitle,
        apiKeyFrom: settings?.source.apiKey ?? (row.apiKeyEnc ? 'admin' : youtube.apiKey ? 'env' : null),
        canSaveKey: youtube.tokenKey !== null
      },
      oauth: { ...oauth, connectedAt: iso(oauth.connectedAt) },
      sync: {
        lastSyncAt: iso(row.lastSyncAt),
        lastFullSyncAt: iso(row.lastFullSyncAt),
        nextSyncAt: iso(row.nextSyncAt),
        intervalMinutes: youtube.syncIntervalMinutes,
        lastResult: row.lastResult
      },
      quota: {
        day: quotaDay(now),
        spent,
        budget: youtube.dailyUnits,
        reserve: youtube.syncReserveUnits,
        resetsAt: nextQuotaReset(now).toISOString()
      },
      ledger: calls.map((c) => ({ id: c.id, at: c.at.toISOString(), method: c.method, units: c.units, purpose: c.purpose, status: c.status, error: c.error })),
      captions
    };
  }

  /**
   * Saves the channel id and (when given) a new API key, sealed, then checks them with one
   * channels.list (1 unit, purpose 'connect'), which also reads the channel's title and uploads
   * playlist. A key YouTube refuses or a channel it does not know puts the old settings back and
   * refuses with that code; YouTube out of reach keeps the new ones (the next sync tries them).
   */
  async saveChannel(actor: User | null, input: { channelId: string; apiKey: string }): Promise<{ channelTitle: string | null }> {
    requireAdmin(actor);
    const channelId = input.channelId.trim();
    const apiKey = input.apiKey.trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(channelId)) {
      throw new EfirError('invalid_request', 'channelId: a channel id has letters, digits, - and _ only (UC… on YouTube)', { field: 'channelId' });
    }
    if (apiKey && !/^[\x21-\x7e]{1,200}$/.test(apiKey)) {
      throw new EfirError('invalid_request', 'apiKey: an API key is at most 200 printable characters without spaces', { field: 'apiKey' });
    }
    const { connection, youtube } = this.deps;
    if (apiKey && !youtube.tokenKey) {
      throw new EfirError('invalid_request', 'apiKey: saving a key needs YOUTUBE_TOKEN_KEY (it is stored encrypted); set YOUTUBE_API_KEY instead', {
        field: 'apiKey'
      });
    }
    const before = await connection.read();
    const changedChannel = before.channelId !== channelId;
    await connection.update({
      channelId,
      ...(apiKey ? { apiKeyEnc: seal(youtube.tokenKey!, apiKey, API_KEY_CONTEXT) } : {}),
      ...(changedChannel ? { channelTitle: null, uploadsPlaylistId: null } : {})
    });
    // ETags of another channel's lists must not answer 304 for this one.
    if (changedChannel) await connection.clearEtags();
    try {
      const answer = await this.deps.api.list('channels.list', { part: ['snippet', 'contentDetails'], id: [channelId], maxResults: 1 }, { purpose: 'connect' });
      const channel = answer.notModified ? null : answer.data.items?.[0];
      if (!answer.notModified && !channel) throw new EfirError('youtube_not_found', `YouTube has no channel ${channelId}`, { field: 'channelId' });
      const title = channel?.snippet?.title ?? null;
      const uploads = channel?.contentDetails?.relatedPlaylists?.uploads ?? null;
      await connection.update({ channelTitle: title, ...(uploads ? { uploadsPlaylistId: uploads } : {}) });
      await connection.markOk();
      this.deps.log.info({ channelId, title }, 'youtube: channel connected');
      return { channelTitle: title };
    } catch (err) {
      if (isEfirError(err) && (err.code === 'youtube_key_invalid' || err.code === 'youtube_not_found' || err.code === 'youtube_forbidden')) {
        await connection.update({
          channelId: before.channelId,
          apiKeyEnc: before.apiKeyEnc,
          channelTitle: before.channelTitle,
          uploadsPlaylistId: before.uploadsPlaylistId
        });
        throw new EfirError(err.code, err.message, { field: err.code === 'youtube_not_found' ? 'channelId' : 'apiKey' });
      }
      if (isEfirError(err)) {
        await connection.markError(err.code, err.message);
        return { channelTitle: null };
      }
      throw err;
    }
  }

  /** The consent URL to send the admin to (a new state each time). */
  async beginOAuth(actor: User | null): Promise<string> {
    requireAdmin(actor);
    return this.deps.oauth.begin();
  }

  async completeOAuth(actor: User | null, answer: { code?: string | null; state?: string | null; error?: string | null }): Promise<OAuthState> {
    requireAdmin(actor);
    return this.deps.oauth.complete(answer);
  }

  async disconnect(actor: User | null): Promise<void> {
    requireAdmin(actor);
    await this.deps.oauth.disconnect();
  }

  async syncNow(actor: User | null): Promise<void> {
    requireAdmin(actor);
    const settings = await this.deps.connection.settings();
    if (!settings.channelId || !settings.apiKey) {
      throw new EfirError('youtube_not_connected', 'No channel to sync: save a channel id and an API key first');
    }
    await this.deps.queueSync();
  }
}

function requireAdmin(actor: User | null): User {
  if (!actor || actor.role !== 'admin') throw new EfirError('forbidden', 'Forbidden: needs the admin role');
  return actor;
}
