/**
 * npm run bench:variants [-- --duration 60 --height 1080 --repeat 1]
 * The six subtitled variants (the fixture languages, burned in) of a 60 s 1080p30 lavfi clip, two
 * ways side by side in one run:
 *   efir:     one ffmpeg process: the source decoded and scaled once, split to six subtitle burners
 *             and encoders (media/variants.ts variantsArgs, what the media worker runs)
 *   separate: one ffmpeg per language, one after another, each decoding and scaling the source
 *             again (singleVariantArgs: the same filters and encoder settings)
 * Both use the plan Efir makes for that clip (planVariant with the configured cap). Reports wall
 * and CPU time of each way, the efir / separate ratio (median over back-to-back pairs, `--repeat N`,
 * order alternating; target <= 0.6), each file's size against the cap, whether libass used only
 * Noto Sans, and the machine; ends with one JSON line of the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/index.ts';
import {
  libassFontProblems,
  planVariant,
  probeFile,
  resolveFfmpegPaths,
  runFfmpeg,
  singleVariantArgs,
  sourceInput,
  syntheticClipArgs,
  useFfmpegSettings,
  variantsArgs,
  type VariantOutput
} from '../../media/index.ts';
import { parseSubtitles, toWebVtt } from '../../media/subtitles/index.ts';
import { prepareFontsDir } from '../../workers/steps/fonts.ts';
import { measure, type Measured } from './measure.ts';
import { numberOption } from './options.ts';

// The shared fixtures, copied byte for byte into the repository (test/unit/subtitles/fixtures/README.md).
const FIXTURES = path.resolve(import.meta.dirname, '../../test/unit/subtitles/fixtures');
const FIXTURE_FILES: Record<string, string> = { ru: 'ru.srt', uz: 'uz.bom.srt', tg: 'tg.vtt', az: 'az.ass', ro: 'ro.crlf.srt', en: 'en.srt' };

interface Way extends Measured {
  /** Bytes of each language's file. */
  sizes: Record<string, number>;
  fontProblems: number;
}

