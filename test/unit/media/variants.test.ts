import { describe, expect, it } from 'vitest';
import { sourceInput } from '../../../media/ffmpeg-args.js';
import {
  CAP_SAFETY,
  libassFontProblems,
  MP4_OVERHEAD,
  outputNamesOf,
  planVariant,
  singleVariantArgs,
  variantsArgs,
  type VariantPlanSettings
} from '../../../media/variants.js';

const CFG: VariantPlanSettings = { capBytes: 16_000_000, minVideoKbps: 250, maxVideoKbps: 1200, height: 480, audioKbps: 64 };

describe('planVariant', () => {
  it('fits a 5-minute video into the cap with audio, the container and the safety margin', () => {
    const p = planVariant(300, 1920, 1080, CFG);
    expect(p).toMatchObject({ width: 854, height: 480, audioKbps: 64, overCap: false });
    // 16 MB * 8 * 0.94 / 1.02 / 300 s = 393 kbit/s in all, minus 64 of audio.
    expect(p.videoKbps).toBe(Math.floor((16_000_000 * 8 * CAP_SAFETY) / (1 + MP4_OVERHEAD) / 300 / 1000 - 64));
    expect(p.videoKbps).toBe(329);
    expect(p.estimatedBytes).toBeLessThanOrEqual(16_000_000 * CAP_SAFETY);
    expect(p.estimatedBytes).toBeGreaterThan(16_000_000 * (CAP_SAFETY - 0.01));
  });

  it('never goes above maxVideoKbps for a short clip', () => {
    const p = planVariant(20, 1920, 1080, CFG);
    expect(p.videoKbps).toBe(1200);
    expect(p.overCap).toBe(false);
    expect(p.estimatedBytes).toBeLessThan(16_000_000);
  });

  it('keeps the readable floor for a long video and says the file will be over the cap', () => {
    const p = planVariant(1800, 1920, 1080, CFG);
    expect(p.videoKbps).toBe(250);
    expect(p.overCap).toBe(true);
    expect(p.estimatedBytes).toBeGreaterThan(16_000_000);
  });

  it('is at the floor exactly when the cap allows exactly that: not over the cap', () => {
    // The duration at which the fitting bitrate is 250 kbit/s.
    const seconds = (16_000_000 * 8 * CAP_SAFETY) / (1 + MP4_OVERHEAD) / ((250 + 64) * 1000);
    const p = planVariant(seconds - 0.5, 1920, 1080, CFG);
    expect(p.videoKbps).toBe(250);
    expect(p.overCap).toBe(false);
  });

  it('never scales above the source, and keeps both sides even', () => {
    expect(planVariant(60, 640, 360, CFG)).toMatchObject({ width: 640, height: 360 });
    expect(planVariant(60, 426, 241, CFG)).toMatchObject({ width: 424, height: 240 });
    expect(planVariant(60, 1440, 1080, CFG)).toMatchObject({ width: 640, height: 480 });
    expect(planVariant(60, 1280, 534, CFG)).toMatchObject({ width: 1150, height: 480 });
  });

  it('makes a portrait clip 480 wide (the short side), not 480 high', () => {
    expect(planVariant(60, 1080, 1920, CFG)).toMatchObject({ width: 480, height: 854 });
  });

  it('takes its height from the settings', () => {
    expect(planVariant(60, 1920, 1080, { ...CFG, height: 360 })).toMatchObject({ width: 640, height: 360 });
  });
});

