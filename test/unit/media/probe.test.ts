import { describe, expect, it } from 'vitest';
import { MediaInputError, describeProbeFailure, interpretProbe, probeFailureOf } from '../../../media/probe.js';
import * as samples from './ffprobe-samples.js';

function inputError(raw: unknown, fileName = 'upload.bin'): MediaInputError {
  try {
    interpretProbe(raw, fileName);
  } catch (err) {
    expect(err).toBeInstanceOf(MediaInputError);
    return err as MediaInputError;
  }
  throw new Error('expected interpretProbe to throw');
}

describe('interpretProbe', () => {
  it('reads a video+audio MP4', () => {
    expect(interpretProbe(samples.mp4VideoAudio(), 'clip.mp4')).toEqual({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      duration: 62.570667,
      sizeBytes: 32415876,
      bitRate: 4144529,
      video: {
        codec: 'h264',
        profile: 'High',
        level: 40,
        pixFmt: 'yuv420p',
        width: 1920,
        height: 1080,
        fps: 30000 / 1001,
        bitRate: 4012345,
        rotation: 0
      },
      audio: { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 128000 }
    });
  });

  it('turns a rotated phone clip into its display size and prefers avg_frame_rate', () => {
    const p = interpretProbe(samples.iphonePortrait(), 'IMG_0042.MOV');
    expect(p.video).toMatchObject({ width: 1080, height: 1920, rotation: 90, fps: 1800 / 61, codec: 'hevc' });
  });

  it('reads the rotate tag older ffmpeg versions report', () => {
    const raw = samples.mp4VideoAudio();
    Object.assign(raw.streams[0], { tags: { rotate: '270' } });
    expect(interpretProbe(raw, 'old.mp4').video).toMatchObject({ width: 1080, height: 1920, rotation: 270 });
  });

  it("accepts fluent-ffmpeg's parsed shape (numbers, flattened side data)", () => {
    const p = interpretProbe(samples.fluentShapedRotated(), 'rot.mp4');
    expect(p.duration).toBe(2.002);
    expect(p.sizeBytes).toBe(198089);
    expect(p.video).toMatchObject({ width: 180, height: 320, rotation: 270, bitRate: 708675, level: 13 });
    expect(p.audio).toEqual({ codec: 'aac', channels: 1, sampleRate: 44100, bitRate: 69671 });
  });

  it('widens non-square pixels to the display aspect ratio', () => {
    const raw = samples.mp4VideoAudio();
    Object.assign(raw.streams[0], { width: 720, height: 576, sample_aspect_ratio: '64:45' });
    expect(interpretProbe(raw, 'dv.mp4').video).toMatchObject({ width: 1024, height: 576 });
  });

  it('falls back to r_frame_rate, then to 30 fps, when the average is missing', () => {
    const raw = samples.mp4VideoAudio();
    Object.assign(raw.streams[0], { avg_frame_rate: '0/0', r_frame_rate: '25/1' });
    expect(interpretProbe(raw, 'a.mp4').video?.fps).toBe(25);
    Object.assign(raw.streams[0], { r_frame_rate: '90000/1' });
    expect(interpretProbe(raw, 'a.mp4').video?.fps).toBe(30);
  });

  it('marks unknown bitrates as null and a missing audio stream as null', () => {
    const raw = samples.mp4VideoAudio();
    Object.assign(raw.streams[0], { bit_rate: 'N/A' });
    raw.streams.pop();
    const p = interpretProbe(raw, 'a.mkv');
    expect(p.video?.bitRate).toBeNull();
    expect(p.audio).toBeNull();
  });

  it('rejects an audio-only MP3', () => {
    const err = inputError(samples.mp3AudioOnly(), 'song.mp3');
    expect(err.message).toBe('song.mp3: audio only: no video stream');
    expect(err.fileName).toBe('song.mp3');
    expect(err.reason).toBe('audio only: no video stream');
  });

  it('does not take MP3 cover art for a video stream', () => {
    expect(inputError(samples.mp3WithCoverArt(), 'song.mp3').reason).toBe('audio only: no video stream');
  });

  it('rejects still images (png_pipe, image2)', () => {
    expect(inputError(samples.pngImage(), 'img.png').message).toBe('img.png: a still image, not a video');
    expect(inputError(samples.image2Jpeg(), 'IMG_1.jpg').reason).toBe('a still image, not a video');
  });

  it('rejects zero duration', () => {
    expect(inputError(samples.zeroDuration(), 'empty.mp4').reason).toMatch(/^zero duration/);
  });

  it('rejects a container without streams', () => {
    expect(inputError(samples.noStreams(), 'z.mp4').reason).toBe('no video stream');
  });

  it('rejects a video stream it cannot size', () => {
    const raw = samples.mp4VideoAudio();
    Object.assign(raw.streams[0], { codec_name: undefined, width: 0 });
    expect(inputError(raw, 'odd.mp4').reason).toMatch(/^unsupported video/);
  });

  it('rejects output that is not ffprobe JSON at all', () => {
    expect(inputError(null, 'x.mp4').reason).toMatch(/^not a video file/);
  });
});

