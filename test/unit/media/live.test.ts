import { describe, expect, it } from 'vitest';
import { avcCodecString } from '../../../media/h264.js';
import { BUFSIZE_FACTOR, LADDER_TABLE, REMUX_PEAK_FACTOR, targetVideoBitrate, type LadderPlan } from '../../../media/ladder.js';
import {
  LIVE_READ_TIMEOUT_SECONDS,
  LIVE_SEGMENT_DURATION,
  liveFps,
  liveLadderArgs,
  liveMasterPlaylist,
  livePassthroughBlocker,
  nextStartNumber,
  planLiveLadder,
  segmentsForDvr,
  type LiveOutput
} from '../../../media/live.js';
import { MediaInputError, type ProbeAudio, type ProbeResult, type ProbeVideo } from '../../../media/probe.js';
import { liveInput } from '../../../media/ffmpeg-args.js';

/** What ffprobe says about an OBS stream: 1080p30 H.264 High + AAC, as the flv demuxer reports it. */
function probe(video: Partial<ProbeVideo> = {}, audio: Partial<ProbeAudio> | null = {}): ProbeResult {
  return {
    formatName: 'flv',
    duration: 1,
    sizeBytes: 0,
    bitRate: null,
    video: {
      codec: 'h264',
      profile: 'High',
      level: 42,
      pixFmt: 'yuv420p',
      width: 1920,
      height: 1080,
      fps: 30,
      bitRate: 6_000_000,
      rotation: 0,
      ...video
    },
    audio: audio === null ? null : { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 160_000, ...audio }
  };
}

const sizes = (plan: LadderPlan): string[] => plan.rungs.map((r) => `${r.name} ${r.width}x${r.height}${r.copy ? ' copy' : ''}`);

