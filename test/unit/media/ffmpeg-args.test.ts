import { describe, expect, it } from 'vitest';
import {
  escapeFilterValue,
  formatProbeArgs,
  ladderArgs,
  liveInput,
  posterArgs,
  recordingConcatArgs,
  singleRenditionArgs,
  sourceInput,
  spriteArgs
} from '../../../media/ffmpeg-args.js';
import { UPLOAD_FORMATS } from '../../../media/formats.js';
import { singleVariantArgs, variantsArgs } from '../../../media/variants.js';
import { planLadder } from '../../../media/ladder.js';
import type { ProbeResult, ProbeVideo } from '../../../media/probe.js';

function probe(video: Partial<ProbeVideo> = {}, withAudio = true): ProbeResult {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration: 60,
    sizeBytes: 30_000_000,
    bitRate: 4_000_000,
    video: {
      codec: 'h264',
      profile: 'High',
      level: 40,
      pixFmt: 'yuv420p',
      width: 1920,
      height: 1080,
      fps: 30,
      bitRate: 3_800_000,
      rotation: 0,
      ...video
    },
    audio: withAudio ? { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 128000 } : null
  };
}

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';

/** Every value following `flag` (flags may repeat with stream specifiers). */
const valuesOf = (args: string[], flag: string): string[] =>
  args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const count = (args: string[], flag: string): number => args.filter((a) => a === flag).length;

