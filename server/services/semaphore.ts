/**
 * At most `limit` holders at once; the rest wait in arrival order. Password hashing takes it:
 * argon2 runs on libuv's thread pool, which file I/O (media, uploads) shares, so a burst of
 * sign-ins must not take every thread (16 at once pushed /media latency from 9 ms to 3.7 s).
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Most holders seen at once (tests read it). */
  peak = 0;

  constructor(readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next in line (active stays the same).
      if (next) next();
      else this.active--;
    }
  }
}
