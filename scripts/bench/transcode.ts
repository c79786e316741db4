/**
 * npm run bench:transcode [-- --duration 60 --height 1080 --repeat 1 --pipeline 1 --only pipeline]
 * A 60 s 1080p30 lavfi clip through the HLS ladder, side by side in one run:
 *   ladder:        one ffmpeg process, the source decoded once and split to every rendition (what a held upload's workers do)
 *   per-rendition: one ffmpeg process per rendition, run one after another (the source decoded N times)
 *   pipeline:      the real processing run (transcode-pipeline.ts): time to watchable (upload finished →
 *                  published and playable at 360p) as a fraction of the duration, and time to complete,
 *                  whose ratio to per-rendition must stay what the ladder's was (issue 15)
 * Both use the same plan and the same encoder settings (media/ffmpeg-args.ts). Reports wall time,
 * × realtime, CPU seconds, peak memory (VmHWM of the ffmpeg process, polled from /proc), and the
 * ladder / per-rendition time ratio (the median over back-to-back pairs, `--repeat N`, order alternating);
 * ends with one JSON line of the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ladderArgs,
  planLadder,
  probeFile,
  resolveFfmpegPaths,
  runFfmpeg,
  singleRenditionArgs,
  sourceInput,
  syntheticClipArgs,
  useFfmpegSettings
} from '../../media/index.ts';
import { loadConfig } from '../../config/index.ts';
import { measure, type Measured } from './measure.ts';
import { measurePipeline, type PipelineFigures } from './transcode-pipeline.ts';
import { numberOption, stringOption } from './options.ts';

async function main() {
  const duration = numberOption('duration', 60);
  const height = numberOption('height', 1080);
  const repeat = numberOption('repeat', 1);
  const pipelineRuns = numberOption('pipeline', 1);
  // `--only pipeline`: the processing run alone, without the side-by-side pairs (no ratio then).
  const pairs = stringOption('only', 'all') === 'pipeline' ? 0 : repeat;
  const width = Math.round((height * 16) / 9 / 2) * 2;
  const config = loadConfig();
  useFfmpegSettings(config);
  const { ffmpeg } = resolveFfmpegPaths(config);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-bench-transcode-'));
  try {
    const source = path.join(dir, 'source.mp4');
    console.log(`making a ${duration} s ${width}x${height}p30 lavfi clip…`);
    // Keyframes every 2.5 s, which do not divide the 4 s segment: the pipeline re-encodes every rung as
    // ladder and per-rendition do (a source fit for remuxing would be watchable at 1080p within seconds).
    await runFfmpeg(syntheticClipArgs(source, { duration, width, height, fps: 30, preset: 'veryfast', keyframeSeconds: 2.5 }));
    const probe = await probeFile(source);
    // No keyframe interval given: every rung is encoded, so both ways do the same work.
    const plan = planLadder(probe);
    const input = sourceInput(source, probe.formatName);
    console.log(`plan: ${plan.rungs.map((r) => `${r.name} ${Math.round(r.videoBitrate / 1000)}k${r.copy ? ' (copy)' : ''}`).join(', ')}`);

    const runs: { ladder: Measured; perRendition: Measured & { processes: number; peakRssSumMiB: number } }[] = [];
    const runLadder = async (i: number): Promise<Measured> => {
      const ladderOut = path.join(dir, `ladder-${i}`);
      const ladder = await measure(ffmpeg, ladderArgs(input, plan, ladderOut));
      console.log(`ladder        #${i + 1}: ${ladder.wallSeconds.toFixed(1)} s wall, ${ladder.cpuSeconds.toFixed(1)} s CPU, ${ladder.peakRssMiB} MiB peak`);
      fs.rmSync(ladderOut, { recursive: true, force: true });
      return ladder;
    };
    const runPerRendition = async (i: number) => {
      const per: Measured[] = [];
      for (const rung of plan.rungs) {
        const out = path.join(dir, `single-${i}`);
        per.push(await measure(ffmpeg, singleRenditionArgs(input, plan, rung, out)));
        fs.rmSync(out, { recursive: true, force: true });
      }
      const perRendition = {
        wallSeconds: per.reduce((s, m) => s + m.wallSeconds, 0),
        cpuSeconds: per.reduce((s, m) => s + m.cpuSeconds, 0),
        peakRssMiB: Math.max(...per.map((m) => m.peakRssMiB)),
        peakRssSumMiB: per.reduce((s, m) => s + m.peakRssMiB, 0),
        processes: per.length
      };
      console.log(
        `per-rendition #${i + 1}: ${perRendition.wallSeconds.toFixed(1)} s wall, ${perRendition.cpuSeconds.toFixed(1)} s CPU, ` +
          `${perRendition.peakRssMiB} MiB peak per process (${perRendition.peakRssSumMiB} MiB if run side by side)`
      );
      return perRendition;
    };
    // Pairs measured back to back, the order alternating, so a burst of load from elsewhere on a
    // shared machine does not always fall on the same side; each pair gives one ratio.
    for (let i = 0; i < pairs; i++) {
      if (i % 2 === 0) {
        const ladder = await runLadder(i);
        runs.push({ ladder, perRendition: await runPerRendition(i) });
      } else {
        const perRendition = await runPerRendition(i);
        runs.push({ ladder: await runLadder(i), perRendition });
      }
      const r = runs[i];
      console.log(`pair #${i + 1}: ratio ${(r.ladder.wallSeconds / r.perRendition.wallSeconds).toFixed(3)} wall, ${(r.ladder.cpuSeconds / r.perRendition.cpuSeconds).toFixed(3)} CPU`);
    }

    const pipeline: PipelineFigures[] = [];
    for (let i = 0; i < pipelineRuns; i++) {
      const p = await measurePipeline(source, probe.duration);
      pipeline.push(p);
      console.log(
        `pipeline      #${i + 1}: watchable after ${p.watchableSeconds.toFixed(1)} s (${(p.watchableSeconds / duration).toFixed(3)}× the duration, ` +
          `${p.watchableRungs.join(' + ')}; CPU ${p.cpu.watchable.ffmpeg} s ffmpeg + ${p.cpu.watchable.efir} s Efir), complete after ${p.completeSeconds.toFixed(1)} s ` +
          `(${p.completeRungs.join(' + ')}; CPU ${p.cpu.complete.ffmpeg} s ffmpeg + ${p.cpu.complete.efir} s Efir), ${p.database}`
      );
    }

    const median = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const ladderWall = median(runs.map((r) => r.ladder.wallSeconds));
    const perWall = median(runs.map((r) => r.perRendition.wallSeconds));
    const figures = {
      bench: 'transcode',
      clip: { seconds: duration, width, height, fps: 30 },
      rungs: plan.rungs.map((r) => r.name),
      repeat,
      ladder: {
        wallSeconds: +ladderWall.toFixed(2),
        xRealtime: +(duration / ladderWall).toFixed(2),
        cpuSeconds: +median(runs.map((r) => r.ladder.cpuSeconds)).toFixed(1),
        peakRssMiB: Math.max(...runs.map((r) => r.ladder.peakRssMiB))
      },
      perRendition: {
        wallSeconds: +perWall.toFixed(2),
        xRealtime: +(duration / perWall).toFixed(2),
        cpuSeconds: +median(runs.map((r) => r.perRendition.cpuSeconds)).toFixed(1),
        peakRssMiB: Math.max(...runs.map((r) => r.perRendition.peakRssMiB)),
        peakRssSumMiB: Math.max(...runs.map((r) => r.perRendition.peakRssSumMiB))
      },
      // The median of the per-pair ratios: each pair ran back to back, under the same load.
      ratioWall: +median(runs.map((r) => r.ladder.wallSeconds / r.perRendition.wallSeconds)).toFixed(3),
      ratioCpu: +median(runs.map((r) => r.ladder.cpuSeconds / r.perRendition.cpuSeconds)).toFixed(3),
      pairs: runs.map((r) => ({
        ladderWall: +r.ladder.wallSeconds.toFixed(1),
        perRenditionWall: +r.perRendition.wallSeconds.toFixed(1),
        ratioWall: +(r.ladder.wallSeconds / r.perRendition.wallSeconds).toFixed(3)
      })),
      target: 'ratioWall <= 0.75',
      pipeline:
        pipeline.length === 0
          ? null
          : {
              runs: pipeline.length,
              database: pipeline[0].database,
              watchableSeconds: +median(pipeline.map((p) => p.watchableSeconds)).toFixed(2),
              watchableFraction: +median(pipeline.map((p) => p.watchableSeconds / duration)).toFixed(3),
              watchableRungs: pipeline[0].watchableRungs,
              completeSeconds: +median(pipeline.map((p) => p.completeSeconds)).toFixed(2),
              completeXRealtime: +(duration / median(pipeline.map((p) => p.completeSeconds))).toFixed(2),
              cpuSeconds: pipeline[0].cpu,
              // Complete (every rung, with probe, subtitles, thumbnails and publishing) against per-rendition's ffmpeg alone.
              ratioCompleteToPerRendition: +(median(pipeline.map((p) => p.completeSeconds)) / perWall).toFixed(3),
              targets: 'watchableFraction <= 0.25, ratioCompleteToPerRendition <= 0.75'
            },
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }
    };
    console.log(`\nladder: ${figures.ladder.xRealtime}× realtime; per-rendition: ${figures.perRendition.xRealtime}× realtime; ratio (wall) ${figures.ratioWall}, (CPU) ${figures.ratioCpu}`);
    if (figures.pipeline) {
      console.log(
        `pipeline: watchable ${figures.pipeline.watchableFraction}× the duration (${figures.pipeline.watchableSeconds} s), ` +
          `complete ${figures.pipeline.completeSeconds} s, complete / per-rendition ${figures.pipeline.ratioCompleteToPerRendition}; load average ${figures.loadAverage.join(' ')}`
      );
    }
    console.log(JSON.stringify(figures));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err?.message ?? err);
  process.exit(1);
});