describe('ladderArgs', () => {
  const plan = planLadder(probe());
  const args = ladderArgs(sourceInput('/in/source.mp4', MP4), plan, '/out/v1');

  it('decodes once: exactly one -i feeding a cascade of scalers, each rung scaled from the one above', () => {
    expect(count(args, '-i')).toBe(1);
    expect(valuesOf(args, '-i')).toEqual(['file:/in/source.mp4']);
    const [graph] = valuesOf(args, '-filter_complex');
    expect(count(args, '-filter_complex')).toBe(1);
    expect(graph.split(';')).toEqual([
      '[0:v:0]scale=1920:1080,setsar=1,split=2[v0][n0]',
      '[n0]scale=1280:720,setsar=1,split=2[v1][n1]',
      '[n1]scale=854:480,setsar=1,split=2[v2][n2]',
      '[n2]scale=640:360,setsar=1,split=2[v3][n3]',
      '[n3]scale=426:240,setsar=1[v4]'
    ]);
  });

  it('maps each scaled output, then the audio once per variant and once for the audio-only one, paired in var_stream_map by name', () => {
    expect(valuesOf(args, '-map')).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '[v4]', '0:a:0', '0:a:0', '0:a:0', '0:a:0', '0:a:0', '0:a:0']);
    // The audio-only variant alone, in the same HLS output: /out/v1/audio/index.m3u8, cut by the same -hls_time.
    expect(valuesOf(args, '-var_stream_map')).toEqual([
      'v:0,a:0,name:1080p v:1,a:1,name:720p v:2,a:2,name:480p v:3,a:3,name:360p v:4,a:4,name:240p a:5,name:audio'
    ]);
  });

  it('encodes the audio-only rendition as mono AAC-LC at 48 kbit/s, the variants in stereo', () => {
    expect(plan.audioOnly).toEqual({ name: 'audio', bitrate: 48_000, channels: 1, codecs: 'mp4a.40.2' });
    expect(valuesOf(args, '-b:a:5')).toEqual(['48k']);
    expect(valuesOf(args, '-ac:a:5')).toEqual(['1']);
    expect([0, 1, 2, 3, 4].map((i) => valuesOf(args, `-ac:a:${i}`))).toEqual([['2'], ['2'], ['2'], ['2'], ['2']]);
    // Channels per stream only: a bare -ac would have to be overridden, and ffmpeg versions differ on which wins.
    expect(valuesOf(args, '-ac')).toEqual([]);
    expect(valuesOf(args, '-b:a:6')).toEqual([]);
  });

  it('encodes every rung with x264, the rung bitrates, and aligned keyframes', () => {
    plan.rungs.forEach((rung, i) => {
      const s = `:v:${i}`;
      expect(valuesOf(args, `-c${s}`)).toEqual(['libx264']);
      expect(valuesOf(args, `-preset${s}`)).toEqual(['veryfast']);
      expect(valuesOf(args, `-profile${s}`)).toEqual([i < 2 ? 'high' : 'main']);
      expect(valuesOf(args, `-b${s}`)).toEqual([`${rung.videoBitrate / 1000}k`]);
      expect(valuesOf(args, `-maxrate${s}`)).toEqual([`${rung.maxrate / 1000}k`]);
      expect(valuesOf(args, `-bufsize${s}`)).toEqual([`${rung.bufsize / 1000}k`]);
      expect(valuesOf(args, `-g${s}`)).toEqual(['120']);
      expect(valuesOf(args, `-keyint_min${s}`)).toEqual(['120']);
      expect(valuesOf(args, `-sc_threshold${s}`)).toEqual(['0']);
      expect(valuesOf(args, `-force_key_frames${s}`)).toEqual(['expr:gte(t,n_forced*4)']);
      expect(valuesOf(args, `-pix_fmt${s}`)).toEqual(['yuv420p']);
      expect(valuesOf(args, `-b:a:${i}`)).toEqual([`${rung.audioBitrate / 1000}k`]);
    });
    expect(valuesOf(args, '-level:v:0')).toEqual(['4.0']);
    expect(valuesOf(args, '-c:a')).toEqual(['aac']);
  });

  it('writes VOD HLS in MPEG-TS segments under a folder per rung, with no ffmpeg master playlist', () => {
    expect(valuesOf(args.slice(args.indexOf('-i')), '-f')).toEqual(['hls']);
    expect(valuesOf(args, '-hls_time')).toEqual(['4']);
    expect(valuesOf(args, '-hls_playlist_type')).toEqual(['vod']);
    expect(valuesOf(args, '-hls_segment_type')).toEqual(['mpegts']);
    expect(valuesOf(args, '-hls_flags')).toEqual(['independent_segments']);
    expect(valuesOf(args, '-hls_segment_filename')).toEqual(['/out/v1/%v/seg%05d.ts']);
    expect(args.at(-1)).toBe('/out/v1/%v/index.m3u8');
    expect(args).not.toContain('-master_pl_name');
  });

  it('reports progress on stdout and keeps stderr to errors', () => {
    expect(valuesOf(args, '-progress')).toEqual(['pipe:1']);
    expect(args).toContain('-nostats');
    expect(args).toContain('-y');
    expect(args).toContain('-hide_banner');
    expect(valuesOf(args, '-loglevel')).toEqual(['error']);
  });

  it('maps no audio for a silent source', () => {
    const silent = planLadder(probe({}, false));
    const a = ladderArgs(sourceInput('/in/s.mp4', MP4), silent, '/out');
    expect(valuesOf(a, '-map')).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '[v4]']);
    expect(valuesOf(a, '-var_stream_map')).toEqual([
      'v:0,name:1080p v:1,name:720p v:2,name:480p v:3,name:360p v:4,name:240p'
    ]);
    expect(a).not.toContain('-c:a');
    expect(a.join(' ')).not.toMatch(/-b:a|-ac/);
    // No sound: no audio-only rendition either.
    expect(silent.audioOnly).toBeNull();
  });

  it('maps the source video straight into a copied rung and splits only for the encoded ones', () => {
    const copyPlan = planLadder(probe(), { sourceKeyframeInterval: 2 });
    expect(copyPlan.rungs[0].copy).toBe(true);
    const a = ladderArgs(sourceInput('/in/s.mp4', MP4), copyPlan, '/out');
    const [graph] = valuesOf(a, '-filter_complex');
    expect(graph.startsWith('[0:v:0]scale=1280:720,setsar=1,split=2[v0][n0]')).toBe(true);
    expect(graph.match(/scale=/g)).toHaveLength(4);
    expect(graph).not.toContain('1920:1080');
    expect(valuesOf(a, '-map').slice(0, 5)).toEqual(['0:v:0', '[v0]', '[v1]', '[v2]', '[v3]']);
    expect(valuesOf(a, '-c:v:0')).toEqual(['copy']);
    expect(valuesOf(a, '-b:v:0')).toEqual([]);
    expect(valuesOf(a, '-force_key_frames:v:0')).toEqual([]);
    expect(valuesOf(a, '-c:v:1')).toEqual(['libx264']);
    // Audio is still encoded for the copied variant.
    expect(valuesOf(a, '-b:a:0')).toEqual(['128k']);
  });

  it('needs no filter graph when the only rung is copied', () => {
    const tiny = planLadder(probe({ width: 320, height: 240, bitRate: 150_000, level: 13 }), { sourceKeyframeInterval: 1 });
    const a = ladderArgs(sourceInput('/in/s.mp4', MP4), tiny, '/out');
    expect(a).not.toContain('-filter_complex');
    expect(valuesOf(a, '-map')).toEqual(['0:v:0', '0:a:0', '0:a:0']);
    expect(valuesOf(a, '-var_stream_map')).toEqual(['v:0,a:0,name:240p a:1,name:audio']);
  });

  it('leaves the audio-only rendition out of a plan stored before it existed', () => {
    const { audioOnly: _, ...old } = planLadder(probe());
    const a = ladderArgs(sourceInput('/in/s.mp4', MP4), old, '/out');
    expect(valuesOf(a, '-map').filter((m) => m === '0:a:0')).toHaveLength(5);
    expect(valuesOf(a, '-var_stream_map')[0]).not.toContain('audio');
  });
});

