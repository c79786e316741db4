// The LL-HLS ladder on the real ffmpeg (Debian's 5.1): a generated clip stands in for the RTMP
// stream (read faster than real time; the RTMP path is test/integration/live/ll-ingest.test.ts).
// ffmpeg writes a fragmented MP4 per variant to its pipes; the worker's LL output (packager, files,
// notifications) makes parts, segments and playlists, which must pass RFC 8216bis's rules, stay
// aligned across the rungs and the audio, and go on after a restart with a discontinuity.

import { readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile, runFfmpeg } from '../../../media/ffmpeg.js';
import { sourceInput } from '../../../media/ffmpeg-args.js';
import type { LadderPlan } from '../../../media/ladder.js';
import { planLiveLadder } from '../../../media/live.js';
import { liveLlArgs } from '../../../media/live-ll.js';
import { llTiming } from '../../../media/llhls/timing.js';
import { checkLlPlaylist, checkLlSuccession, parseLl } from '../../../media/llhls/rules.js';
import { Mp4Splitter, parseFragment, parseInit } from '../../../media/mp4/fragments.js';
import { LlOutput } from '../../../workers/live/ll-output.js';
import { tempDir } from '../../helpers/env.js';

const CLIP_SECONDS = 4;

let dir: string;
let plan: LadderPlan;
let output: LlOutput;
const notes: { rung: string; msn: number; part: number }[] = [];
/** Every version of every playlist, read right after its rename (when the note is published). */
const versions = new Map<string, string[]>();
const keyframeReports: number[] = [];

function clipArgs(file: string, gop: number): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${CLIP_SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(gop), '-keyint_min', String(gop),
    '-c:a', 'aac', '-b:a', '64k', '-shortest', file
  ];
}

const out = (variant: string, file: string) => path.join(dir, 'live', variant, file);

async function runEpoch(clip: string, recording: string): Promise<void> {
  const timing = llTiming(plan.fps, plan.hasAudio);
  const cmd = liveLlArgs(sourceInput(clip), plan, timing, path.join(dir, recording));
  const pipes = output.startEpoch(cmd.outputs);
  await runFfmpeg(cmd.args, { pipes });
  await output.drain();
}

function newOutput(): LlOutput {
  return new LlOutput({
    outDir: path.join(dir, 'live'),
    variants: ['source', '240p', 'audio'],
    timing: llTiming(plan.fps, plan.hasAudio),
    dvrSegments: 30, audioVariant: 'audio',
    copiedVariant: 'source',
    onKeyframeInterval: (s) => keyframeReports.push(s),
    log: pino({ level: 'silent' }),
    notify: async (note) => {
      notes.push(note);
      const list = versions.get(note.rung) ?? [];
      list.push(readFileSync(out(note.rung, 'index.m3u8'), 'utf8'));
      versions.set(note.rung, list);
    }
  });
}

/** Decode time (s) of each listed part's first sample, by "msn.part". */
async function partTimes(variant: string): Promise<Map<string, number>> {
  const text = await readFile(out(variant, 'index.m3u8'), 'utf8');
  const p = parseLl(text);
  const times = new Map<string, number>();
  for (const s of p.segments) {
    const init = parseInit(await readFile(out(variant, s.map!)));
    const main = init.tracks.find((t) => t.handler === 'vide') ?? init.tracks[0]!;
    for (const [i, part] of s.parts.entries()) {
      const f = parseFragment(await readFile(out(variant, part.uri)), init);
      times.set(`${s.msn}.${i}`, f.tracks.find((t) => t.trackId === main.trackId)!.baseDecodeTime / main.timescale);
    }
  }
  return times;
}

