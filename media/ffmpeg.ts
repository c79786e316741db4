// The one module that RUNS ffmpeg and ffprobe. Everything else in media/ is pure and takes or
// returns plain data. Both are spawned directly (no shell) by one runner (runTool): argument lists
// from ffmpeg-args.ts and friends, output read until the process has closed its pipes, an optional
// timeout, cancellation by AbortSignal, and SIGKILL for one that ignores SIGTERM.

import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { accessSync, constants, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MediaInputError, interpretProbe, probeFailureOf, type ProbeResult } from './probe.js';
import { parseProgress } from './progress.js';
import { keyframeProbeArgs, parseKeyframeTimes, regularKeyframeInterval } from './keyframes.js';
import { formatProbeArgs, liveInput, sourceInput } from './ffmpeg-args.js';
import { checkMediaLimits, type MediaLimits } from './limits.js';
import { parseStartTime, startTimeProbeArgs } from './start-time.js';

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

/** FFMPEG_PATH and FFPROBE_PATH, as config/index.ts reads them (null: not set). */
export interface FfmpegSettings {
  ffmpegPath: string | null;
  ffprobePath: string | null;
}

/**
 * Which binaries to run, in order of preference: FFMPEG_PATH (with FFPROBE_PATH, else an ffprobe
 * beside it), then the ffmpeg-static package (an optionalDependency whose binary download may
 * have failed, so the file is checked), then PATH. ffmpeg-static ships no ffprobe, so ffprobe
 * then comes from FFPROBE_PATH or PATH. `env` gives only the search path (PATH, PATHEXT);
 * `loadFfmpegStatic` exists for tests.
 */
