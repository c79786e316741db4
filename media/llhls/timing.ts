// The clock of Low-Latency HLS live output: segment and part lengths, and the fragment durations
// ffmpeg is asked for so that its fragments fall on that clock. Pure.
//
// Why 1 s segments of five 0.2 s parts:
// - Latency comes from PART-HOLD-BACK (three part targets) rather than from the segment length:
//   0.2 s parts put players about 0.67 s behind the newest part instead of 1 s with 1/3 s parts (the
//   issue's 2 s capture-to-screen budget also pays for capture, encoding and the network). Parts
//   of 0.2 s are an exact number of frames at 10, 15, 20, 25, 30, 50 and 60 fps (and five frames,
//   0.208 s, at 24 and 48). The cost: five blocking reloads and five part requests a second per
//   viewer, and a moof (~150 bytes) per part.
// - 1 s rather than 2 s segments: a player joins and switches rungs only at an independent part,
//   i.e. a keyframe, and the encoded rungs have one per segment; 1 s halves that wait, and players
//   without LL-HLS (three target durations behind the edge) stay ~3 s behind as with MPEG-TS. The
//   cost is a keyframe a second, which the live ladder already pays.

/** Seconds per segment (TARGETDURATION). */
export const LL_SEGMENT_DURATION = 1;
/** Parts per segment; the part grid is LL_SEGMENT_DURATION / LL_PARTS_PER_SEGMENT. */
export const LL_PARTS_PER_SEGMENT = 5;
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
  /** -frag_duration for the audio-only output (seconds); 0 without audio. */
  audioFragmentDuration: number;
}

const ceilMs = (s: number): number => Math.ceil(s * 1000 - 1e-6) / 1000;

/**
 * The timing of a ladder's rungs at `fps` (plan.fps: whole frames per second).
 *
 * ffmpeg's mov muxer starts a fragment at the first packet at least -frag_duration after the
 * fragment's first packet of the same track, for ANY track. In a rung's file the audio track counts
 * too; asking for k/fps - 1 ms (k frames per part) makes video cut after exactly k frames (also with
 * the millisecond timestamps of a copied RTMP stream), while audio, which then starts each fragment
 * at or after the video, needs ceil(F / AAC frame) frames, which is longer, so it never cuts first.
 * PART-TARGET is k/fps plus an AAC frame with sound (a millisecond without), see below.
 */
export function llTiming(fps: number, hasAudio: boolean): LlTiming {
  if (!(fps > 0) || !Number.isFinite(fps)) throw new Error(`llTiming: bad frame rate ${fps}`);
  const segmentDuration = LL_SEGMENT_DURATION;
  const partsPerSegment = LL_PARTS_PER_SEGMENT;
  const partGrid = segmentDuration / partsPerSegment;
  const framesPerPart = Math.max(1, Math.ceil(partGrid * fps - 1e-9));
  const videoPart = framesPerPart / fps;
  // Headroom over k/fps: the copied rung's millisecond timestamps can make k frames a millisecond
  // longer; and when the video stops (a publisher that drops, ffmpeg's last flush) the muxer's cut
  // falls on the next packet of ANY track, an AAC frame: the clean-clone CI saw a 0.221 s part at
  // such an end against a PART-TARGET of 0.201. A part never outgrows its PART-TARGET (4.4.4.9), so
  // with sound the target is k/fps plus one AAC frame (0.222 at 30 fps; 0.2 s parts are still 90 %
  // of it, above the 85 % floor).
  const partTarget = ceilMs(videoPart + (hasAudio ? AAC_FRAME_SECONDS : 0.001));
  return {
    segmentDuration,
    partsPerSegment,
    partGrid,
    partTarget,
    partHoldBack: ceilMs(3 * partTarget),
    videoFragmentDuration: videoPart - 0.001,
    audioFragmentDuration: hasAudio ? (AUDIO_FRAMES_PER_FRAGMENT - 0.5) * AAC_FRAME_SECONDS : 0
  };
}

const AUDIO_FRAMES_PER_FRAGMENT = 8;

/**
 * The audio-only rendition's timing: the rungs' grid, but its own PART-TARGET. ffmpeg cuts its
 * fragments every 8 AAC frames (171 ms) and the packager groups them by the part grid, so its parts
 * start within one fragment after the video's and carry the same numbers; an AAC frame divides
 * neither 0.2 s nor 1 s, so a part is one or two fragments (at most 0.341 s, each a sync sample,
 * hence INDEPENDENT=YES and exempt from RFC 8216bis's 85%-of-PART-TARGET floor). Its
 * PART-HOLD-BACK is then longer than the rungs' (a listener switching to it waits a little more).
 */
export function llAudioTiming(rungs: LlTiming): LlTiming {
  const partTarget = ceilMs(2 * AUDIO_FRAMES_PER_FRAGMENT * AAC_FRAME_SECONDS);
  return { ...rungs, partTarget, partHoldBack: ceilMs(3 * partTarget) };
}
