/** Which rungs a new video is published with first, and what the later pass adds (issue 15). */
import { describe, expect, it } from 'vitest';
import { ladderArgs, sourceInput } from '../../../media/ffmpeg-args.js';
import { passPlan, planLadder, planPasses, rungsNamed, WATCHABLE_HEIGHT } from '../../../media/ladder.js';
import type { ProbeResult, ProbeVideo } from '../../../media/probe.js';

function probe(video: Partial<ProbeVideo> = {}, withAudio = true): ProbeResult {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration: 60,
    sizeBytes: 30_000_000,
    bitRate: 4_000_000,
    video: { codec: 'h264', profile: 'High', level: 40, pixFmt: 'yuv420p', width: 1920, height: 1080, fps: 30, bitRate: 3_800_000, rotation: 0, ...video },
    audio: withAudio ? { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 128000 } : null
  };
}
const names = (rungs: { name: string }[]) => rungs.map((r) => r.name);

describe('planPasses', () => {
  it('publishes a 1080p upload at 360p first, then adds the other four rungs', () => {
    const passes = planPasses(planLadder(probe()), true);
    expect(WATCHABLE_HEIGHT).toBe(360);
    expect(names(passes.first)).toEqual(['360p']);
    expect(names(passes.rest)).toEqual(['1080p', '720p', '480p', '240p']);
  });

  it('goes by the short side: a portrait 1080x1920 phone video is first watchable at 360x640', () => {
    const passes = planPasses(planLadder(probe({ width: 1080, height: 1920 })), true);
    expect(passes.first.map((r) => `${r.width}x${r.height}`)).toEqual(['360x640']);
  });

  it('never goes above the source: a 300-line source is watchable at its own top rung, with nothing left to add', () => {
    const plan = planLadder(probe({ width: 534, height: 300, codec: 'mpeg4' }));
    expect(names(plan.rungs)).toEqual(['240p']);
    expect(planPasses(plan, true)).toEqual({ first: plan.rungs, rest: [] });
  });

  it('a 360p source: 360p first, 240p after', () => {
    const passes = planPasses(planLadder(probe({ width: 640, height: 360, codec: 'mpeg4' })), true);
    expect(names(passes.first)).toEqual(['360p']);
    expect(names(passes.rest)).toEqual(['240p']);
  });

  it('remuxes a fit top rung first: watchable at 1080p almost at once, the encoded rungs after', () => {
    const plan = planLadder(probe(), { sourceKeyframeInterval: 2 });
    expect(plan.rungs[0].copy).toBe(true);
    const passes = planPasses(plan, true);
    expect(names(passes.first)).toEqual(['1080p']);
    expect(passes.first[0].copy).toBe(true);
    expect(names(passes.rest)).toEqual(['720p', '480p', '360p', '240p']);
    expect(passes.rest.every((r) => !r.copy)).toBe(true);
  });

  it('held for the full ladder: everything in one pass, as before', () => {
    const plan = planLadder(probe());
    expect(planPasses(plan, false)).toEqual({ first: plan.rungs, rest: [] });
  });

  it('the passes together are the plan, each rung once', () => {
    for (const p of [probe(), probe({ width: 1280, height: 720 }), probe({ width: 854, height: 480 })]) {
      const plan = planLadder(p);
      const { first, rest } = planPasses(plan, true);
      expect(new Set(names([...first, ...rest]))).toEqual(new Set(names(plan.rungs)));
      expect(first.length + rest.length).toBe(plan.rungs.length);
    }
  });
});

describe('passPlan and its ffmpeg', () => {
  const plan = planLadder(probe());
  const { first, rest } = planPasses(plan, true);
  const input = sourceInput('/in/s.mp4', 'mov,mp4,m4a,3gp,3g2,mj2');

  it('keeps the GOP, forced keyframes and segment length of the whole ladder in both passes', () => {
    for (const rungs of [first, rest]) {
      const args = ladderArgs(input, passPlan(plan, rungs, rungs === first), '/out');
      const joined = args.join(' ');
      expect(joined).toContain(`-g:v:0 ${plan.gop}`);
      expect(joined).toContain(`-force_key_frames:v:0 expr:gte(t,n_forced*${plan.segmentDuration})`);
      expect(joined).toContain(`-hls_time ${plan.segmentDuration}`);
    }
  });

  it('writes the audio-only rendition in the first pass only', () => {
    const a = ladderArgs(input, passPlan(plan, first, true), '/out');
    expect(a[a.indexOf('-var_stream_map') + 1]).toBe('v:0,a:0,name:360p a:1,name:audio');
    const b = ladderArgs(input, passPlan(plan, rest, false), '/out');
    expect(b[b.indexOf('-var_stream_map') + 1]).toBe('v:0,a:0,name:1080p v:1,a:1,name:720p v:2,a:2,name:480p v:3,a:3,name:240p');
  });

  it('scales the later pass as a cascade from the largest of its rungs', () => {
    const b = ladderArgs(input, passPlan(plan, rest, false), '/out');
    expect(b[b.indexOf('-filter_complex') + 1]).toBe(
      '[0:v:0]scale=1920:1080,setsar=1,split=2[v0][n0];[n0]scale=1280:720,setsar=1,split=2[v1][n1];[n1]scale=854:480,setsar=1,split=2[v2][n2];[n2]scale=426:240,setsar=1[v3]'
    );
  });

  it('finds rungs again by name, in the plan order', () => {
    expect(names(rungsNamed(plan, ['240p', '1080p']))).toEqual(['1080p', '240p']);
    expect(() => passPlan(plan, [], false)).toThrow(/at least one rung/);
  });
});