describe('singleRenditionArgs', () => {
  it('decodes and scales for one rung per process (benchmark only)', () => {
    const plan = planLadder(probe());
    const a = singleRenditionArgs(sourceInput('/in/s.mp4', MP4), plan, plan.rungs[1], '/out');
    expect(count(a, '-i')).toBe(1);
    expect(a).not.toContain('-filter_complex');
    expect(valuesOf(a, '-vf')).toEqual(['scale=1280:720,setsar=1']);
    expect(valuesOf(a, '-map')).toEqual(['0:v:0', '0:a:0']);
    expect(valuesOf(a, '-c:v:0')).toEqual(['libx264']);
    expect(valuesOf(a, '-b:v:0')).toEqual([`${plan.rungs[1].videoBitrate / 1000}k`]);
    expect(valuesOf(a, '-force_key_frames:v:0')).toEqual(['expr:gte(t,n_forced*4)']);
    expect(valuesOf(a, '-b:a:0')).toEqual(['128k']);
    // A one-variant stream map, so ffmpeg names (and creates) the rung folder as in ladderArgs.
    expect(valuesOf(a, '-var_stream_map')).toEqual(['v:0,a:0,name:720p']);
    expect(valuesOf(a, '-hls_segment_filename')).toEqual(['/out/%v/seg%05d.ts']);
    expect(a.at(-1)).toBe('/out/%v/index.m3u8');
  });

  it('copies instead of scaling a remuxable rung', () => {
    const plan = planLadder(probe(), { sourceKeyframeInterval: 2 });
    const a = singleRenditionArgs(sourceInput('/in/s.mp4', MP4), plan, plan.rungs[0], '/out');
    expect(a).not.toContain('-vf');
    expect(valuesOf(a, '-c:v:0')).toEqual(['copy']);
  });
});

describe('posterArgs and spriteArgs', () => {
  it('seeks before -i and writes one scaled frame', () => {
    const a = posterArgs(sourceInput('/in/s.mp4', MP4), 12.5, '/out/poster.jpg', 640);
    expect(a.indexOf('-ss')).toBeLessThan(a.indexOf('-i'));
    expect(valuesOf(a, '-ss')).toEqual(['12.5']);
    expect(valuesOf(a, '-frames:v')).toEqual(['1']);
    expect(valuesOf(a, '-vf')).toEqual(['scale=640:-2']);
    expect(a.at(-1)).toBe('/out/poster.jpg');
  });

  it('builds fps, scale and tile filters for the sprite', () => {
    const a = spriteArgs(sourceInput('/in/s.mp4', MP4), 95, '/out/sprite.jpg', { columns: 10, rows: 10, tileWidth: 160, tileHeight: 90, interval: 1 });
    expect(valuesOf(a, '-vf')).toEqual(['fps=1/1,scale=160:90,setsar=1,tile=10x10']);
    expect(valuesOf(a, '-frames:v')).toEqual(['1']);
    expect(valuesOf(a, '-skip_frame')).toEqual(['nokey']);
    expect(a.indexOf('-skip_frame')).toBeLessThan(a.indexOf('-i'));
  });

  it('refuses a grid too small for the duration', () => {
    expect(() => spriteArgs(sourceInput('/in/s.mp4', MP4), 101, '/o.jpg', { columns: 10, rows: 10, tileWidth: 160, interval: 1 })).toThrow(
      /101 tiles/
    );
  });
});

