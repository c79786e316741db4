/**
 * variants: MP4s with subtitles burned in, one per language of the batch, from ONE ffmpeg that
 * decodes and scales the source once (media/variants.ts variantsArgs). Each file is written as
 * `<outPath>.part`, checked (duration by ffprobe), then renamed to outPath, so the web process never
 * serves half a file. libass's log is read while ffmpeg runs: the first sign of a character not
 * drawn in Noto Sans from the fonts folder stops ffmpeg and fails the batch (no retry can fix it).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { VariantFile, VariantsJobData, VariantsResult } from '../../jobs/queues.ts';
import { ensureDiskSpace } from '../../media/disk-space.ts';
import {
  FfmpegError,
  libassFontProblems,
  MediaInputError,
  MP4_OVERHEAD,
  outputNamesOf,
  probeFailureOf,
  probeFile,
  runFfmpeg,
  sourceInput,
  variantsArgs,
  type FontProblem,
  type VariantOutput
} from '../../media/index.ts';
import { isCutShort } from './ladder.ts';
import { prepareFontsDir, type FontsSetting } from './fonts.ts';

export interface VariantsContext {
  data: VariantsJobData;
  log: Logger;
  /** 0..1 over the whole batch; throttled before it reaches Redis. */
  progress(fraction: number): void;
  /** Aborted when the worker stops and cannot wait any longer: stop ffmpeg now. */
  signal: AbortSignal;
  /** DISK_RESERVE_BYTES */
  diskReserveBytes: number;
  fonts: FontsSetting;
}

/** libass drew (or would draw) a character in a font other than Noto Sans from the fonts folder. */
export class FontProblemError extends Error {
  constructor(readonly problems: FontProblem[]) {
    const first = problems[0]!;
    super(`${first.output ?? 'subtitles'}: a character cannot be drawn in Noto Sans${characterOf(first.message)} (${first.message})`);
    this.name = 'FontProblemError';
  }
}

/** " (漢, U+6F22)" from a "Glyph 0x6F22 …" line, so the translator sees which character to fix. */
function characterOf(message: string): string {
  const m = /glyph 0x([0-9a-f]+)/i.exec(message);
  if (!m) return '';
  const code = parseInt(m[1]!, 16);
  return ` (${String.fromCodePoint(code)}, U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

export async function variantsStep(ctx: VariantsContext): Promise<VariantsResult> {
  const { data, log, signal } = ctx;
  if (data.targets.length === 0) throw new Error('variants: the batch has no languages');
  const sourceName = path.basename(data.sourcePath);
  if (!(await fs.stat(data.sourcePath).catch(() => null))?.isFile()) {
    throw new MediaInputError(sourceName, 'the source file is gone', 'source_missing');
  }
  const fontsDir = await prepareFontsDir(ctx.fonts);

  // Every file at the planned bitrates (the floor may make them larger than the cap), before writing.
  const perFile = (((data.videoKbps + data.audioKbps) * 1000) / 8) * data.duration * (1 + MP4_OVERHEAD);
  await ensureDiskSpace(path.dirname(data.targets[0]!.outPath), ctx.diskReserveBytes, Math.ceil(perFile * data.targets.length));

  const outputs: VariantOutput[] = data.targets.map((t) => ({ name: t.lang, vttPath: t.vttPath, outFile: `${t.outPath}.part` }));
  for (const t of data.targets) await fs.mkdir(path.dirname(t.outPath), { recursive: true });
  const names = outputNamesOf(outputs);
  const removeParts = () => Promise.all(outputs.map((o) => fs.rm(o.outFile, { force: true })));

  // libass's font choices, kept for the log: what an operator reads to see Noto Sans was really used.
  const fontChoices = new Set<string>();
  const args = variantsArgs(sourceInput(data.sourcePath, data.sourceFormat ?? undefined), fontsDir, data, outputs);
  log.info({ languages: data.targets.map((t) => t.lang), height: data.height, videoKbps: data.videoKbps }, 'variants: one ffmpeg for the batch');
  try {
    await runFfmpeg(args, {
      durationSeconds: data.duration,
      onProgress: ctx.progress,
      signal,
      onStderrLine: (line) => {
        if (line.includes('fontselect:') && fontChoices.size < 50) fontChoices.add(line.replace(/ @ 0x[0-9a-f]+\]/i, ']'));
        const problems = libassFontProblems(line, names);
        if (problems.length > 0) throw new FontProblemError(problems);
      }
    });
  } catch (err) {
    await removeParts();
    throw sourceProblem(err, sourceName) ?? err;
  }
  log.info({ fonts: [...fontChoices] }, 'variants: the fonts libass chose');

  const files: VariantFile[] = [];
  try {
    for (const [k, t] of data.targets.entries()) {
      const part = outputs[k]!.outFile;
      const seconds = (await probeFile(part)).duration;
      // A source cut short whose index survived: ffmpeg stops where the data does and exits 0.
      if (isCutShort(seconds, data.duration)) {
        throw new MediaInputError(sourceName, `truncated or damaged file: the video stops at ${seconds.toFixed(1)} s of ${data.duration.toFixed(1)} s`, 'damaged_file');
      }
      files.push({ lang: t.lang, subtitleVersion: t.subtitleVersion, path: t.outPath, bytes: (await fs.stat(part)).size, seconds });
    }
  } catch (err) {
    await removeParts();
    throw err;
  }
  // Renamed only once every file is whole, so a batch is all there or not at all.
  for (const [k, t] of data.targets.entries()) await fs.rename(outputs[k]!.outFile, t.outPath);
  return { files };
}

/** ffmpeg failing on the source's data (not on us): a MediaInputError, which is not retried. */
function sourceProblem(err: unknown, sourceName: string): MediaInputError | null {
  if (!(err instanceof FfmpegError) || err.exitCode === null) return null;
  const failure = probeFailureOf(err.stderrTail);
  return failure ? new MediaInputError(sourceName, failure.reason, failure.code) : null;
}
