// The clock of Low-Latency HLS live output: segment and part lengths, and the fragment durations
// ffmpeg is asked for so that its fragments fall on that clock. Pure.
//
// Why 1 s segments of three ~1/3 s parts:
// - Latency comes from PART-HOLD-BACK (three part targets, ~1 s) rather than from the segment
//   length; but a player joins and switches rungs only at an independent part, i.e. a keyframe, and
//   the encoded rungs have one per segment. 1 s segments halve the wait for one against 2 s, and
//   players without LL-HLS (three target durations behind the edge) stay at ~3 s instead of ~6 s,
//   as with the MPEG-TS path. The cost is a keyframe a second, which the live ladder already pays.
// - Parts of a third of a second are an exact number of frames at every whole rate up to 60 fps
//   that divides by 3, and 9 frames (0.36 s) at 25 fps; RFC 8216bis wants 0.2-1 s-ish parts, and
//   three a second keeps the request rate of blocking reloads modest.

/** Seconds per segment (TARGETDURATION). */
export const LL_SEGMENT_DURATION = 1;
/** Parts per segment; the part grid is LL_SEGMENT_DURATION / LL_PARTS_PER_SEGMENT. */
export const LL_PARTS_PER_SEGMENT = 3;
/** AAC frames are 1024 samples; the live ladder encodes at 48 kHz. */
export const AAC_FRAME_SECONDS = 1024 / 48000;

export interface LlTiming {
  segmentDuration: number;
  partsPerSegment: number;
  /** The nominal part: segmentDuration / partsPerSegment (the grid parts are cut on). */
  partGrid: number;
  /** PART-TARGET: no part is longer (rounded up to the millisecond). */
  partTarget: number;
  /** PART-HOLD-BACK: three part targets, the RFC's recommendation (it requires at least two). */
  partHoldBack: number;
  /** -frag_duration for a video rung's output (seconds). */
  videoFragmentDuration: number;
  /** -frag_duration for the audio-only output (seconds). */
  audioFragmentDuration: number;
}

const ceilMs = (s: number): number => Math.ceil(s * 1000 - 1e-6) / 1000;

/**
 * The timing for a ladder at `fps` (plan.fps: whole frames per second).
 *
 * Video: ffmpeg's mov muxer starts a fragment at the first packet at least -frag_duration after the
 * fragment's first packet of the same track, for ANY track. In a rung's file the audio track counts
 * too; asking for k/fps - 1 ms (k frames per part) makes video cut after exactly k frames (also with
 * the millisecond timestamps of a copied RTMP stream), while audio, which then starts each fragment
 * at or after the video, needs ceil(F / AAC frame) frames, which is longer, so it never cuts first.
 *
 * Audio-only: fragments of 8 AAC frames (171 ms) that the packager groups by the part grid, so its
 * parts start within one fragment after the video's and carry the same numbers; an AAC frame does
 * not divide a third of a second, so a part is one or two fragments (at most 0.341 s, every one a
 * sync sample, hence INDEPENDENT and exempt from RFC 8216bis's 85%-of-PART-TARGET floor).
 */
export function llTiming(fps: number, hasAudio: boolean): LlTiming {
  if (!(fps > 0) || !Number.isFinite(fps)) throw new Error(`llTiming: bad frame rate ${fps}`);
  const segmentDuration = LL_SEGMENT_DURATION;
  const partsPerSegment = LL_PARTS_PER_SEGMENT;
  const partGrid = segmentDuration / partsPerSegment;
  const framesPerPart = Math.max(1, Math.ceil(partGrid * fps - 1e-9));
  const videoPart = framesPerPart / fps;
  const audioFramesPerFragment = 8;
  const audioFragment = audioFramesPerFragment * AAC_FRAME_SECONDS;
  const audioPart = hasAudio ? 2 * audioFragment : 0;
  // The copied rung's millisecond timestamps can make k frames a millisecond longer than k/fps.
  const partTarget = ceilMs(Math.max(videoPart + 0.001, audioPart));
  return {
    segmentDuration,
    partsPerSegment,
    partGrid,
    partTarget,
    partHoldBack: ceilMs(3 * partTarget),
    videoFragmentDuration: videoPart - 0.001,
    audioFragmentDuration: (audioFramesPerFragment - 0.5) * AAC_FRAME_SECONDS
  };
}