async function main() {
  const duration = numberOption('duration', 60);
  const height = numberOption('height', 1080);
  const repeat = numberOption('repeat', 1);
  const width = Math.round((height * 16) / 9 / 2) * 2;
  const config = loadConfig();
  useFfmpegSettings(config);
  const { ffmpeg } = resolveFfmpegPaths(config);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-bench-variants-'));
  try {
    const source = path.join(dir, 'source.mp4');
    console.log(`making a ${duration} s ${width}x${height}p30 lavfi clip…`);
    // veryfast like bench:transcode's: CABAC and B-frames cost a decoder what a camera's file does.
    await runFfmpeg(syntheticClipArgs(source, { duration, width, height, fps: 30, preset: 'veryfast' }));
    const probe = await probeFile(source);
    const input = sourceInput(source, probe.formatName);
    const plan = planVariant(probe.duration, probe.video!.width, probe.video!.height, config.variants);
    const fontsDir = await prepareFontsDir({ configuredDir: config.variants.fontsDir, managedDir: path.join(dir, 'fonts') });
    const langs = Object.keys(FIXTURE_FILES);
    for (const [lang, file] of Object.entries(FIXTURE_FILES)) {
      const parsed = parseSubtitles(fs.readFileSync(path.join(FIXTURES, file)), file);
      fs.writeFileSync(path.join(dir, `${lang}.vtt`), toWebVtt(parsed.cues));
    }
    const outputs = (way: string): VariantOutput[] =>
      langs.map((lang) => ({ name: lang, vttPath: path.join(dir, `${lang}.vtt`), outFile: path.join(dir, `${way}-${lang}.mp4`) }));
    console.log(
      `plan: ${plan.width}x${plan.height}, ${plan.videoKbps}k video + ${plan.audioKbps}k audio, ` +
        `about ${(plan.estimatedBytes / 1e6).toFixed(1)} MB per file of a ${(config.variants.capBytes / 1e6).toFixed(1)} MB cap; ${langs.join(' ')}`
    );

    const finish = (way: string, m: Measured, stderr: string): Way => {
      const sizes = Object.fromEntries(outputs(way).map((o) => [o.name, fs.statSync(o.outFile).size]));
      for (const o of outputs(way)) fs.rmSync(o.outFile, { force: true });
      return { wallSeconds: m.wallSeconds, cpuSeconds: m.cpuSeconds, peakRssMiB: m.peakRssMiB, sizes, fontProblems: libassFontProblems(stderr).length };
    };
    const runEfir = async (i: number): Promise<Way> => {
      const m = await measure(ffmpeg, variantsArgs(input, fontsDir, plan, outputs('efir')));
      const way = finish('efir', m, m.stderr);
      console.log(`efir (one ffmpeg)   #${i + 1}: ${way.wallSeconds.toFixed(1)} s wall, ${way.cpuSeconds.toFixed(1)} s CPU, ${way.peakRssMiB} MiB peak`);
      return way;
    };
    const runSeparate = async (i: number): Promise<Way> => {
      const per: (Measured & { stderr: string })[] = [];
      for (const o of outputs('separate')) per.push(await measure(ffmpeg, singleVariantArgs(input, fontsDir, plan, o)));
      const total: Measured = {
        wallSeconds: per.reduce((s, m) => s + m.wallSeconds, 0),
        cpuSeconds: per.reduce((s, m) => s + m.cpuSeconds, 0),
        peakRssMiB: Math.max(...per.map((m) => m.peakRssMiB))
      };
      const way = finish('separate', total, per.map((m) => m.stderr).join('\n'));
      console.log(`separate (6 ffmpeg) #${i + 1}: ${way.wallSeconds.toFixed(1)} s wall, ${way.cpuSeconds.toFixed(1)} s CPU, ${way.peakRssMiB} MiB peak per process`);
      return way;
    };

    // Pairs back to back, the order alternating, so a burst of load from elsewhere on a shared
    // machine does not always fall on the same side; each pair gives one ratio.
    const runs: { efir: Way; separate: Way }[] = [];
    for (let i = 0; i < repeat; i++) {
      if (i % 2 === 0) {
        const efir = await runEfir(i);
        runs.push({ efir, separate: await runSeparate(i) });
      } else {
        const separate = await runSeparate(i);
        runs.push({ efir: await runEfir(i), separate });
      }
      const r = runs[i]!;
      console.log(`pair #${i + 1}: ratio ${(r.efir.wallSeconds / r.separate.wallSeconds).toFixed(3)} wall, ${(r.efir.cpuSeconds / r.separate.cpuSeconds).toFixed(3)} CPU`);
    }

    const median = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const cap = config.variants.capBytes;
    const last = runs.at(-1)!;
    console.log('\nfile sizes (last pair) against the cap:');
    for (const lang of langs) {
      const e = last.efir.sizes[lang]!;
      const s = last.separate.sizes[lang]!;
      console.log(`  ${lang}: efir ${(e / 1e6).toFixed(2)} MB (${((e / cap) * 100).toFixed(0)}% of cap), separate ${(s / 1e6).toFixed(2)} MB (${((s / cap) * 100).toFixed(0)}%)`);
    }
    const figures = {
      bench: 'variants',
      clip: { seconds: duration, width, height, fps: 30 },
      plan: { width: plan.width, height: plan.height, videoKbps: plan.videoKbps, audioKbps: plan.audioKbps, estimatedBytes: plan.estimatedBytes },
      languages: langs,
      repeat,
      efir: {
        wallSeconds: +median(runs.map((r) => r.efir.wallSeconds)).toFixed(2),
        cpuSeconds: +median(runs.map((r) => r.efir.cpuSeconds)).toFixed(1),
        peakRssMiB: Math.max(...runs.map((r) => r.efir.peakRssMiB))
      },
      separate: {
        wallSeconds: +median(runs.map((r) => r.separate.wallSeconds)).toFixed(2),
        cpuSeconds: +median(runs.map((r) => r.separate.cpuSeconds)).toFixed(1),
        peakRssMiB: Math.max(...runs.map((r) => r.separate.peakRssMiB))
      },
      ratioWall: +median(runs.map((r) => r.efir.wallSeconds / r.separate.wallSeconds)).toFixed(3),
      ratioCpu: +median(runs.map((r) => r.efir.cpuSeconds / r.separate.cpuSeconds)).toFixed(3),
      pairs: runs.map((r) => ({ efirWall: +r.efir.wallSeconds.toFixed(1), separateWall: +r.separate.wallSeconds.toFixed(1), ratioWall: +(r.efir.wallSeconds / r.separate.wallSeconds).toFixed(3) })),
      capBytes: cap,
      sizes: { efir: last.efir.sizes, separate: last.separate.sizes },
      allUnderCap: runs.every((r) => [...Object.values(r.efir.sizes), ...Object.values(r.separate.sizes)].every((b) => b <= cap)),
      fontProblems: runs.reduce((n, r) => n + r.efir.fontProblems + r.separate.fontProblems, 0),
      target: 'ratioWall <= 0.6',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 1024 ** 3), loadavg: os.loadavg().map((l) => +l.toFixed(2)), node: process.version }
    };
    console.log(`\nefir ${figures.efir.wallSeconds} s vs separate ${figures.separate.wallSeconds} s: ratio (wall) ${figures.ratioWall}, (CPU) ${figures.ratioCpu}; target <= 0.6`);
    console.log(JSON.stringify(figures));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err?.message ?? err);
  process.exit(1);
});