describe('escapeFilterValue', () => {
  it('escapes paths for both the option and the filter-graph level', () => {
    // Option level escapes \ ' : ; graph level then escapes \ ' [ ] , ; again.
    expect(escapeFilterValue('C:\\subs\\a.vtt')).toBe('C\\\\:\\\\\\\\subs\\\\\\\\a.vtt');
    expect(escapeFilterValue("it's [1], 2;")).toBe("it\\\\\\'s \\[1\\]\\, 2\\;");
  });
});

describe('sourceInput: how every source file is opened', () => {
  it('allows only local files in an accepted container, and reads the one the probe found (-f) instead of guessing', () => {
    const { args } = sourceInput('/data/sources/v1/source.mp4', MP4);
    expect(args).toEqual([
      '-protocol_whitelist', 'file',
      '-format_whitelist', UPLOAD_FORMATS.join(','),
      '-f', 'mov',
      '-i', 'file:/data/sources/v1/source.mp4'
    ]);
    expect(valuesOf([...sourceInput('/x.mkv', 'matroska,webm').args], '-f')).toEqual(['matroska']);
    expect(valuesOf([...sourceInput('/x.ts', 'mpegts').args], '-f')).toEqual(['mpegts']);
  });

  it('has no playlist or reference demuxer on its whitelist', () => {
    const whitelist = valuesOf([...sourceInput('/x').args], '-format_whitelist')[0].split(',');
    for (const name of ['hls', 'applehttp', 'dash', 'concat', 'image2', 'lavfi', 'imf', 'sdp', 'rtsp', 'tee', 'data', 'subfile']) {
      expect(whitelist).not.toContain(name);
    }
  });

  it('refuses to build an input for a format the probe would not accept', () => {
    expect(() => sourceInput('/x.mp4', 'hls')).toThrow(/hls is not an accepted source format/);
    expect(() => sourceInput('/x.mp4', 'concat')).toThrow(/not an accepted/);
  });

  it('names a relative path absolutely behind file:, so a name like -y or http:… is never an option or a URL', () => {
    expect(valuesOf([...sourceInput('-y').args], '-i')[0]).toMatch(/^file:\/.*\/-y$/);
    expect(valuesOf([...sourceInput('http:x').args], '-i')[0]).toMatch(/^file:\/.*\/http:x$/);
  });

  it('is what every builder reads its source through', () => {
    const input = sourceInput('/in/s.mp4', MP4);
    const plan = planLadder(probe());
    for (const a of [
      ladderArgs(input, plan, '/out'),
      singleRenditionArgs(input, plan, plan.rungs[0], '/out'),
      posterArgs(input, 1, '/p.jpg', 640),
      spriteArgs(input, 10, '/s.jpg', { columns: 10, rows: 10, tileWidth: 160, interval: 1 }),
      variantsArgs(input, '/fonts', { height: 480, videoKbps: 300, audioKbps: 64 }, [{ name: 'tg', vttPath: '/s.vtt', outFile: '/o.mp4' }]),
      singleVariantArgs(input, '/fonts', { height: 480, videoKbps: 300, audioKbps: 64 }, { name: 'tg', vttPath: '/s.vtt', outFile: '/o.mp4' }),
      formatProbeArgs(input)
    ]) {
      const i = a.indexOf('-i');
      expect(a.slice(i - 6, i + 2)).toEqual(input.args);
    }
  });

  it('a live input speaks RTMP over TCP and reads FLV only; a probe of it gives up when no data comes', () => {
    expect(liveInput('rtmp://h/live/k', 10).args).toEqual([
      '-protocol_whitelist', 'rtmp,tcp', '-format_whitelist', 'flv,live_flv', '-rw_timeout', '10000000', '-i', 'rtmp://h/live/k'
    ]);
  });

  it("joins a recording's parts through the concat demuxer and MPEG-TS only, local files only", () => {
    const a = recordingConcatArgs('/rec/concat.txt', '/out/replay.ts');
    expect(valuesOf(a, '-protocol_whitelist')).toEqual(['file']);
    expect(valuesOf(a, '-format_whitelist')).toEqual(['concat,mpegts']);
  });
});

describe('formatProbeArgs', () => {
  it('asks for JSON with warnings kept (they tell a renamed text file and a refused format apart)', () => {
    const a = formatProbeArgs(sourceInput('/x.mp4'));
    expect(valuesOf(a, '-loglevel')).toEqual(['warning']);
    expect(valuesOf(a, '-print_format')).toEqual(['json']);
    expect(a).toEqual(expect.arrayContaining(['-show_format', '-show_streams']));
    expect(a.slice(-2)).toEqual(['-i', 'file:/x.mp4']);
  });
});
