// The one module that RUNS ffmpeg and ffprobe. Everything else in media/ is pure and takes or
// returns plain data, so this file is the only one to change if fluent-ffmpeg (archived
// upstream) has to go: it is used for ffprobe only, never exposed, and ffmpeg itself is spawned
// directly with argument lists from ffmpeg-args.ts.

import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { MediaInputError, describeProbeFailure, interpretProbe, type ProbeResult } from './probe.js';
import { parseProgress } from './progress.js';
import { keyframeProbeArgs, parseKeyframeTimes, regularKeyframeInterval } from './keyframes.js';

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
  source: 'FFMPEG_PATH' | 'ffmpeg-static' | 'PATH';
}

const exe = process.platform === 'win32' ? '.exe' : '';

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Like `which`: a name with a slash is checked as is, a bare name is looked up on env.PATH. */
function which(name: string, env: NodeJS.ProcessEnv): string | null {
  if (name.includes('/') || name.includes(path.sep)) {
    return isExecutableFile(name) ? path.resolve(name) : null;
  }
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE').split(';')] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

/** ffmpeg-static's binary path, or null if the optional package or its download is missing. */
function ffmpegStaticBinary(): string | null {
  try {
    const found: unknown = createRequire(import.meta.url)('ffmpeg-static');
    return typeof found === 'string' ? found : null;
  } catch {
    return null;
  }
}

const INSTALL_HINT =
  'install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set FFMPEG_PATH and FFPROBE_PATH';

/**
 * Which binaries to run, in order of preference: FFMPEG_PATH (with FFPROBE_PATH, else an ffprobe
 * beside it), then the ffmpeg-static package (an optionalDependency whose binary download may
 * have failed, so the file is checked), then PATH. ffmpeg-static ships no ffprobe, so ffprobe
 * then comes from FFPROBE_PATH or PATH. `loadFfmpegStatic` exists for tests.
 */
export function resolveFfmpegPaths(
  env: NodeJS.ProcessEnv = process.env,
  loadFfmpegStatic: () => string | null = ffmpegStaticBinary
): FfmpegPaths {
  const probeOverride = env.FFPROBE_PATH ? which(env.FFPROBE_PATH, env) : null;
  if (env.FFPROBE_PATH && !probeOverride) {
    throw new Error(`FFPROBE_PATH=${env.FFPROBE_PATH} is not an executable file; ${INSTALL_HINT}`);
  }

  if (env.FFMPEG_PATH) {
    const ff = which(env.FFMPEG_PATH, env);
    if (!ff) throw new Error(`FFMPEG_PATH=${env.FFMPEG_PATH} is not an executable file; ${INSTALL_HINT}`);
    const probe = probeOverride ?? which(path.join(path.dirname(ff), `ffprobe${exe}`), env) ?? which('ffprobe', env);
    if (!probe) throw new Error(`no ffprobe next to FFMPEG_PATH=${ff} or on PATH; set FFPROBE_PATH or ${INSTALL_HINT}`);
    return { ffmpeg: ff, ffprobe: probe, source: 'FFMPEG_PATH' };
  }

  const bundled = loadFfmpegStatic();
  if (bundled && isExecutableFile(bundled)) {
    const probe = probeOverride ?? which('ffprobe', env);
    if (!probe) throw new Error(`ffmpeg-static has no ffprobe and none is on PATH; ${INSTALL_HINT}`);
    return { ffmpeg: bundled, ffprobe: probe, source: 'ffmpeg-static' };
  }

  const ff = which('ffmpeg', env);
  const probe = probeOverride ?? which('ffprobe', env);
  if (!ff || !probe) {
    const missing = [ff ? null : 'ffmpeg', probe ? null : 'ffprobe'].filter(Boolean).join(' and ');
    throw new Error(`${missing} not found on PATH; ${INSTALL_HINT}`);
  }
  return { ffmpeg: ff, ffprobe: probe, source: 'PATH' };
}

let resolved: FfmpegPaths | null = null;
// Resolved once per process (only on success, so installing ffmpeg later is picked up).
function paths(): FfmpegPaths {
  resolved ??= resolveFfmpegPaths();
  return resolved;
}

/**
 * Probe a local file. Bad uploads become MediaInputError with a reason the uploader can act on;
 * anything else (ffprobe missing, killed) stays a plain Error so the job is retried.
 */
export async function probeFile(filePath: string, fileName: string = path.basename(filePath)): Promise<ProbeResult> {
  const info = await stat(filePath);
  if (!info.isFile()) throw new Error(`probeFile: ${filePath} is not a regular file`);
  if (info.size === 0) throw new MediaInputError(fileName, 'empty file (0 bytes)');

  // The file: prefix stops a name starting with '-' or looking like 'http:...' being read as
  // an option or another protocol.
  const input = `file:${path.resolve(filePath)}`;
  const raw = await new Promise<unknown>((resolve, reject) => {
    ffmpeg(input)
      .setFfprobePath(paths().ffprobe)
      .ffprobe(['-hide_banner'], (err: unknown, data: unknown) =>
        err ? reject(probeError(err, input, fileName)) : resolve(data)
      );
  });
  return interpretProbe(raw, fileName);
}

/**
 * Probe a live stream the ingest serves (rtmp://…/live/<key>). `name` is what errors call it: never
 * the URL, which holds the stream key. ffprobe gives up after `timeoutSeconds` without data.
 */
export async function probeStream(url: string, name: string, timeoutSeconds = 10): Promise<ProbeResult> {
  const raw = await new Promise<unknown>((resolve, reject) => {
    ffmpeg(url)
      .setFfprobePath(paths().ffprobe)
      .ffprobe(['-hide_banner', '-rw_timeout', String(timeoutSeconds * 1_000_000)], (err: unknown, data: unknown) => {
        if (!err) return resolve(data);
        const message = (err instanceof Error ? err.message : String(err)).split(url).join(name);
        reject(new MediaInputError(name, `the stream could not be read (${message.trim().split('\n').pop()})`));
      });
  });
  return interpretProbe(raw, name, { live: true });
}

/** Turn fluent-ffmpeg's ffprobe error ('ffprobe exited with code 1' + stderr) into ours. */
function probeError(err: unknown, input: string, fileName: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  // A non-zero exit on a local, non-empty file is about the file; a spawn error or a signal is not.
  if (!/ffprobe exited with code/.test(message)) return err instanceof Error ? err : new Error(message);
  const reason = describeProbeFailure(message);
  if (reason) return new MediaInputError(fileName, reason);
  const lastLine = (message.trim().split('\n').pop() ?? '').split(`${input}: `).join('');
  return new MediaInputError(fileName, `unreadable media file (${lastLine})`);
}

/** A failed ffmpeg run: the message carries the tail of ffmpeg's stderr. */
export class FfmpegError extends Error {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;

  constructor(exitCode: number | null, signal: NodeJS.Signals | null, stderrTail: string) {
    const how = exitCode !== null ? `exited with code ${exitCode}` : `was killed by ${signal}`;
    super(`ffmpeg ${how}${stderrTail ? `:\n${stderrTail}` : ' (no error output)'}`);
    this.name = 'FfmpegError';
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderrTail = stderrTail;
  }
}

export interface RunFfmpegOptions {
  /** Source duration, to turn -progress positions into fractions. */
  durationSeconds?: number;
  /** Called with a rising fraction 0..1, and with 1 on success. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

const STDERR_TAIL_LINES = 50;
/** How long ffmpeg may take to finish up after SIGTERM before it is SIGKILLed. */
const KILL_GRACE_MS = 3000;

function abortReason(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const err = new Error(typeof signal.reason === 'string' ? signal.reason : 'ffmpeg aborted');
  err.name = 'AbortError';
  return err;
}

/**
 * Spawn ffmpeg (no shell) with an argument list from ffmpeg-args.ts. Progress comes from
 * `-progress pipe:1` blocks on stdout; the last lines of stderr are kept for the error.
 */
export function runFfmpeg(args: string[], opts: RunFfmpegOptions = {}): Promise<void> {
  const { durationSeconds = 0, onProgress, signal } = opts;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    let binary: string;
    try {
      binary = paths().ffmpeg;
    } catch (err) {
      return reject(err);
    }

    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stderrLines: string[] = [];
    let stderrPartial = '';
    let stdoutPartial = '';
    let block = '';
    let reported = -1;
    let failure: Error | null = null;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (err: Error): void => {
      if (failure) return;
      failure = err;
      child.kill('SIGTERM');
      // ffmpeg normally exits promptly on SIGTERM; a wedged one (stuck on I/O) gets SIGKILL.
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const onAbort = (): void => stop(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });

    const report = (fraction: number): void => {
      if (!onProgress || fraction <= reported) return;
      reported = fraction;
      try {
        onProgress(fraction);
      } catch (err) {
        stop(err instanceof Error ? err : new Error(String(err)));
      }
    };

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (data: string) => {
      const lines = (stdoutPartial + data).split('\n');
      stdoutPartial = lines.pop() ?? '';
      for (const line of lines) {
        block += `${line}\n`;
        // A block ends with progress=continue|end; parse whole blocks only.
        if (line.startsWith('progress=')) {
          const fraction = parseProgress(block, durationSeconds);
          block = '';
          // 'end' is reported when the process has really succeeded, not before.
          if (fraction !== null) report(Math.min(fraction, 0.999));
        }
      }
    });

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (data: string) => {
      const lines = (stderrPartial + data).split(/\r?\n/);
      stderrPartial = lines.pop() ?? '';
      stderrLines.push(...lines.filter((l) => l.trim() !== ''));
      if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.splice(0, stderrLines.length - STDERR_TAIL_LINES);
    });

    const finish = (): void => {
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (err) => {
      finish();
      reject(new Error(`could not start ffmpeg (${binary}): ${err.message}`));
    });

    child.on('close', (code, sig) => {
      finish();
      if (failure) return reject(failure);
      if (code === 0) {
        report(1);
        return resolve();
      }
      if (stderrPartial.trim()) stderrLines.push(stderrPartial);
      reject(new FfmpegError(code, sig, stderrLines.slice(-STDERR_TAIL_LINES).join('\n')));
    });
  });
}

/**
 * The source's keyframe interval when regular (media/keyframes.ts), else undefined. Failing to
 * read it is not an error: the ladder then re-encodes every rung, which is always correct.
 */
export function probeKeyframeInterval(filePath: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const child = spawn(paths().ffprobe, keyframeProbeArgs(`file:${path.resolve(filePath)}`), { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', () => resolve(undefined));
    child.once('exit', (code) => resolve(code === 0 ? regularKeyframeInterval(parseKeyframeTimes(out)) : undefined));
  });
}