/** Every value following `flag` (flags may repeat with stream specifiers). */
const valuesOf = (args: string[], flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const count = (args: string[], flag: string): number => args.filter((a) => a === flag).length;

describe('planLiveLadder: rungs', () => {
  it('passes an OBS 1080p30 H.264+AAC stream through as the top rung, with 720/480/360/240 below', () => {
    const plan = planLiveLadder(probe());
    expect(sizes(plan)).toEqual([
      'source 1920x1080 copy',
      '720p 1280x720',
      '480p 854x480',
      '360p 640x360',
      '240p 426x240'
    ]);
    expect(plan).toMatchObject({ fps: 30, gop: 30, segmentDuration: LIVE_SEGMENT_DURATION, hasAudio: true });
  });

  it("gives the passed-through rung the stream's bitrate, profile and level in CODECS", () => {
    const [top] = planLiveLadder(probe()).rungs;
    expect(top).toMatchObject({
      copy: true,
      videoBitrate: 6_000_000,
      maxrate: 6_000_000 * REMUX_PEAK_FACTOR,
      bufsize: 6_000_000 * BUFSIZE_FACTOR,
      profile: 'high',
      level: 42,
      audioBitrate: 128_000,
      codecs: `${avcCodecString('high', 42)},mp4a.40.2`
    });
  });

  it('passes a 720p stream through, with 480/360/240 below', () => {
    expect(sizes(planLiveLadder(probe({ width: 1280, height: 720, level: 31 })))).toEqual([
      'source 1280x720 copy',
      '480p 854x480',
      '360p 640x360',
      '240p 426x240'
    ]);
  });

  it('passes through a stream whose metadata lacks pixel format, bitrate, profile and level', () => {
    const plan = planLiveLadder(probe({ pixFmt: null, bitRate: null, profile: null, level: null }));
    const [top] = plan.rungs;
    expect(top.copy).toBe(true);
    expect(top.videoBitrate).toBe(targetVideoBitrate(1920, 1080, 30, LADDER_TABLE[0].bpp));
    expect(top.profile).toBe('high');
    expect(top.codecs).toMatch(/^avc1\.6400(28|29|2a),mp4a\.40\.2$/);
  });

  it.each([
    ['HEVC', { codec: 'hevc', profile: 'Main' }, null, 'codec hevc is not h264'],
    ['VP6 (old Flash encoders)', { codec: 'vp6f', profile: null, level: null }, null, 'codec vp6f is not h264'],
    ['10-bit H.264', { pixFmt: 'yuv420p10le', profile: 'High 10' }, null, 'pixel format yuv420p10le is not yuv420p'],
    ['H.264 High 4:4:4 in yuv420p', { profile: 'High 4:4:4 Predictive' }, null, 'profile High 4:4:4 Predictive is not widely decodable'],
    ['H.264 with MP3 audio', {}, { codec: 'mp3' }, 'audio codec mp3 is not aac']
  ])('encodes the top rung of a %s stream', (_, video, audio, reason) => {
    const p = probe(video, audio ?? {});
    expect(livePassthroughBlocker(p)).toBe(reason);
    expect(sizes(planLiveLadder(p))[0]).toBe('1080p 1920x1080');
  });

  it('caps an encoded 4K top rung at 1080p', () => {
    const plan = planLiveLadder(probe({ codec: 'hevc', width: 3840, height: 2160, level: 153 }));
    expect(sizes(plan)).toEqual(['1080p 1920x1080', '720p 1280x720', '480p 854x480', '360p 640x360', '240p 426x240']);
    expect(plan.rungs[0].codecs).toBe(`${avcCodecString('high', plan.rungs[0].level)},mp4a.40.2`);
  });

  it('never copies an odd-sized 853x481 stream, and gives every encoded rung even sizes', () => {
    const p = probe({ width: 853, height: 481 });
    expect(livePassthroughBlocker(p)).toBe('odd size 853x481');
    const plan = planLiveLadder(p);
    expect(sizes(plan)).toEqual(['480p 852x480', '360p 638x360', '240p 426x240']);
    for (const r of plan.rungs) expect([r.width % 2, r.height % 2]).toEqual([0, 0]);
  });

  it('keeps a portrait phone stream portrait, with the short side as the "p"', () => {
    expect(sizes(planLiveLadder(probe({ width: 720, height: 1280, level: 31 })))).toEqual([
      'source 720x1280 copy',
      '480p 480x854',
      '360p 360x640',
      '240p 240x426'
    ]);
  });

  it('never upscales: a 320x240 stream is its own only rung', () => {
    expect(sizes(planLiveLadder(probe({ width: 320, height: 240 })))).toEqual(['source 320x240 copy']);
    expect(sizes(planLiveLadder(probe({ width: 320, height: 240, codec: 'flv1' })))).toEqual(['240p 320x240']);
  });

  it('has no audio bitrate or AAC in CODECS without audio', () => {
    const plan = planLiveLadder(probe({}, null));
    expect(plan.hasAudio).toBe(false);
    expect(plan.rungs[0].copy).toBe(true);
    for (const r of plan.rungs) {
      expect(r.audioBitrate).toBe(0);
      expect(r.codecs).not.toContain('mp4a');
    }
  });

  it('throws MediaInputError for a stream without video', () => {
    const p = { ...probe(), video: null };
    expect(() => planLiveLadder(p)).toThrow(MediaInputError);
    expect(() => planLiveLadder(p)).toThrow('The stream has no video');
  });
});

describe('planLiveLadder: frame rate and GOP', () => {
  it('keeps 60 fps with a 60-frame GOP (one keyframe per 1 s segment)', () => {
    const plan = planLiveLadder(probe({ fps: 60 }));
    expect([plan.fps, plan.gop]).toEqual([60, 60]);
  });

  it('rounds 29.97 to 30 and clamps to 1..60', () => {
    expect(liveFps(30000 / 1001)).toBe(30);
    expect(liveFps(120)).toBe(60);
    expect(liveFps(0.5)).toBe(1);
  });

  it.each([null, undefined, 0, Number.NaN, Infinity, 1000])('falls back to 30 fps for %s', (fps) => {
    expect(liveFps(fps)).toBe(30);
  });

  it('falls back to 30 fps when the probe has an implausible rate', () => {
    expect(planLiveLadder(probe({ fps: 90_000 })).fps).toBe(30);
  });

  it('makes the GOP one segment long for other segment durations', () => {
    expect(planLiveLadder(probe({ fps: 25 }), { segmentDuration: 2 }).gop).toBe(50);
    expect(() => planLiveLadder(probe(), { segmentDuration: 0 })).toThrow(/segmentDuration/);
  });
});

describe('liveLadderArgs', () => {
  const plan = planLiveLadder(probe());
  const out: LiveOutput = { outDir: '/live/b1', recordingFile: '/rec/b1/part-1.ts', dvrSegments: 120, startNumber: 0, restart: false };
  const args = liveLadderArgs(liveInput('rtmp://127.0.0.1:1935/live/key'), plan, out);
  const hlsFile = args.indexOf('/live/b1/%v/index.m3u8');

  it('starts with the common quiet, machine-readable flags', () => {
    expect(args.slice(0, 7)).toEqual(['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y']);
  });

  it('reads the input once with a read timeout (microseconds) given before -i', () => {
    expect(valuesOf(args, '-i')).toEqual(['rtmp://127.0.0.1:1935/live/key']);
    const input = args.indexOf('-i');
    expect(args.indexOf('-rw_timeout')).toBeLessThan(input);
    expect(valuesOf(args, '-rw_timeout')).toEqual([String(LIVE_READ_TIMEOUT_SECONDS * 1_000_000)]);
    expect(args.indexOf('-fflags')).toBeLessThan(input);
  });

  it('lets ffmpeg speak RTMP over TCP and read FLV, nothing else', () => {
    const input = args.indexOf('-i');
    expect(valuesOf(args, '-protocol_whitelist')).toEqual(['rtmp,tcp']);
    expect(valuesOf(args, '-format_whitelist')).toEqual(['flv,live_flv']);
    expect(args.indexOf('-protocol_whitelist')).toBeLessThan(input);
    expect(args.indexOf('-format_whitelist')).toBeLessThan(input);
  });

  it('normalises the frame rate once, then scales each encoded rung from the one above', () => {
    expect(count(args, '-filter_complex')).toBe(1);
    expect(valuesOf(args, '-filter_complex')[0].split(';')).toEqual([
      '[0:v:0]fps=30,scale=1280:720,setsar=1,split=2[v0][n0]',
      '[n0]scale=854:480,setsar=1,split=2[v1][n1]',
      '[n1]scale=640:360,setsar=1,split=2[v2][n2]',
      '[n2]scale=426:240,setsar=1[v3]'
    ]);
  });

  it('maps the source for the copied rung and the scaled outputs for the others, then one audio per variant and the audio-only one', () => {
    const hlsMaps = valuesOf(args.slice(0, hlsFile), '-map');
    expect(hlsMaps).toEqual(['0:v:0', '[v0]', '[v1]', '[v2]', '[v3]', '0:a:0', '0:a:0', '0:a:0', '0:a:0', '0:a:0', '0:a:0']);
    // The audio-only variant is one more playlist of the same HLS output: <run>/audio/index.m3u8.
    expect(valuesOf(args, '-var_stream_map')).toEqual([
      'v:0,a:0,name:source v:1,a:1,name:720p v:2,a:2,name:480p v:3,a:3,name:360p v:4,a:4,name:240p a:5,name:audio'
    ]);
  });

  it('copies the top video and encodes the others with x264 for low latency and aligned keyframes', () => {
    expect(valuesOf(args, '-c:v:0')).toEqual(['copy']);
    for (let i = 1; i < plan.rungs.length; i++) {
      const rung = plan.rungs[i];
      expect(valuesOf(args, `-c:v:${i}`)).toEqual(['libx264']);
      expect(valuesOf(args, `-preset:v:${i}`)).toEqual(['superfast']);
      expect(valuesOf(args, `-tune:v:${i}`)).toEqual(['zerolatency']);
      expect(valuesOf(args, `-g:v:${i}`)).toEqual(['30']);
      expect(valuesOf(args, `-keyint_min:v:${i}`)).toEqual(['30']);
      expect(valuesOf(args, `-sc_threshold:v:${i}`)).toEqual(['0']);
      expect(valuesOf(args, `-force_key_frames:v:${i}`)).toEqual(['expr:gte(t,n_forced*1)']);
      expect(valuesOf(args, `-b:v:${i}`)).toEqual([`${rung.videoBitrate / 1000}k`]);
      expect(valuesOf(args, `-maxrate:v:${i}`)).toEqual([`${rung.maxrate / 1000}k`]);
      expect(valuesOf(args, `-bufsize:v:${i}`)).toEqual([`${rung.bufsize / 1000}k`]);
    }
  });

  it('encodes stereo 48 kHz AAC for every variant at its rung bitrate, and mono 48 kbit/s for the audio-only one', () => {
    expect(valuesOf(args, '-c:a')).toEqual(['aac']);
    expect(valuesOf(args, '-ar')).toEqual(['48000']);
    expect(valuesOf(args, '-ac')).toEqual([]); // channels per stream only, never a bare -ac to override
    expect([0, 1, 2, 3, 4, 5].map((i) => valuesOf(args, `-b:a:${i}`))).toEqual([['128k'], ['128k'], ['96k'], ['64k'], ['64k'], ['48k']]);
    expect([0, 1, 2, 3, 4, 5].map((i) => valuesOf(args, `-ac:a:${i}`))).toEqual([['2'], ['2'], ['2'], ['2'], ['2'], ['1']]);
    expect(plan.audioOnly).toEqual({ name: 'audio', bitrate: 48_000, channels: 1, codecs: 'mp4a.40.2' });
    // Audio options belong to the HLS output, not the recording after it.
    for (const flag of ['-c:a', '-ar', '-b:a:5', '-ac:a:5']) expect(args.indexOf(flag)).toBeLessThan(hlsFile);
  });

  it('writes live HLS: 1 s MPEG-TS segments, a sliding DVR window, no ENDLIST and no master', () => {
    const hls = args.indexOf('hls');
    expect(args[hls - 1]).toBe('-f');
    expect(valuesOf(args, '-hls_time')).toEqual(['1']);
    expect(valuesOf(args, '-hls_list_size')).toEqual(['120']);
    expect(valuesOf(args, '-hls_flags')).toEqual(['delete_segments+program_date_time+independent_segments+omit_endlist']);
    expect(valuesOf(args, '-hls_segment_type')).toEqual(['mpegts']);
    expect(valuesOf(args, '-start_number')).toEqual(['0']);
    expect(valuesOf(args, '-hls_segment_filename')).toEqual(['/live/b1/%v/seg%06d.ts']);
    expect(args).not.toContain('-master_pl_name');
    expect(args).not.toContain('-hls_playlist_type');
    // Every HLS option comes after the input and before the playlist it applies to.
    for (const flag of ['-var_stream_map', '-f', '-hls_time', '-hls_list_size', '-hls_flags', '-start_number', '-hls_segment_filename']) {
      expect(args.indexOf(flag)).toBeGreaterThan(args.indexOf('-i'));
      expect(args.indexOf(flag)).toBeLessThan(hlsFile);
    }
  });

  it('records the untouched stream as a second, last output', () => {
    expect(args.slice(hlsFile + 1)).toEqual(['-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-f', 'mpegts', '/rec/b1/part-1.ts']);
    expect(args.at(-1)).toBe(out.recordingFile);
  });

  it('passes a fresh playlist its start number', () => {
    const fresh = liveLadderArgs(liveInput('rtmp://in'), plan, { ...out, startNumber: 500 });
    expect(valuesOf(fresh, '-start_number')).toEqual(['500']);
  });

  it('on a restart appends to the existing playlists, which ffmpeg continues with a discontinuity', () => {
    const restarted = liveLadderArgs(liveInput('rtmp://in'), plan, { ...out, restart: true, startNumber: 42 });
    expect(valuesOf(restarted, '-hls_flags')).toEqual([
      'delete_segments+program_date_time+independent_segments+omit_endlist+append_list'
    ]);
    // ffmpeg 5.1 continues each variant's own numbering; a -start_number beyond the kept
    // segments would be written as their EXT-X-MEDIA-SEQUENCE (see LiveOutput.startNumber).
    expect(restarted).not.toContain('-start_number');
    expect(restarted.at(-1)).toBe(out.recordingFile);
  });

  it('encodes every rung, with no audio maps, for a stream without audio that cannot be copied', () => {
    const silent = planLiveLadder(probe({ codec: 'hevc', width: 1280, height: 720 }, null));
    const a = liveLadderArgs(liveInput('rtmp://in'), silent, out);
    expect(valuesOf(a, '-filter_complex')[0].split(';')[0]).toBe('[0:v:0]fps=30,scale=1280:720,setsar=1,split=2[v0][n0]');
    expect(valuesOf(a, '-map')).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '0:v:0', '0:a:0?']);
    expect(a).not.toContain('-c:a');
    expect(a).not.toContain('-ar');
    // No sound, no audio-only rendition.
    expect(silent.audioOnly).toBeNull();
    expect(valuesOf(a, '-var_stream_map')).toEqual(['v:0,name:720p v:1,name:480p v:2,name:360p v:3,name:240p']);
    expect(liveMasterPlaylist(silent)).not.toContain('audio/index.m3u8');
  });

  it('has no filter graph when the only rung is the copied source', () => {
    const small = planLiveLadder(probe({ width: 320, height: 240 }));
    const a = liveLadderArgs(liveInput('rtmp://in'), small, out);
    expect(a).not.toContain('-filter_complex');
    expect(valuesOf(a, '-var_stream_map')).toEqual(['v:0,a:0,name:source a:1,name:audio']);
  });

  it('rejects a bad DVR size or start number', () => {
    expect(() => liveLadderArgs(liveInput('rtmp://in'), plan, { ...out, dvrSegments: 0 })).toThrow(/dvrSegments/);
    expect(() => liveLadderArgs(liveInput('rtmp://in'), plan, { ...out, startNumber: -1 })).toThrow(/startNumber/);
  });
});