export function resolveFfmpegPaths(
  settings: Partial<FfmpegSettings> = {},
  env: NodeJS.ProcessEnv = process.env,
  loadFfmpegStatic: () => string | null = ffmpegStaticBinary
): FfmpegPaths {
  const { ffmpegPath, ffprobePath } = settings;
  const probeOverride = ffprobePath ? which(ffprobePath, env) : null;
  if (ffprobePath && !probeOverride) {
    throw new Error(`FFPROBE_PATH=${ffprobePath} is not an executable file; ${INSTALL_HINT}`);
  }

  if (ffmpegPath) {
    const ff = which(ffmpegPath, env);
    if (!ff) throw new Error(`FFMPEG_PATH=${ffmpegPath} is not an executable file; ${INSTALL_HINT}`);
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

let settings: Partial<FfmpegSettings> = {};
let resolved: FfmpegPaths | null = null;

/**
 * Sets FFMPEG_PATH and FFPROBE_PATH from the process's Config: createEfir (the web process and the
 * scripts) and the worker call it at start. Until then (tests that run ffmpeg directly) the
 * bundled or PATH binaries are used. Resolution waits for the first run, so a missing ffmpeg
 * fails the first job rather than the start, as before.
 */
export function useFfmpegSettings(s: FfmpegSettings): void {
  settings = { ffmpegPath: s.ffmpegPath, ffprobePath: s.ffprobePath };
  resolved = null;
}

// Resolved once per process (only on success, so installing ffmpeg later is picked up).
function paths(): FfmpegPaths {
  resolved ??= resolveFfmpegPaths(settings);
  return resolved;
}

/** A failed ffmpeg or ffprobe run: the message carries the tail of its stderr. */
export class FfmpegError extends Error {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
  readonly tool: Tool;

  constructor(exitCode: number | null, signal: NodeJS.Signals | null, stderrTail: string, tool: Tool = 'ffmpeg') {
    const how = exitCode !== null ? `exited with code ${exitCode}` : `was killed by ${signal}`;
    super(`${tool} ${how}${stderrTail ? `:\n${stderrTail}` : ' (no error output)'}`);
    this.name = 'FfmpegError';
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderrTail = stderrTail;
    this.tool = tool;
  }
}

type Tool = 'ffmpeg' | 'ffprobe';

interface RunToolOptions {
  signal?: AbortSignal;
  /** Stop the process (and fail) after this long; none by default, since a transcode may take hours. */
  timeoutMs?: number;
  /** Each piece of stdout as it arrives (ffmpeg's -progress blocks). */
  onStdout?: (text: string) => void;
  /** Keep the whole stdout and resolve with it (ffprobe's answers), up to this many characters. */
  collectStdout?: number;
  /** Each whole line of stderr (libass's font selection, which the variants step checks); throwing stops the process. */
  onStderrLine?: (line: string) => void;
  /** Extra output pipes: fds 3, 4, ... (ffmpeg writes them as pipe:3, pipe:4...); see RunFfmpegOptions.pipes. */
  pipes?: PipeOutputs;
}

/**
 * Output pipes beyond stdout and stderr, for ffmpeg outputs written to `pipe:3`, `pipe:4`, ...
 * (the live LL-HLS ladder writes one fragmented MP4 per variant). `onData(i, chunk)` gets the bytes
 * of pipe i (fd 3 + i) as they come; throwing stops the process and rejects with that error.
 */
export interface PipeOutputs {
  count: number;
  onData: (index: number, chunk: Buffer) => void;
}

/** The fd of extra output pipe `index` (0-based), as ffmpeg's `pipe:N` output names it. */
export const pipeFd = (index: number): number => 3 + index;

const STDERR_TAIL_LINES = 50;
/** How long a process may take to finish up after SIGTERM before it is SIGKILLed. */
const KILL_GRACE_MS = 3000;
/** A probe reads a file's headers or a few seconds of it: a minute means something is wrong. */
export const PROBE_TIMEOUT_MS = 60_000;
/** More JSON than any real file's streams and format print. */
const PROBE_MAX_OUTPUT = 16 * 1024 * 1024;

function abortReason(signal: AbortSignal, tool: Tool): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const err = new Error(typeof signal.reason === 'string' ? signal.reason : `${tool} aborted`);
  err.name = 'AbortError';
  return err;
}

/**
 * Runs ffmpeg or ffprobe with an argument list. Settles on `close`, once the process has exited
 * AND its pipes are drained (on `exit` the last of stdout may still be unread). Rejects with
 * FfmpegError (exit code and stderr tail), the abort reason, or a timeout error.
 */
function runTool(tool: Tool, args: string[], opts: RunToolOptions = {}): Promise<string> {
  const { signal, timeoutMs, onStdout, collectStdout, onStderrLine, pipes } = opts;
  return new Promise<string>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal, tool));
    let binary: string;
    try {
      binary = paths()[tool];
    } catch (err) {
      return reject(err);
    }

    const extra = pipes ? Array.from({ length: pipes.count }, () => 'pipe' as const) : [];
    // Typed as the three standard pipes (so stdout and stderr are not null); the extra ones are read from child.stdio.
    const stdio = ['ignore', 'pipe', 'pipe', ...extra] as unknown as ['ignore', 'pipe', 'pipe'];
    const child = spawn(binary, args, { stdio, windowsHide: true });
    const stderrLines: string[] = [];
    let stderrPartial = '';
    let stdout = '';
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
    const onAbort = (): void => stop(abortReason(signal!, tool));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = timeoutMs === undefined ? undefined : setTimeout(() => stop(new Error(`${tool} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`)), timeoutMs);

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (data: string) => {
      if (collectStdout !== undefined) {
        stdout += data;
        if (stdout.length > collectStdout) stop(new Error(`${tool} printed more than ${collectStdout} characters`));
      }
      if (onStdout) {
        try {
          onStdout(data);
        } catch (err) {
          stop(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });

    extra.forEach((_, i) => {
      const stream = child.stdio[pipeFd(i)] as Readable | null;
      if (!stream) return;
      // A pipe error (the process died mid-write) ends that output; `close` reports how ffmpeg ended.
      stream.on('error', () => {});
      stream.on('data', (chunk: Buffer) => {
        try {
          pipes!.onData(i, chunk);
        } catch (err) {
          stop(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (data: string) => {
      const lines = (stderrPartial + data).split(/\r?\n/);
      stderrPartial = lines.pop() ?? '';
      const whole = lines.filter((l) => l.trim() !== '');
      if (onStderrLine) {
        try {
          for (const line of whole) onStderrLine(line);
        } catch (err) {
          stop(err instanceof Error ? err : new Error(String(err)));
        }
      }
      stderrLines.push(...whole);
      if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.splice(0, stderrLines.length - STDERR_TAIL_LINES);
    });

    const finish = (): void => {
      clearTimeout(killTimer);
      clearTimeout(timeout);
      signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (err) => {
      finish();
      reject(new Error(`could not start ${tool} (${binary}): ${err.message}`));
    });

    child.on('close', (code, sig) => {
      finish();
      if (failure) return reject(failure);
      if (code === 0) return resolve(stdout);
      if (stderrPartial.trim()) stderrLines.push(stderrPartial);
      reject(new FfmpegError(code, sig, stderrLines.slice(-STDERR_TAIL_LINES).join('\n'), tool));
    });
  });
}

export interface RunFfprobeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Runs ffprobe (arguments from a pure builder) and resolves with everything it printed on stdout. */
export function runFfprobe(args: string[], opts: RunFfprobeOptions = {}): Promise<string> {
  return runTool('ffprobe', args, { signal: opts.signal, timeoutMs: opts.timeoutMs ?? PROBE_TIMEOUT_MS, collectStdout: PROBE_MAX_OUTPUT });
}

export interface ProbeFileOptions {
  /** Caps on duration, frame size and frame count (config's MEDIA_MAX_*); none when omitted. */
  limits?: MediaLimits;
  signal?: AbortSignal;
}

/**
 * Probe a local file. Bad uploads (not a video, a playlist or another format not accepted, over
 * a cap) become MediaInputError with a reason the uploader can act on; anything else (ffprobe
 * missing, killed, timed out) stays a plain Error so the job is retried.
 */
export async function probeFile(filePath: string, fileName: string = path.basename(filePath), opts: ProbeFileOptions = {}): Promise<ProbeResult> {
  const info = await stat(filePath);
  if (!info.isFile()) throw new Error(`probeFile: ${filePath} is not a regular file`);
  if (info.size === 0) throw new MediaInputError(fileName, 'empty file (0 bytes)', 'empty_file');

  const input = sourceInput(filePath);
  const out = await runFfprobe(formatProbeArgs(input), { signal: opts.signal }).catch((err: unknown) => {
    throw probeError(err, `file:${path.resolve(filePath)}`, fileName);
  });
  const probe = interpretProbe(parseJson(out), fileName);
  if (opts.limits) checkMediaLimits(probe, opts.limits, fileName);
  return probe;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // interpretProbe says "unreadable probe output"
  }
}

/**
 * Probe a live stream the ingest serves (rtmp://…/live/<key>). `name` is what errors call it: never
 * the URL, which holds the stream key. ffprobe gives up after `timeoutSeconds` without data.
 */
export async function probeStream(url: string, name: string, timeoutSeconds = 10): Promise<ProbeResult> {
  const out = await runFfprobe(formatProbeArgs(liveInput(url, timeoutSeconds)), { timeoutMs: (timeoutSeconds * 3 + 10) * 1000 }).catch(
    (err: unknown) => {
      const message = (err instanceof Error ? err.message : String(err)).split(url).join(name);
      throw new MediaInputError(name, `the stream could not be read (${message.trim().split('\n').pop()})`, 'stream_unreadable');
    }
  );
  return interpretProbe(parseJson(out), name, { live: true });
}

/** Turn ffprobe's failure (exit code + stderr) into ours. */
function probeError(err: unknown, input: string, fileName: string): Error {
  // A non-zero exit on a local, non-empty file is about the file; a spawn error, a signal or a timeout is not.
  if (!(err instanceof FfmpegError) || err.exitCode === null) return err instanceof Error ? err : new Error(String(err));
  const failure = probeFailureOf(err.stderrTail);
  if (failure) return new MediaInputError(fileName, failure.reason, failure.code);
  const lastLine = (err.stderrTail.trim().split('\n').pop() ?? '').split(`${input}: `).join('');
  return new MediaInputError(fileName, `unreadable media file (${lastLine})`, 'unreadable');
}

export interface RunFfmpegOptions {
  /** Source duration, to turn -progress positions into fractions. */
  durationSeconds?: number;
  /** Called with a rising fraction 0..1, and with 1 on success. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Each line ffmpeg logs (at the command's -loglevel); throwing stops ffmpeg and rejects with that error. */
  onStderrLine?: (line: string) => void;
  /** Outputs written to pipe:3, pipe:4, ... (the live LL-HLS ladder's fragmented MP4s). */
  pipes?: PipeOutputs;
  /** Called on every -progress block (whether or not the fraction rose): the live worker's sign of life. */
  onProgressBlock?: () => void;
}

/**
 * Spawn ffmpeg (no shell) with an argument list from ffmpeg-args.ts. Progress comes from
 * `-progress pipe:1` blocks on stdout; the last lines of stderr are kept for the error.
 */
export async function runFfmpeg(args: string[], opts: RunFfmpegOptions = {}): Promise<void> {
  const { durationSeconds = 0, onProgress, signal, timeoutMs, onStderrLine, pipes, onProgressBlock } = opts;
  let stdoutPartial = '';
  let block = '';
  let reported = -1;
  const report = (fraction: number): void => {
    if (!onProgress || fraction <= reported) return;
    reported = fraction;
    onProgress(fraction);
  };
  await runTool('ffmpeg', args, {
    signal,
    timeoutMs,
    onStderrLine,
    pipes,
    onStdout: (data) => {
      const lines = (stdoutPartial + data).split('\n');
      stdoutPartial = lines.pop() ?? '';
      for (const line of lines) {
        block += `${line}\n`;
        // A block ends with progress=continue|end; parse whole blocks only.
        if (line.startsWith('progress=')) {
          onProgressBlock?.();
          const fraction = parseProgress(block, durationSeconds);
          block = '';
          // 'end' is reported when the process has really succeeded, not before.
          if (fraction !== null) report(Math.min(fraction, 0.999));
        }
      }
    }
  });
  report(1);
}

/**
 * The source's keyframe interval when regular (media/keyframes.ts), else undefined. Failing to
 * read it is not an error: the ladder then re-encodes every rung, which is always correct.
 * `formatName` is the probe's, so ffprobe reads the file as the format that was accepted.
 */
export async function probeKeyframeInterval(filePath: string, formatName?: string): Promise<number | undefined> {
  try {
    const out = await runFfprobe(keyframeProbeArgs(sourceInput(filePath, formatName)));
    return regularKeyframeInterval(parseKeyframeTimes(out));
  } catch {
    return undefined;
  }
}

/** Seconds at which the first video frame of an MPEG-TS file (a segment Efir made) is presented. */
export async function probeStartTime(file: string): Promise<number> {
  const start = parseStartTime(await runFfprobe(startTimeProbeArgs(sourceInput(file, 'mpegts'))));
  if (start === null) throw new Error(`ffprobe reported no start time for ${file}`);
  return start;
}