beforeAll(async () => {
  dir = tempDir('efir-live-ll-');
  await runFfmpeg(clipArgs(path.join(dir, 'obs.mp4'), 30));
  await runFfmpeg(clipArgs(path.join(dir, 'obs-2s-gop.mp4'), 60));
  plan = planLiveLadder(await probeFile(path.join(dir, 'obs.mp4')));
  output = newOutput();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LL-HLS from ffmpeg\'s fragmented MP4', () => {
  it('the box reader reads what ffmpeg writes: an init segment, then a fragment every fifth of a second', async () => {
    const timing = llTiming(plan.fps, plan.hasAudio);
    const cmd = liveLlArgs(sourceInput(path.join(dir, 'obs.mp4')), plan, timing, path.join(dir, 'probe.ts'));
    const bytes: Buffer[][] = cmd.outputs.map(() => []);
    await runFfmpeg(cmd.args, { pipes: { count: cmd.outputs.length, onData: (i, c) => bytes[i]!.push(c) } });
    const pieces = new Mp4Splitter().push(Buffer.concat(bytes[1]!)); // the 240p rung
    expect(pieces[0]!.kind).toBe('init');
    const init = parseInit(pieces[0]!.bytes);
    expect(init.tracks.map((t) => [t.handler, t.timescale])).toEqual([['vide', 15360], ['soun', 48000]]);
    const frags = pieces.slice(1).map((p) => parseFragment(p.bytes, init).tracks[0]!);
    expect(frags.length).toBe(CLIP_SECONDS * 5);
    expect(frags.map((f) => f.sampleCount)).toEqual(Array(CLIP_SECONDS * 5).fill(6));
    expect(frags.map((f) => f.baseDecodeTime / 15360)).toEqual(frags.map((_, i) => (i * 6) / 30).map((t) => Math.round(t * 15360) / 15360));
    expect(frags.map((f) => f.startsWithSync)).toEqual(frags.map((_, i) => i % 5 === 0));
  });

  it('writes parts and segments whose every playlist passes the rules, aligned across the ladder', async () => {
    expect(plan.rungs.map((r) => r.name)).toEqual(['source', '240p']);
    await runEpoch(path.join(dir, 'obs.mp4'), 'part-1.ts');
    for (const variant of ['source', '240p', 'audio']) {
      const list = versions.get(variant)!;
      expect(list.length).toBeGreaterThan(CLIP_SECONDS * 5 - 2);
      for (const [i, text] of list.entries()) {
        expect(checkLlPlaylist(text), `${variant} #${i}:\n${text}`).toEqual([]);
        if (i > 0) expect(checkLlSuccession(list[i - 1]!, text)).toEqual([]);
      }
      const last = await readFile(out(variant, 'index.m3u8'), 'utf8');
      expect(checkLlPlaylist(last, { read: (u) => readFileSync(out(variant, u)), reports: 2 })).toEqual([]);
      const p = parseLl(last);
      expect(p.segments.filter((s) => s.uri).length).toBeGreaterThanOrEqual(CLIP_SECONDS - 1);
      expect(p.segments[0]!.map).toBe('init0.mp4');
    }
    // The same msn.part is the same media time in every variant (the audio within one fragment).
    const [top, low, audio] = await Promise.all(['source', '240p', 'audio'].map(partTimes));
    for (const [key, t] of low!) {
      if (top!.has(key)) expect(Math.abs(top!.get(key)! - t), key).toBeLessThan(0.002);
      if (audio!.has(key)) expect(audio!.get(key)! - t, key).toBeGreaterThanOrEqual(-0.03);
      if (audio!.has(key)) expect(audio!.get(key)! - t, key).toBeLessThan(0.18);
    }
    // A full segment decodes, at its rung's size, with its audio.
    const seg = out('240p', 'seg000001.m4s');
    const joined = path.join(dir, 'seg1.mp4');
    await runFfmpeg(['-hide_banner', '-loglevel', 'error', '-y', '-i', `concat:${out('240p', 'init0.mp4')}|${seg}`, '-c', 'copy', joined]);
    expect((await probeFile(joined)).video).toMatchObject({ width: 426, height: 240 });
    expect(notes.some((n) => n.rung === 'audio')).toBe(true);
    expect(keyframeReports).toEqual([]);
  });

  it('goes on after a restart: a discontinuity, init1.mp4, the next numbers, every variant alike', async () => {
    const before = Object.fromEntries(['source', '240p', 'audio'].map((v) => [v, versions.get(v)!.length]));
    const nextBefore = parseLl(readFileSync(out('240p', 'index.m3u8'), 'utf8'));
    await runEpoch(path.join(dir, 'obs.mp4'), 'part-2.ts');
    for (const variant of ['source', '240p', 'audio']) {
      const list = versions.get(variant)!;
      for (const [i, text] of list.entries()) {
        if (i >= before[variant]!) expect(checkLlPlaylist(text), `${variant} #${i}:\n${text}`).toEqual([]);
        if (i > 0) expect(checkLlSuccession(list[i - 1]!, text)).toEqual([]);
      }
      const text = readFileSync(out(variant, 'index.m3u8'), 'utf8');
      expect(text.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(1);
      expect(text).toContain('#EXT-X-MAP:URI="init1.mp4"');
      const p = parseLl(text);
      const first = p.segments.find((s) => s.discontinuity)!;
      expect(first.msn).toBe(nextBefore.segments.filter((s) => s.uri).at(-1)!.msn + 1);
    }
    const files = await readdir(path.join(dir, 'live', '240p'));
    expect(files).toContain('init1.mp4');
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    for (const rec of ['part-1.ts', 'part-2.ts']) expect((await probeFile(path.join(dir, rec))).duration).toBeGreaterThan(CLIP_SECONDS - 0.3);
  });

  it('a copied rung with 2 s keyframes: reported, and still cut into 1 s segments of regular parts', async () => {
    const d2 = tempDir('efir-live-ll-gop-');
    const o = new LlOutput({
      outDir: d2, variants: ['source', '240p', 'audio'], timing: llTiming(30, true), dvrSegments: 30, audioVariant: 'audio', copiedVariant: 'source',
      onKeyframeInterval: (s) => keyframeReports.push(s), log: pino({ level: 'silent' }), notify: async () => {}
    });
    const cmd = liveLlArgs(sourceInput(path.join(dir, 'obs-2s-gop.mp4')), plan, llTiming(30, true), path.join(d2, 'rec.ts'));
    await runFfmpeg(cmd.args, { pipes: o.startEpoch(cmd.outputs) });
    await o.drain();
    expect(keyframeReports.at(-1)).toBeCloseTo(2, 1);
    const text = readFileSync(path.join(d2, 'source', 'index.m3u8'), 'utf8');
    expect(checkLlPlaylist(text)).toEqual([]);
    const p = parseLl(text);
    // Keyframes at 0 s and 2 s: of the segments whose parts are listed, 2 starts on one, 3 does not.
    expect(p.segments.filter((s) => s.parts.length).map((s) => [s.msn, s.parts.map((x) => x.independent)])).toEqual([
      [2, [true, false, false, false, false]],
      [3, [false, false, false, false, false]]
    ]);
    await rm(d2, { recursive: true, force: true });
  });
});