describe('variantsArgs', () => {
  const input = sourceInput('/data/sources/v1/source.mp4', 'mov,mp4,m4a,3gp,3g2,mj2');
  const enc = { height: 480, videoKbps: 329, audioKbps: 64 };
  const outputs = [
    { name: 'ru', vttPath: '/data/work/ru.vtt', outFile: '/data/variants/v1/ru.mp4.part' },
    { name: 'tg', vttPath: "/data/it's, [odd]/tg.vtt", outFile: '/data/variants/v1/tg.mp4.part' }
  ];
  const args = variantsArgs(input, '/data/fonts', enc, outputs);
  const graph = args[args.indexOf('-filter_complex') + 1]!;

  it('reads the source through the whitelists, once', () => {
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args.join(' ')).toContain('-protocol_whitelist file -format_whitelist');
    expect(args).toContain('file:/data/sources/v1/source.mp4');
  });

  it('scales once, splits per language, burns each language with Noto Sans from the fonts folder', () => {
    const parts = graph.split(';');
    expect(parts[0]).toBe('[0:v:0]scale=-2:480,setsar=1,split=2[s0][s1]');
    expect(parts[1]).toBe(
      "[s0]subtitles@sub_ru=filename=/data/work/ru.vtt:fontsdir=/data/fonts:force_style=" +
        "FontName=Noto Sans\\,Bold=1\\,FontSize=20\\,Outline=2\\,Shadow=0\\,MarginV=16[o0]"
    );
    // Quotes, commas and brackets in a path are escaped for both parsing levels.
    expect(parts[2]).toContain("filename=/data/it\\\\\\'s\\, \\[odd\\]/tg.vtt:");
    expect(parts[2]!.endsWith('[o1]')).toBe(true);
    expect(graph.match(/scale=/g)).toHaveLength(1);
  });

  it('writes one MP4 per language: H.264 Main ABR, AAC-LC stereo, moov first, as .part', () => {
    for (const [k, o] of outputs.entries()) {
      const end = args.indexOf(o.outFile);
      const start = args.indexOf(`[o${k}]`) - 1;
      const own = args.slice(start, end + 1).join(' ');
      expect(own).toBe(
        `-map [o${k}] -map 0:a:0? -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p ` +
          '-b:v 329k -maxrate 494k -bufsize 658k -c:a aac -profile:a aac_low -b:a 64k -ac 2 -movflags +faststart -f mp4 ' +
          o.outFile
      );
    }
  });

  it('logs at info so libass font selection reaches stderr; progress on stdout', () => {
    expect(args.slice(0, 7)).toEqual(['-hide_banner', '-loglevel', 'info', '-nostats', '-progress', 'pipe:1', '-y']);
  });

  it('makes a branch without subtitles for a reference output', () => {
    const ref = variantsArgs(input, '/data/fonts', enc, [{ name: 'none', vttPath: null, outFile: '/tmp/ref.mp4' }]);
    expect(ref[ref.indexOf('-filter_complex') + 1]).toBe('[0:v:0]scale=-2:480,setsar=1,split=1[s0];[s0]null[o0]');
  });

  it('refuses an empty batch', () => {
    expect(() => variantsArgs(input, '/data/fonts', enc, [])).toThrow(/no outputs/);
  });

  it('singleVariantArgs: the same filters and encoder for one language (the benchmark)', () => {
    const one = singleVariantArgs(input, '/data/fonts', enc, outputs[0]!);
    expect(one[one.indexOf('-vf') + 1]).toBe(`scale=-2:480,setsar=1,${graph.split(';')[1]!.slice(4, -4)}`);
    expect(one.slice(-4)).toEqual(['+faststart', '-f', 'mp4', outputs[0]!.outFile]);
  });
});

describe('libassFontProblems', () => {
  const names = outputNamesOf([{ name: 'tg' }, { name: 'uz' }]);

  it('passes Noto Sans loaded from the fonts folder (memory fonts log without a path)', () => {
    const log = [
      '[subtitles@sub_tg @ 0x5562a47545f00] fontselect: (Noto Sans, 400, 0) -> NotoSans-Regular, 0, NotoSans-Regular',
      '[subtitles@sub_uz @ 0x5562a47545f80] fontselect: (Noto Sans, 700, 0) -> NotoSans-Bold, 0, NotoSans-Bold',
      'Stream mapping:',
      "Output #0, mp4, to '/data/variants/v1/tg.mp4.part':"
    ].join('\n');
    expect(libassFontProblems(log, names)).toEqual([]);
  });

  it('finds a glyph Noto Sans lacks and the failed fallback, naming the language', () => {
    const log = [
      '[subtitles@sub_tg @ 0x556178ac8740] fontselect: (Noto Sans, 400, 0) -> NotoSans-Regular, 0, NotoSans-Regular',
      '[subtitles@sub_tg @ 0x556178ac8740] Glyph 0x6F22 not found, selecting one more font for (Noto Sans, 400, 0)',
      '[subtitles@sub_tg @ 0x556178ac8740] fontselect: failed to find any fallback with glyph 0x6F22 for font: (Noto Sans, 400, 0)'
    ].join('\n');
    expect(libassFontProblems(log, names)).toEqual([
      { output: 'tg', message: 'Glyph 0x6F22 not found, selecting one more font for (Noto Sans, 400, 0)' },
      { output: 'tg', message: 'fontselect: failed to find any fallback with glyph 0x6F22 for font: (Noto Sans, 400, 0)' }
    ]);
  });

  it('finds fontconfig answering with a system font file, and another family asked for', () => {
    const log = [
      '[subtitles@sub_uz @ 0x1] fontselect: (Noto Sans, 400, 0) -> /usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc, 0, NotoSansCJK-Regular',
      '[Parsed_subtitles_3 @ 0x2] fontselect: (Arial, 400, 0) -> /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf, 0, LiberationSans',
      '[subtitles@sub_tg @ 0x3] fontselect: (DejaVu Sans, 400, 0) -> DejaVuSans, 0, DejaVuSans'
    ].join('\r\n');
    expect(libassFontProblems(log, names)).toEqual([
      { output: 'uz', message: expect.stringContaining('NotoSansCJK-Regular.ttc') },
      { output: null, message: expect.stringContaining('(Arial, 400, 0)') },
      { output: 'tg', message: 'fontselect: (DejaVu Sans, 400, 0) -> DejaVuSans, 0, DejaVuSans' }
    ]);
  });

  it('reads an unprefixed line too', () => {
    expect(libassFontProblems('Glyph 0x2BB not found, selecting one more font for (Arial, 400, 0)')).toHaveLength(1);
  });
});