describe('describeProbeFailure', () => {
  it('tells a text file named .mp4 from a truncated MP4', () => {
    const textFile =
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55] Format mov,mp4,m4a,3gp,3g2,mj2 detected only with low score of 1, misdetection possible!\n' +
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55] moov atom not found\nt.mp4: Invalid data found when processing input';
    const truncated = '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55] moov atom not found\ntrunc.mp4: Invalid data found when processing input';
    expect(describeProbeFailure(textFile)).toBe('not a video file');
    expect(describeProbeFailure(truncated)).toBe('truncated or damaged file (moov atom not found)');
    expect(describeProbeFailure('x.bin: Invalid data found when processing input')).toBe('not a video file');
    expect(describeProbeFailure('Conversion failed: out of memory')).toBeNull();
  });
});

describe('the probe refuses containers that read other files, and any format not accepted', () => {
  /** An ffprobe answer for a file of this format that otherwise looks like a fine video. */
  const as = (formatName: string) => {
    const raw = samples.mp4VideoAudio();
    raw.format.format_name = formatName;
    return raw;
  };

  it.each([
    ['hls', /^an HLS playlist \(hls\), which refers to other files, not a video file; upload the video itself$/],
    ['concat', /^a concat list \(concat\), which refers to other files/],
    ['dash', /^a DASH manifest/],
    ['imf', /^an IMF composition/],
    ['lavfi', /^a filter graph/]
  ])('%s: code references_other_files, naming the file', (format, reason) => {
    const err = inputError(as(format), 'innocent.mp4');
    expect(err.code).toBe('references_other_files');
    expect(err.reason).toMatch(reason);
    expect(err.message.startsWith('innocent.mp4: ')).toBe(true);
    expect(err.details).toEqual({ format });
  });

  it('a format nobody records video in: format_not_accepted, naming it', () => {
    const err = inputError(as('gif'), 'funny.mp4');
    expect(err.code).toBe('format_not_accepted');
    expect(err.reason).toMatch(/^the gif format is not accepted; upload a video as a camera, phone or editor saves it/);
  });

  it('accepts what cameras, phones, screen recorders and editors write', () => {
    for (const format of ['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'mpegts', 'avi', 'mpeg', 'dv', 'asf', 'flv', 'mxf', 'ogg']) {
      expect(interpretProbe(as(format), 'ok').formatName).toBe(format);
    }
  });

  it('a live stream is FLV from the ingest; an uploaded FLV is fine, an RTMP stream claiming MP4 is not', () => {
    expect(interpretProbe(as('flv'), 'broadcast b1', { live: true }).duration).toBeGreaterThan(0);
    expect(() => interpretProbe(as('mov,mp4,m4a,3gp,3g2,mj2'), 'broadcast b1', { live: true })).toThrow(MediaInputError);
  });
});

describe('probeFailureOf: why ffprobe could not open an upload', () => {
  it('names the demuxer the whitelist refused (the bracket of its log line)', () => {
    const stderr = "[hls @ 0x55c6de75f2c0] Format not on whitelist 'mov,matroska'\nfile:/d/sources/v/source.mp4: Invalid argument";
    expect(probeFailureOf(stderr)).toMatchObject({ code: 'references_other_files', reason: expect.stringMatching(/^an HLS playlist \(hls\)/) });
    expect(probeFailureOf("[concat @ 0x1] Format not on whitelist 'mov'")).toMatchObject({ code: 'references_other_files' });
    expect(probeFailureOf("[mp3 @ 0x1] Format not on whitelist 'mov'")).toEqual({ code: 'audio_only', reason: 'audio only: no video stream' });
    expect(probeFailureOf("[png_pipe @ 0x1] Format not on whitelist 'mov'")).toEqual({ code: 'still_image', reason: 'a still image, not a video' });
  });

  it('otherwise falls back to describeProbeFailure, and to null for failures that are not the file', () => {
    expect(probeFailureOf('x.bin: Invalid data found when processing input')).toEqual({ code: 'not_video', reason: 'not a video file' });
    expect(probeFailureOf('[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found')).toMatchObject({ code: 'damaged_file' });
    expect(probeFailureOf('Conversion failed: out of memory')).toBeNull();
  });
});
