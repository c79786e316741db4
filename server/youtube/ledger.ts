/**
 * The ledger of Data API calls (table youtube_api_calls) and the day's budget.
 *
 * Every call is booked BEFORE it is made (`reserve`), so its units count even when it fails or the
 * process dies half-way: YouTube charges failed calls too, and a budget that only counted successes
 * would overspend. The check and the booking are one transaction under an advisory lock, so two web
 * instances (or a sync and a caption download in one process) never both take the last units.
 *
 * Budgets per purpose: 'sync' may spend up to YOUTUBE_DAILY_UNITS; everything else ('captions',
 * 'publish', 'connect') only up to dailyUnits - syncReserveUnits, so a caption backlog or an upload
 * never leaves the mirror's sync without its units.
 *
 * While the connection is paused (youtube_connection.paused_until: quotaExceeded from YouTube, or the
 * budget spent) every reserve is refused, in the same transaction, so no call slips out after a stop.
 *
 * Interface (shared with H2 captions/oauth and H4 publish; keep it):
 *   reserve(method, units, purpose) → {id, day, units}  | throws EfirError('youtube_quota')
 *   finish(id, status, error, ms)
 *   spentToday(), spentOn(day), remaining(purpose), list(limit)
 */
import type { Db, Queryable } from '../db/index.ts';
import type { YoutubeConfig } from '../../config/index.ts';
import { EfirError } from '../errors.ts';
import { nextQuotaReset, quotaDay, type YoutubeMethod } from './quota.ts';

export type YoutubePurpose = 'sync' | 'captions' | 'publish' | 'connect';

export interface LedgerEntry {
  id: number;
  at: Date;
  quotaDay: string;
  method: string;
  units: number;
  purpose: string;
  status: number | null;
  error: string | null;
  ms: number | null;
}

export interface Reservation {
  id: number;
  day: string;
  units: number;
}

export interface LedgerDeps {
  db: Db;
  config: Pick<YoutubeConfig, 'dailyUnits' | 'syncReserveUnits'>;
  /** The clock (tests move it across quota days). */
  now?: () => Date;
}

// pg_advisory_xact_lock key of the budget ('YTQ' + 1); migrate.ts uses its own.
const LOCK_KEY = 0x59545101;

export class YoutubeLedger {
  readonly now: () => Date;

  constructor(private readonly deps: LedgerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The most `purpose` may have spent in one quota day. */
  budget(purpose: YoutubePurpose): number {
    const { dailyUnits, syncReserveUnits } = this.deps.config;
    return purpose === 'sync' ? dailyUnits : Math.max(0, dailyUnits - syncReserveUnits);
  }

  /**
   * Books one call of `units` for `purpose` in today's quota day, or refuses with youtube_quota
   * (retryAfter: seconds until the next Pacific midnight) when the budget would be exceeded or the
   * connection is paused.
   */
  async reserve(method: YoutubeMethod | string, units: number, purpose: YoutubePurpose): Promise<Reservation> {
    if (!Number.isInteger(units) || units < 1) throw new Error(`ledger: a call costs at least 1 unit (${method}: ${units})`);
    const now = this.now();
    const day = quotaDay(now);
    const budget = this.budget(purpose);
    return this.deps.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const [conn] = await tx.query<{ paused_until: Date | null }>('select paused_until from youtube_connection where id = 1');
      if (conn?.paused_until && new Date(conn.paused_until) > now) {
        throw quotaError(`YouTube calls are paused until ${new Date(conn.paused_until).toISOString()} (the quota day's units are spent)`, new Date(conn.paused_until), now);
      }
      const spent = await spentOn(tx, day);
      if (spent + units > budget) {
        throw quotaError(
          `The day's YouTube budget for ${purpose} is spent: ${spent} of ${budget} units used, ${method} needs ${units}; it resets at midnight Pacific time`,
          nextQuotaReset(now),
          now
        );
      }
      const [row] = await tx.query<{ id: number }>(
        'insert into youtube_api_calls (at, quota_day, method, units, purpose) values ($1, $2, $3, $4, $5) returning id',
        [now, day, method, units, purpose]
      );
      return { id: Number(row.id), day, units };
    });
  }

  /** Records how a booked call ended: its HTTP status (null: no answer), error text, duration. */
  async finish(id: number, status: number | null, error: string | null, ms: number): Promise<void> {
    await this.deps.db.query('update youtube_api_calls set status = $2, error = $3, ms = $4 where id = $1', [
      id,
      status,
      error === null ? null : error.slice(0, 500),
      Math.max(0, Math.round(ms))
    ]);
  }

  async spentToday(): Promise<number> {
    return spentOn(this.deps.db, quotaDay(this.now()));
  }

  async spentOn(day: string): Promise<number> {
    return spentOn(this.deps.db, day);
  }

  /** Units `purpose` may still spend today. */
  async remaining(purpose: YoutubePurpose): Promise<number> {
    return Math.max(0, this.budget(purpose) - (await this.spentToday()));
  }

  /** Units booked with an id greater than `afterId` (a sync's own spending: its first id - 1). */
  async unitsSince(afterId: number, purpose?: YoutubePurpose): Promise<number> {
    const rows = await this.deps.db.query<{ units: number }>(
      `select coalesce(sum(units), 0)::int as units from youtube_api_calls where id > $1 ${purpose ? 'and purpose = $2' : ''}`,
      purpose ? [afterId, purpose] : [afterId]
    );
    return Number(rows[0].units);
  }

  /** The id of the newest call (0 when none): a mark to measure a sync's spending from. */
  async lastId(): Promise<number> {
    const rows = await this.deps.db.query<{ id: number | null }>('select max(id) as id from youtube_api_calls');
    return Number(rows[0].id ?? 0);
  }

  /** The newest calls, newest first (the admin page's ledger). */
  async list(limit = 100): Promise<LedgerEntry[]> {
    const rows = await this.deps.db.query<any>(
      `select id, at, to_char(quota_day, 'YYYY-MM-DD') as quota_day, method, units, purpose, status, error, ms
         from youtube_api_calls order by id desc limit $1`,
      [Math.max(1, Math.min(1000, limit))]
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at),
      quotaDay: r.quota_day,
      method: r.method,
      units: r.units,
      purpose: r.purpose,
      status: r.status,
      error: r.error,
      ms: r.ms
    }));
  }
}

async function spentOn(q: Queryable, day: string): Promise<number> {
  const rows = await q.query<{ units: number }>('select coalesce(sum(units), 0)::int as units from youtube_api_calls where quota_day = $1', [day]);
  return Number(rows[0].units);
}

function quotaError(message: string, until: Date, now: Date): EfirError {
  return new EfirError('youtube_quota', message, { retryAfter: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) });
}
