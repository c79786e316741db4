/**
 * An ffmpeg standing in for OBS in the live tests: a 640x360 30 fps test pattern with a 440 Hz tone,
 * H.264 with 1 s keyframes (as the studio asks producers to set OBS) and AAC, sent in real time
 * over RTMP. Each test file keeps its publishers in one set and kills what is left after its tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Publisher {
  child: ChildProcess;
  exited: Promise<number | null>;
}

export class TestPublishers {
  private readonly running = new Set<ChildProcess>();

  publish(url: string, seconds = 60): Publisher {
    const child = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '30', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '64k',
      '-f', 'flv', url
    ], { stdio: 'ignore' });
    return this.track(child);
  }

  /** Keeps another ffmpeg a test spawned itself (a publisher with other settings) for killAll. */
  track(child: ChildProcess): Publisher {
    this.running.add(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { this.running.delete(child); resolve(code); }));
    return { child, exited };
  }

  killAll(): void {
    for (const p of this.running) p.kill('SIGKILL');
  }
}

/** Polls `fn` until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 100
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
