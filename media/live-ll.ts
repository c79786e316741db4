// The live ladder's ffmpeg for Low-Latency HLS (issue 15). ffmpeg 5.1's hls muxer cannot write
// parts, so ffmpeg does what it is good at (decode once, scale, encode: the same graph and encoder
// settings as the MPEG-TS ladder of live.ts) and writes one fragmented MP4 per variant to a pipe;
// media/llhls/ turns the fragments into parts, segments and playlists. Pure: the worker spawns it
// through media/ffmpeg.ts with one extra pipe per output.

import { videoEncodeArgs, type MediaInput } from './ffmpeg-args.js';
import { pipeFd } from './ffmpeg.js';
import type { LadderPlan, Rung } from './ladder.js';
import { LIVE_READ_TIMEOUT_SECONDS, LIVE_X264_PRESET, liveGraph } from './live.js';
import type { LlTiming } from './llhls/timing.js';

export interface LlOutput {
  /** The variant's folder name (rung name, or the audio-only rendition's `audio`). */
  variant: string;
  /** Index of its pipe (fd 3 + index). */
  pipe: number;
}

export interface LlLadderCommand {
  args: string[];
  /** In master playlist order: the rungs, then the audio-only rendition. */
  outputs: LlOutput[];
}

const kbps = (bps: number): string => `${Math.round(bps / 1000)}k`;
const us = (seconds: number): string => String(Math.round(seconds * 1_000_000));

/**
 * One fragmented MP4 output: ftyp+moov at once (empty_moov), then a moof+mdat per fragment, each
 * flushed to the pipe as soon as it is cut (-flush_packets 1), with its own tfdt (default_base_moof
 * makes data offsets relative to the moof, so a fragment stands alone as a part).
 * -avoid_negative_ts disabled: otherwise the muxer shifts the video by the AAC encoder's priming
 * (21 ms) and stretches the first frame, making each run's first part longer than the others.
 */
function fmp4Output(fragmentSeconds: number, keyframeCuts: boolean, pipe: number): string[] {
  const flags = ['empty_moov', 'default_base_moof', ...(keyframeCuts ? ['frag_keyframe'] : [])];
  return [
    '-avoid_negative_ts', 'disabled',
    '-f', 'mp4',
    '-movflags', flags.map((f) => `+${f}`).join(''),
    '-frag_duration', us(fragmentSeconds),
    '-flush_packets', '1',
    `pipe:${pipeFd(pipe)}`
  ];
}

function audioArgs(bitrate: number, channels: number): string[] {
  // 48 kHz for every variant, whatever the publisher's rate: a rung switch keeps the rate.
  return ['-c:a', 'aac', '-b:a', kbps(bitrate), '-ac', String(channels), '-ar', '48000'];
}

/**
 * ffmpeg for the LL-HLS ladder: per rung one fMP4 (its video and its audio) on pipe:3, pipe:4...,
 * then the audio-only rendition's on the next pipe, then the recording (MPEG-TS file, as in
 * liveLadderArgs). Options before each output belong to it (ffmpeg resets them per output).
 *
 * A copied rung is cut by duration only, not at keyframes (no frag_keyframe): with the publisher's
 * 1 s keyframes (what the studio asks for) its fragments still start on them, and with a longer
 * interval the fragments stay on the part grid of the encoded rungs, so parts and segments keep
 * their numbers and lengths, only fewer of them are INDEPENDENT (see workers/live/ll-run.ts).
 */
export function liveLlArgs(input: MediaInput, plan: LadderPlan, timing: LlTiming, recordingFile: string): LlLadderCommand {
  if (plan.rungs.length === 0) throw new Error('liveLlArgs: the plan has no rungs');
  if (Math.abs(plan.segmentDuration - timing.segmentDuration) > 1e-9) {
    throw new Error(`liveLlArgs: the plan's segments (${plan.segmentDuration} s) are not the LL-HLS segments (${timing.segmentDuration} s)`);
  }
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y',
    '-rw_timeout', String(LIVE_READ_TIMEOUT_SECONDS * 1_000_000),
    '-fflags', '+genpts',
    ...input.args
  ];
  const encoded = plan.rungs.filter((r) => !r.copy);
  if (encoded.length > 0) args.push('-filter_complex', liveGraph(encoded, plan.fps));

  const outputs: LlOutput[] = [];
  let k = 0;
  plan.rungs.forEach((rung: Rung, i) => {
    args.push('-map', rung.copy ? '0:v:0' : `[v${k++}]`);
    if (plan.hasAudio) args.push('-map', '0:a:0');
    args.push(...videoEncodeArgs(rung, plan, ':v', { preset: LIVE_X264_PRESET, tune: 'zerolatency' }));
    if (plan.hasAudio) args.push(...audioArgs(rung.audioBitrate, 2));
    args.push(...fmp4Output(timing.videoFragmentDuration, !rung.copy, i));
    outputs.push({ variant: rung.name, pipe: i });
  });
  if (plan.hasAudio && plan.audioOnly) {
    const pipe = plan.rungs.length;
    args.push('-map', '0:a:0', ...audioArgs(plan.audioOnly.bitrate, plan.audioOnly.channels));
    args.push(...fmp4Output(timing.audioFragmentDuration, false, pipe));
    outputs.push({ variant: plan.audioOnly.name, pipe });
  }
  // The recording: what the publisher sent, unchanged, for the replay.
  args.push('-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-f', 'mpegts', recordingFile);
  return { args, outputs };
}