describe('liveMasterPlaylist', () => {
  it('lists every rung highest first with its CODECS, then the audio-only rendition, and never ends the stream', () => {
    const plan = planLiveLadder(probe());
    const text = liveMasterPlaylist(plan);
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS']);
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
      'source/index.m3u8',
      '720p/index.m3u8',
      '480p/index.m3u8',
      '360p/index.m3u8',
      '240p/index.m3u8',
      'audio/index.m3u8'
    ]);
    expect(lines.slice(-2)).toEqual(['#EXT-X-STREAM-INF:BANDWIDTH=60000,CODECS="mp4a.40.2"', 'audio/index.m3u8']);
    expect(lines[3]).toContain('RESOLUTION=1920x1080,CODECS="avc1.64002a,mp4a.40.2",FRAME-RATE=30.000');
    expect(text).not.toContain('ENDLIST');
    expect(text).not.toContain('SUBTITLES');
  });
});

describe('segmentsForDvr', () => {
  it('rounds up to whole segments', () => {
    expect(segmentsForDvr(120)).toBe(120);
    expect(segmentsForDvr(7.5, 2)).toBe(6);
    expect(segmentsForDvr(61, 4)).toBe(16);
    expect(segmentsForDvr(60.0000001)).toBe(60);
  });

  it('keeps at least 6 segments, so players can start three from the end', () => {
    expect(segmentsForDvr(0)).toBe(6);
    expect(segmentsForDvr(3)).toBe(6);
  });

  it('rejects nonsense', () => {
    expect(() => segmentsForDvr(Number.NaN)).toThrow();
    expect(() => segmentsForDvr(-1)).toThrow();
    expect(() => segmentsForDvr(60, 0)).toThrow();
  });
});

