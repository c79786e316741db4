// Subtitled variants for messengers (issue 12): MP4s with one language's subtitles burned into the
// picture, small enough to send inline in WhatsApp or Telegram. Pure: the plan (size and bitrate
// from the duration and a size cap), the ONE ffmpeg command that makes every language of a batch,
// and the reading of libass's log for font problems.

import type { VariantsConfig } from '../config/index.js';
import { escapeFilterValue, X264_PRESET, type MediaInput } from './ffmpeg-args.js';

/** MP4's boxes (moov index, sample tables, headers): about 2% of a low-bitrate file. */
export const MP4_OVERHEAD = 0.02;
/**
 * Share of the cap the plan aims at. x264's ABR lands within a few per cent of the target over a
 * whole file, mostly above on short or busy clips; aiming 6% low keeps the file under the cap.
 */
export const CAP_SAFETY = 0.94;
/** -maxrate and -bufsize as multiples of the target: peaks allowed, but the average holds. */
export const VARIANT_MAXRATE_FACTOR = 1.5;
export const VARIANT_BUFSIZE_FACTOR = 2;

/** The variant settings planVariant reads (config.variants; the rest of it is the web process's). */
export type VariantPlanSettings = Pick<VariantsConfig, 'capBytes' | 'minVideoKbps' | 'maxVideoKbps' | 'height' | 'audioKbps'>;

export interface VariantPlan {
  width: number;
  height: number;
  videoKbps: number;
  audioKbps: number;
  /** Video + audio at their bitrates over the duration, plus the container. */
  estimatedBytes: number;
  /** The readable floor won over the cap: the file will be larger than capBytes (the page says so). */
  overCap: boolean;
}

const evenDown = (n: number): number => Math.max(2, 2 * Math.floor(n / 2));
const evenNear = (n: number): number => Math.max(2, 2 * Math.round(n / 2));

/**
 * The frame and bitrates of a variant. The short side is cfg.height (480 by default) or the
 * source's if smaller, so a portrait phone clip becomes 480x854 rather than a thumbnail 270 wide;
 * both sides even (yuv420p). The video bitrate is what fits the cap over the duration with the
 * audio and container beside it, clamped to [minVideoKbps, maxVideoKbps].
 */
export function planVariant(durationSeconds: number, srcWidth: number, srcHeight: number, cfg: VariantPlanSettings): VariantPlan {
  const portrait = srcHeight > srcWidth;
  const srcShort = Math.min(srcWidth, srcHeight);
  // Rounded down: an odd 241-line source gives 240, never 242 (above the source).
  const short = evenDown(Math.min(cfg.height, srcShort));
  const long = evenNear((Math.max(srcWidth, srcHeight) * short) / srcShort);
  const [width, height] = portrait ? [short, long] : [long, short];

  const seconds = Math.max(1, durationSeconds);
  const budgetBits = (cfg.capBytes * 8 * CAP_SAFETY) / (1 + MP4_OVERHEAD);
  const fitting = Math.floor(budgetBits / seconds / 1000 - cfg.audioKbps);
  const videoKbps = Math.min(cfg.maxVideoKbps, Math.max(cfg.minVideoKbps, fitting));
  const estimatedBytes = Math.ceil((((videoKbps + cfg.audioKbps) * 1000) / 8) * seconds * (1 + MP4_OVERHEAD));
  return { width, height, videoKbps, audioKbps: cfg.audioKbps, estimatedBytes, overCap: fitting < cfg.minVideoKbps };
}

/** Bitrates and frame height shared by every output of a batch. */
export interface VariantEncoding {
  /** Output height from planVariant; the width follows the source's aspect (even). */
  height: number;
  videoKbps: number;
  audioKbps: number;
}

export interface VariantOutput {
  /** The language: names the output's subtitles filter, so a font problem in the log names it too. */
  name: string;
  /** The WebVTT Efir wrote; null makes the same picture without subtitles (the tests' and benchmark's reference). */
  vttPath: string | null;
  /** Where ffmpeg writes (the worker's `<out>.part`). */
  outFile: string;
}

/**
 * How burned-in text looks: Noto Sans Bold (the only family in the fonts folder, so libass cannot
 * pick another), 20 of libass's 288-line script height (about 33 px at 480p: readable on a phone
 * held upright), a 2-unit black outline instead of a box so the picture stays visible, lifted off
 * the bottom edge. Looked at on frames of 360p and 480p variants with the Tajik fixture's longest cue.
 */
export const SUBTITLE_STYLE = ['FontName=Noto Sans', 'Bold=1', 'FontSize=20', 'Outline=2', 'Shadow=0', 'MarginV=16'].join(',');

/**
 * libass logs at ffmpeg's info level ("fontselect: …", "Glyph 0x… not found"): the level must let
 * them through so libassFontProblems can read them. -nostats: progress comes from -progress pipe:1.
 */
const VARIANT_COMMON = ['-hide_banner', '-loglevel', 'info', '-nostats', '-progress', 'pipe:1', '-y'];

