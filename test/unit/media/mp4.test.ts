import { describe, expect, it } from 'vitest';
import { Mp4FormatError, readBox } from '../../../media/mp4/boxes.js';
import { Mp4Splitter, parseFragment, parseInit } from '../../../media/mp4/fragments.js';
import { NON_SYNC, SYNC, box, fragment, initSegment, u32, u64 } from './mp4-boxes.js';

const init = initSegment([
  { id: 1, timescale: 15360, handler: 'vide' },
  { id: 2, timescale: 48000, handler: 'soun', trexDuration: 1024, trexFlags: SYNC, mdhdVersion: 1 }
]);

describe('box headers', () => {
  it('reads 32- and 64-bit sizes, and waits for a box still arriving', () => {
    const small = box('free', Buffer.alloc(4));
    expect(readBox(small, 0)).toEqual({ type: 'free', start: 0, end: 12, body: 8 });
    expect(readBox(small.subarray(0, 11), 0)).toBeNull();
    expect(readBox(small.subarray(0, 5), 0)).toBeNull();
    const large = Buffer.concat([u32(1), Buffer.from('mdat'), u64(20), Buffer.alloc(4)]);
    expect(readBox(large, 0)).toEqual({ type: 'mdat', start: 0, end: 20, body: 16 });
  });

  it('refuses a box "to the end of the file" and sizes smaller than a header', () => {
    expect(() => readBox(Buffer.concat([u32(0), Buffer.from('mdat')]), 0)).toThrow(Mp4FormatError);
    expect(() => readBox(Buffer.concat([u32(4), Buffer.from('mdat')]), 0)).toThrow(/bad size/);
  });
});

describe('init segment', () => {
  it('reads each track: id, timescale (mdhd v0 and v1), handler and trex defaults', () => {
    expect(parseInit(init).tracks).toEqual([
      { trackId: 1, timescale: 15360, handler: 'vide', defaultSampleDuration: 0, defaultSampleSize: 0, defaultSampleFlags: 0 },
      { trackId: 2, timescale: 48000, handler: 'soun', defaultSampleDuration: 1024, defaultSampleSize: 0, defaultSampleFlags: SYNC }
    ]);
  });
  it('refuses bytes without a moov', () => {
    expect(() => parseInit(box('ftyp', Buffer.alloc(8)))).toThrow(/no moov/);
  });
});

describe('fragments', () => {
  const info = parseInit(init);

  it('reads tfdt, sample count and durations, and a keyframe start from first_sample_flags', () => {
    const f = fragment(7, [
      { id: 1, tfdt: 15360, durations: Array(10).fill(512), firstSampleFlags: SYNC, tfhdFlags: NON_SYNC },
      { id: 2, tfdt: 48000, count: 16 }
    ]);
    const parsed = parseFragment(f, info);
    expect(parsed.sequence).toBe(7);
    expect(parsed.tracks[0]).toEqual({ trackId: 1, baseDecodeTime: 15360, sampleCount: 10, duration: 5120, startsWithSync: true, syncTimes: [15360] });
    // Audio: durations and (sync) flags from trex.
    expect(parsed.tracks[1]).toMatchObject({ trackId: 2, baseDecodeTime: 48000, sampleCount: 16, duration: 16 * 1024, startsWithSync: true });
    expect(parsed.tracks[1]!.syncTimes).toHaveLength(16);
  });

  it('takes tfhd defaults over trex, per-sample flags over both, and 64-bit tfdt', () => {
    const f = fragment(1, [{ id: 1, tfdt: 2 ** 40, tfdtVersion: 1, count: 3, tfhdDuration: 500, tfhdFlags: SYNC, sampleFlags: [NON_SYNC, SYNC, NON_SYNC] }]);
    expect(parseFragment(f, info).tracks[0]).toEqual({
      trackId: 1, baseDecodeTime: 2 ** 40, sampleCount: 3, duration: 1500, startsWithSync: false, syncTimes: [2 ** 40 + 500]
    });
  });

  it('refuses a fragment of a track the init segment does not have', () => {
    expect(() => parseFragment(fragment(1, [{ id: 9, tfdt: 0, count: 1 }]), info)).toThrow(/track 9/);
  });
});

describe('splitting a stream', () => {
  const f1 = fragment(1, [{ id: 1, tfdt: 0, durations: [512] }]);
  const f2 = Buffer.concat([box('styp', Buffer.from('msdh')), fragment(2, [{ id: 1, tfdt: 512, durations: [512] }])]);
  const stream = Buffer.concat([init, f1, f2]);

  it('hands out the init segment, then each fragment once its mdat is whole, however the bytes arrive', () => {
    for (const step of [1, 7, 100, stream.length]) {
      const s = new Mp4Splitter();
      const pieces = [];
      for (let at = 0; at < stream.length; at += step) pieces.push(...s.push(stream.subarray(at, at + step)));
      expect(pieces.map((p) => p.kind)).toEqual(['init', 'fragment', 'fragment']);
      expect(Buffer.concat(pieces.map((p) => p.bytes)).equals(stream)).toBe(true);
      expect(pieces[2]!.bytes.subarray(4, 8).toString()).toBe('styp'); // kept with its fragment
      expect(s.bufferedBytes).toBe(0);
    }
  });

  it('keeps a half-arrived fragment back (a killed ffmpeg): it is never handed out', () => {
    const s = new Mp4Splitter();
    const pieces = s.push(stream.subarray(0, stream.length - 5));
    expect(pieces.map((p) => p.kind)).toEqual(['init', 'fragment']);
    expect(s.bufferedBytes).toBe(f2.length - 5);
  });

  it('refuses a stream that does not start with an init segment', () => {
    expect(() => new Mp4Splitter().push(f1)).toThrow(/moof before moov/);
  });
});