describe('nextStartNumber', () => {
  it('is 0 without a playlist', () => {
    expect(nextStartNumber(null)).toBe(0);
    expect(nextStartNumber('')).toBe(0);
    expect(nextStartNumber('#EXTM3U\n#EXT-X-VERSION:6\n')).toBe(0);
  });

  it('is the media sequence plus the segments listed', () => {
    const playlist = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-MEDIA-SEQUENCE:117',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXTINF:1.000000,',
      '#EXT-X-PROGRAM-DATE-TIME:2025-03-01T18:00:00.000+0000',
      'seg000117.ts',
      '#EXT-X-DISCONTINUITY',
      '#EXTINF:1.000000,',
      '#EXT-X-PROGRAM-DATE-TIME:2025-03-01T18:00:31.000+0000',
      'seg000118.ts',
      '#EXTINF:0.966667,',
      '#EXT-X-PROGRAM-DATE-TIME:2025-03-01T18:00:32.000+0000',
      'seg000119.ts',
      ''
    ].join('\n');
    expect(nextStartNumber(playlist)).toBe(120);
    expect(nextStartNumber(playlist.replace(/\n/g, '\r\n'))).toBe(120);
  });

  it('counts from 0 when the playlist has no EXT-X-MEDIA-SEQUENCE', () => {
    expect(nextStartNumber('#EXTM3U\n#EXTINF:1,\na.ts\n#EXTINF:1,\nb.ts\n')).toBe(2);
  });
});