/** A filter instance name from a language code (letters, digits and _ only, to be safe in the graph). */
export const subtitlesFilterName = (name: string): string => `sub_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

function subtitlesFilter(output: VariantOutput, fontsDir: string): string {
  // `subtitles@<instance>`: libass's log lines then start with "[subtitles@sub_tg @ 0x…]".
  return (
    `subtitles@${subtitlesFilterName(output.name)}=filename=${escapeFilterValue(output.vttPath!)}` +
    `:fontsdir=${escapeFilterValue(fontsDir)}:force_style=${escapeFilterValue(SUBTITLE_STYLE)}`
  );
}

/** Encoder and muxer options of one MP4 output: H.264 Main (every phone decodes it), AAC-LC stereo, moov first. */
function outputArgs(e: VariantEncoding, outFile: string): string[] {
  return [
    '-c:v', 'libx264',
    '-preset', X264_PRESET,
    '-profile:v', 'main',
    '-pix_fmt', 'yuv420p',
    // Average bitrate (not CRF): the size is what matters, and it must come out of the plan.
    '-b:v', `${e.videoKbps}k`,
    '-maxrate', `${Math.round(e.videoKbps * VARIANT_MAXRATE_FACTOR)}k`,
    '-bufsize', `${Math.round(e.videoKbps * VARIANT_BUFSIZE_FACTOR)}k`,
    '-c:a', 'aac',
    '-profile:a', 'aac_low',
    '-b:a', `${e.audioKbps}k`,
    '-ac', '2',
    // moov at the front: a messenger or browser plays the file while it is still downloading.
    '-movflags', '+faststart',
    // -f: the name ends in .part, from which ffmpeg could not guess the container.
    '-f', 'mp4',
    outFile
  ];
}

/**
 * Every output of a batch in ONE ffmpeg: the source is decoded and scaled once, `split` into one
 * branch per output, each branch burns its language's subtitles (rendered at the output size, so
 * the text is sharp) and feeds its own encoder:
 *   [0:v:0]scale=-2:H,setsar=1,split=N[s0]…[sN-1]; [s0]subtitles@sub_ru=…[o0]; …
 * Each output maps its picture and the source's first audio track if there is one.
 */
export function variantsArgs(input: MediaInput, fontsDir: string, encoding: VariantEncoding, outputs: readonly VariantOutput[]): string[] {
  if (outputs.length === 0) throw new Error('variantsArgs: no outputs');
  const n = outputs.length;
  const splits = outputs.map((_, k) => `[s${k}]`).join('');
  const graph = [`[0:v:0]scale=-2:${encoding.height},setsar=1,split=${n}${splits}`];
  outputs.forEach((o, k) => graph.push(`[s${k}]${o.vttPath === null ? 'null' : subtitlesFilter(o, fontsDir)}[o${k}]`));

  const args = [...VARIANT_COMMON, ...input.args, '-filter_complex', graph.join(';')];
  outputs.forEach((o, k) => args.push('-map', `[o${k}]`, '-map', '0:a:0?', ...outputArgs(encoding, o.outFile)));
  return args;
}

/**
 * One output per process: decodes and scales the source again for every language. Only for the
 * benchmark that shows why variantsArgs does not do this; the same filters and encoder otherwise.
 */
export function singleVariantArgs(input: MediaInput, fontsDir: string, encoding: VariantEncoding, output: VariantOutput): string[] {
  const filters = [`scale=-2:${encoding.height}`, 'setsar=1', ...(output.vttPath === null ? [] : [subtitlesFilter(output, fontsDir)])];
  return [...VARIANT_COMMON, ...input.args, '-map', '0:v:0', '-map', '0:a:0?', '-vf', filters.join(','), ...outputArgs(encoding, output.outFile)];
}

export interface FontProblem {
  /** The output (language) whose subtitles filter logged it, when the line names one of ours. */
  output: string | null;
  /** The log line, without ffmpeg's "[filter @ 0x…]" prefix. */
  message: string;
}

const FILTER_PREFIX = /^\[(?:subtitles@(\w+)|[^\]@]+?) @ 0x[0-9a-f]+\]\s*/i;
const EXPECTED_FAMILY = 'noto sans';

/**
 * The lines of ffmpeg's log where libass did not draw a character in Noto Sans from the fonts
 * folder: a glyph missing from the font ("Glyph 0x6F22 not found, selecting one more font"), no
 * font having it at all ("failed to find any fallback"), or a font selection
 * (`fontselect: (family, weight, italic) -> result`) that asked for another family or was answered
 * by fontconfig with a system font file (a path) rather than by a font from fontsdir (which libass
 * loads into memory and names without a path: "-> NotoSans-Regular, 0, NotoSans-Regular").
 */
export function libassFontProblems(stderr: string, outputNames: Record<string, string> = {}): FontProblem[] {
  const problems: FontProblem[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    const prefix = FILTER_PREFIX.exec(raw);
    const line = prefix ? raw.slice(prefix[0].length) : raw.trim();
    if (!isFontProblem(line)) continue;
    const instance = prefix?.[1] ?? null;
    problems.push({ output: instance === null ? null : (outputNames[instance] ?? instance), message: line });
  }
  return problems;
}

function isFontProblem(line: string): boolean {
  if (/^Glyph 0x[0-9a-f]+ not found/i.test(line)) return true;
  if (/failed to find any fallback/i.test(line)) return true;
  const selected = /^fontselect: \((.*?), \d+, \d+\) -> (.*)$/.exec(line);
  if (!selected) return false;
  const [, family, result] = selected;
  if (family!.trim().toLowerCase() !== EXPECTED_FAMILY) return true;
  // The chosen font's file: a path means fontconfig found it on the system, outside the fonts folder.
  const file = result!.split(',')[0]!.trim();
  return file.includes('/') || file.includes('\\');
}

/** The map libassFontProblems takes to name outputs: filter instance name → output name. */
export function outputNamesOf(outputs: readonly Pick<VariantOutput, 'name'>[]): Record<string, string> {
  return Object.fromEntries(outputs.map((o) => [subtitlesFilterName(o.name), o.name]));
}
