/**
 * When each viewer identity was first seen on the Q&A (table qa_viewers), so that a sanction's
 * address match can tell a fresh cookie (first seen after the sanction) from a viewer already known
 * behind the same address. Written in batches, off the hot path: a reconnect storm of thousands of
 * viewers is one statement a second, not one per hello. Each sighting keeps its own time, so a late
 * write never makes a known viewer look new; a connection also carries its own opening time
 * (SanctionSubject.seenAt), which covers the second before its batch is written.
 */
import type { Logger } from 'pino';
import type { QaRepository } from './repository.ts';

const FLUSH_MS = 1000;
/** Identities this process has written lately: not written again (bounded; the table keeps the earliest anyway). */
const REMEMBERED = 100_000;

export class ViewerSightings {
  private pending = new Map<string, number>();
  private readonly written = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: QaRepository,
    private readonly log: Logger
  ) {}

  saw(viewerId: string, at: number): void {
    if (this.written.has(viewerId) || this.pending.has(viewerId)) return;
    this.pending.set(viewerId, at);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes what is pending (also called on close). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    if (!batch.size) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.repo.sawViewers([...batch].map(([viewerId, at]) => ({ viewerId, at })));
        if (this.written.size > REMEMBERED) this.written.clear();
        for (const id of batch.keys()) this.written.add(id);
      } catch (err) {
        this.log.warn({ err, viewers: batch.size }, 'could not record Q&A viewers; they count as new to address matches');
      }
    });
    return this.flushing;
  }
}
