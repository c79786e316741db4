import { describe, expect, it } from 'vitest';
import { liveInput } from '../../../media/ffmpeg-args.js';
import { LIVE_READ_TIMEOUT_SECONDS, liveMasterPlaylist, planLiveLadder } from '../../../media/live.js';
import { liveLlArgs } from '../../../media/live-ll.js';
import { llTiming } from '../../../media/llhls/timing.js';
import type { ProbeResult } from '../../../media/probe.js';

const obs: ProbeResult = {
  formatName: 'flv', duration: 1, sizeBytes: 0, bitRate: null,
  video: { codec: 'h264', profile: 'High', level: 31, pixFmt: 'yuv420p', width: 1280, height: 720, fps: 30, bitRate: 3_000_000, rotation: 0 },
  audio: { codec: 'aac', channels: 2, sampleRate: 44100, bitRate: 160_000 }
};
const input = liveInput('rtmp://127.0.0.1:1935/live/key');

/** The options of each output: from after the previous output file to its own. */
function outputs(args: string[]): string[][] {
  const ends = args.flatMap((a, i) => (/^pipe:\d$/.test(a) && a !== 'pipe:1' ? [i] : []));
  return ends.map((end, k) => args.slice(k === 0 ? args.indexOf('-filter_complex') + 2 : ends[k - 1]! + 1, end + 1));
}
const valueOf = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('liveLlArgs', () => {
  const plan = planLiveLadder(obs);
  const timing = llTiming(plan.fps, plan.hasAudio);
  const { args, outputs: outs } = liveLlArgs(input, plan, timing, '/rec/part-1.ts');

  it('one fragmented MP4 per rung and one for the audio-only rendition, on pipes 3, 4, ...', () => {
    expect(outs).toEqual([
      { variant: 'source', pipe: 0 }, { variant: '480p', pipe: 1 }, { variant: '360p', pipe: 2 }, { variant: '240p', pipe: 3 }, { variant: 'audio', pipe: 4 }
    ]);
    expect(outputs(args).map((o) => o.at(-1))).toEqual(['pipe:3', 'pipe:4', 'pipe:5', 'pipe:6', 'pipe:7']);
    // Progress stays on stdout; the recording is the last output, unchanged.
    expect(valueOf(args, '-progress')).toBe('pipe:1');
    expect(args.slice(-9)).toEqual(['-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-f', 'mpegts', '/rec/part-1.ts']);
    expect(valueOf(args, '-rw_timeout')).toBe(String(LIVE_READ_TIMEOUT_SECONDS * 1_000_000));
  });

  it('each rung carries its video and its audio; fragments of a fifth of a second, flushed at once', () => {
    const [source, p480, , , audio] = outputs(args);
    expect(source!.filter((a) => a === '-map')).toHaveLength(2);
    expect(valueOf(source!, '-c:v')).toBe('copy');
    // The copied rung is cut by duration only (bad keyframes must not shift its parts off the grid).
    expect(valueOf(source!, '-movflags')).toBe('+empty_moov+default_base_moof');
    expect(valueOf(p480!, '-movflags')).toBe('+empty_moov+default_base_moof+frag_keyframe');
    expect(valueOf(p480!, '-c:v')).toBe('libx264');
    expect(valueOf(p480!, '-force_key_frames:v')).toBe('expr:gte(t,n_forced*1)');
    expect(valueOf(p480!, '-frag_duration')).toBe('199000');
    expect(valueOf(p480!, '-flush_packets')).toBe('1');
    expect(valueOf(p480!, '-avoid_negative_ts')).toBe('disabled');
    expect([valueOf(p480!, '-c:a'), valueOf(p480!, '-ar'), valueOf(p480!, '-ac')]).toEqual(['aac', '48000', '2']);
    // Audio alone: mono AAC, smaller fragments the packager groups into parts.
    expect(audio!.filter((a) => a === '-map')).toEqual(['-map']);
    expect([valueOf(audio!, '-ac'), valueOf(audio!, '-b:a'), valueOf(audio!, '-frag_duration')]).toEqual(['1', '48k', '160000']);
  });

  it('a master that promises independent segments only when no rung is copied (a copied rung is cut by time)', () => {
    expect(liveMasterPlaylist(plan, { lowLatency: true })).not.toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    expect(liveMasterPlaylist(plan)).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    const encoded = planLiveLadder({ ...obs, video: { ...obs.video!, codec: 'hevc' } });
    expect(liveMasterPlaylist(encoded, { lowLatency: true })).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
  });

  it('refuses a plan whose segments are not the LL-HLS ones', () => {
    expect(() => liveLlArgs(input, { ...plan, segmentDuration: 2 }, timing, '/r.ts')).toThrow(/not the LL-HLS segments/);
  });
});
