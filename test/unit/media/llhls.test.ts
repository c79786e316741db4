import { describe, expect, it } from 'vitest';
import { VariantPackager, type FragmentIn, type Update } from '../../../media/llhls/packager.js';
import { LlPlaylistWriter, llMediaPlaylist, parseLlMediaPlaylist } from '../../../media/llhls/playlist.js';
import { checkLlPlaylist, checkLlSuccession, parseLl } from '../../../media/llhls/rules.js';
import { AAC_FRAME_SECONDS, llAudioTiming, llTiming } from '../../../media/llhls/timing.js';

const timing = llTiming(30, true);
const audioTiming = llAudioTiming(timing);
const WALL = Date.parse('2026-12-07T03:00:00.000Z');

/** A variant's files as the worker would keep them (writes, concatenations, deletes applied). */
class Disk {
  files = new Map<string, Buffer>();
  apply(u: Update): void {
    for (const w of u.writes) this.files.set(w.name, w.bytes);
    for (const c of u.concats) this.files.set(c.name, Buffer.concat(c.parts.map((p) => this.files.get(p)!)));
    for (const d of u.deletes) this.files.delete(d);
  }
  read = (uri: string): Buffer | null => this.files.get(uri) ?? null;
}

interface Variant {
  name: string;
  p: VariantPackager;
  disk: Disk;
  playlists: string[];
}

function variant(name: string, dvrSegments = 6): Variant {
  return { name, p: new VariantPackager({ timing: name === 'audio' ? audioTiming : timing, dvrSegments }), disk: new Disk(), playlists: [] };
}

function render(v: Variant, others: Variant[] = []): string {
  const l = v.p.listing();
  const reports = others.filter((o) => o !== v).flatMap((o) => {
    const last = o.p.lastPart();
    return last ? [{ uri: `../${o.name}/index.m3u8`, lastMsn: last.msn, lastPart: last.part }] : [];
  });
  const text = llMediaPlaylist({ timing: v.p.timing, ...l, reports });
  v.playlists.push(text);
  return text;
}

/** Video fragments as ffmpeg cuts them: 6 frames (0.2 s) at 30 fps, a keyframe every `keyEvery` seconds. */
function videoFragments(from: number, seconds: number, keyEvery = 1): FragmentIn[] {
  const out: FragmentIn[] = [];
  for (let f = Math.round(from * 30); f < Math.round((from + seconds) * 30); f += 6) {
    const time = f / 30;
    const independent = Math.abs(time / keyEvery - Math.round(time / keyEvery)) < 1e-9;
    out.push({ bytes: Buffer.from(`v${f};`), time, duration: 6 / 30, independent });
  }
  return out;
}

/** Audio-only fragments: 8 AAC frames each, every one a sync sample. */
function audioFragments(from: number, seconds: number): FragmentIn[] {
  const d = 8 * AAC_FRAME_SECONDS;
  const out: FragmentIn[] = [];
  for (let k = Math.ceil(from / d - 1e-9); k * d < from + seconds - 1e-9; k++) out.push({ bytes: Buffer.from(`a${k};`), time: k * d, duration: d, independent: true });
  return out;
}

function feed(v: Variant, frags: FragmentIn[], all: Variant[] = [v], wall = WALL): void {
  for (const f of frags) {
    const u = v.p.addFragment(f, wall);
    v.disk.apply(u);
    if (u.changed) render(v, all);
  }
}

/** Every playlist written passes the rules, and each follows the previous one correctly. */
function expectValid(v: Variant, reports?: number): void {
  for (const [i, text] of v.playlists.entries()) {
    // The first playlists may come before the other variants have a part to report.
    const problems = checkLlPlaylist(text, { reports: i === v.playlists.length - 1 ? reports : undefined });
    expect(problems, `${v.name} playlist #${i}:\n${text}`).toEqual([]);
    if (i > 0) expect(checkLlSuccession(v.playlists[i - 1]!, text), `${v.name} #${i - 1} -> #${i}`).toEqual([]);
  }
  // The latest one's segments are their parts' bytes.
  expect(checkLlPlaylist(v.playlists.at(-1)!, { read: v.disk.read })).toEqual([]);
}

describe('timing', () => {
  it('parts of a fifth of a second, PART-HOLD-BACK three of them; the audio-only rendition its own', () => {
    expect(timing).toMatchObject({ segmentDuration: 1, partsPerSegment: 5, partTarget: 0.222, partHoldBack: 0.666, videoFragmentDuration: 0.199 });
    expect(llTiming(24, true).partTarget).toBe(0.23);
    expect(llTiming(30, false).partTarget).toBe(0.201);
    expect(llTiming(30, false).audioFragmentDuration).toBe(0);
    expect(audioTiming).toMatchObject({ partsPerSegment: 5, partTarget: 0.342, partHoldBack: 1.026 });
  });

  it('asks ffmpeg for video fragments that audio in the same file never cuts first', () => {
    for (const fps of [10, 12, 15, 20, 24, 25, 30, 48, 50, 60]) {
      const t = llTiming(fps, true);
      const k = Math.round((t.videoFragmentDuration + 0.001) * fps);
      // Video cuts after exactly k frames, also with millisecond timestamps...
      expect(Math.floor(t.videoFragmentDuration * fps)).toBe(k - 1);
      expect(Math.floor(k / fps * 1000) / 1000).toBeGreaterThanOrEqual(t.videoFragmentDuration);
      // ...and audio, starting with or after the video, reaches the duration only later.
      expect(Math.ceil(t.videoFragmentDuration / AAC_FRAME_SECONDS) * AAC_FRAME_SECONDS).toBeGreaterThanOrEqual(k / fps - 1e-9);
      expect(k / fps).toBeLessThanOrEqual(t.partTarget);
      // A part cut one AAC frame late (the video stopped: the cut fell on an audio packet) still fits,
      expect(k / fps + AAC_FRAME_SECONDS).toBeLessThanOrEqual(t.partTarget);
      // and a regular part stays above RFC 8216bis's 85 % floor.
      expect(k / fps).toBeGreaterThanOrEqual(0.85 * t.partTarget);
    }
  });
});

describe('packaging one rung', () => {
  it('makes a part of every fragment and a segment of every five, with a playlist the rules accept', () => {
    const v = variant('240p');
    v.disk.apply(v.p.startEpoch(Buffer.from('init'), 0));
    feed(v, videoFragments(0, 10));
    expectValid(v, 0);
    const last = parseLl(v.playlists.at(-1)!);
    // 10 s of media: segments 0-9 complete; the DVR window keeps 6, parts for the last two (within
    // three target durations of the end, RFC 8216bis 4.4.4.9).
    expect(last.mediaSequence).toBe(4);
    expect(last.segments.map((s) => [s.msn, s.parts.length])).toEqual([[4, 0], [5, 0], [6, 0], [7, 0], [8, 5], [9, 5]]);
    expect(last.segments.at(-1)!.parts.map((p) => p.independent)).toEqual([true, false, false, false, false]);
    expect(last.hints).toEqual([{ type: 'PART', uri: 'part000010.0.m4s' }]);
    expect(v.playlists.at(-1)).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    expect(v.playlists.at(-1)).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-12-07T03:00:04.000Z');
    expect(v.p.lastPart()).toEqual({ msn: 9, part: 4 });
    // Old segments and parts deleted, two segments after they left the playlist.
    expect([...v.disk.files.keys()].filter((f) => f.startsWith('seg')).sort()).toEqual(['seg000002.m4s', 'seg000003.m4s', 'seg000004.m4s', 'seg000005.m4s', 'seg000006.m4s', 'seg000007.m4s', 'seg000008.m4s', 'seg000009.m4s']);
    expect(v.disk.files.has('part000005.2.m4s')).toBe(false);
    expect(v.disk.files.has('part000006.0.m4s')).toBe(true);
    expect(v.disk.read('seg000009.m4s')!.toString()).toBe('v270;v276;v282;v288;v294;');
  });

  it('lists a part as soon as it is complete, with the hint naming the next', () => {
    const v = variant('240p');
    v.p.startEpoch(Buffer.from('init'), 0);
    feed(v, videoFragments(0, 0.4));
    const text = v.playlists.at(-1)!;
    expect(text).toContain('#EXT-X-PART:DURATION=0.2,URI="part000000.1.m4s"');
    expect(text).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000000.2.m4s"');
    expect(text).not.toContain('#EXTINF');
    expect(checkLlPlaylist(text)).toEqual([]);
  });
});

describe('a ladder', () => {
  it('numbers the same media time alike in every rung and in the audio-only rendition', () => {
    const top = variant('source');
    const low = variant('240p');
    const audio = variant('audio');
    const all = [top, low, audio];
    for (const v of all) v.disk.apply(v.p.startEpoch(Buffer.from(`init-${v.name}`), 0));
    // Interleaved as the pipes deliver them, a third of a second at a time.
    for (let i = 0; i < 40; i++) {
      const t = i / 5;
      feed(top, videoFragments(t, 1 / 5), all);
      feed(low, videoFragments(t, 1 / 5), all);
      feed(audio, audioFragments(t, 1 / 5), all);
    }
    for (const v of all) expectValid(v, 2);
    const starts = (v: Variant) => {
      const l = v.p.listing();
      return l.segments.flatMap((s) => s.parts.map((p, i) => ({ key: `${s.msn}.${i}`, uri: p.uri })));
    };
    // Where both list a segment's parts, they list as many (the window is measured in seconds, and
    // the audio's segments are a little longer or shorter than a second).
    const perSegment = (v: Variant) => new Map(v.p.listing().segments.filter((s) => s.parts.length).map((s) => [s.msn, s.parts.length]));
    const [a, b] = [perSegment(audio), perSegment(low)];
    const common = [...a.keys()].filter((msn) => b.has(msn) && a.get(msn) && msn < Math.max(...b.keys()));
    expect(common.length).toBeGreaterThanOrEqual(1);
    for (const msn of common) expect(a.get(msn)).toBe(b.get(msn));
    expect(starts(low).length).toBeGreaterThan(3);
    // Audio parts are one or two fragments and start within one fragment after the video's.
    const audioPlaylist = parseLl(audio.playlists.at(-1)!);
    for (const s of audioPlaylist.segments) {
      for (const part of s.parts) {
        expect(part.independent).toBe(true);
        expect(part.duration).toBeLessThanOrEqual(audioTiming.partTarget);
      }
      if (s.duration !== null) expect(Math.abs(s.duration - 1)).toBeLessThan(0.18);
    }
    // Rendition reports name the other variants' newest parts.
    expect(low.playlists.at(-1)).toContain('#EXT-X-RENDITION-REPORT:URI="../source/index.m3u8",LAST-MSN=7,LAST-PART=4');
    expect(low.playlists.at(-1)).toMatch(/#EXT-X-RENDITION-REPORT:URI="..\/audio\/index.m3u8",LAST-MSN=7,LAST-PART=\d/);
  });

  it('goes on after an ffmpeg restart: the open segment closes short, a discontinuity, a new init, aligned numbers', () => {
    const top = variant('source');
    const audio = variant('audio');
    const all = [top, audio];
    for (const v of all) v.p.startEpoch(Buffer.from('i0'), 0);
    feed(top, videoFragments(0, 3.8), all);
    // The top rung got a fragment of segment 4 before ffmpeg died; the audio did not.
    feed(top, videoFragments(3.8, 0.4), all);
    feed(audio, audioFragments(0, 3.9), all);
    const base = Math.max(...all.map((v) => v.p.nextMsn()));
    expect(base).toBe(5);
    for (const v of all) {
      v.disk.apply(v.p.startEpoch(Buffer.from('i1'), base));
      render(v, all);
    }
    // The new ffmpeg's clock starts at 0 again.
    for (let i = 0; i < 15; i++) {
      const t = i / 5;
      feed(top, videoFragments(t, 1 / 5), all, WALL + 10_000);
      feed(audio, audioFragments(t, 1 / 5), all, WALL + 10_000);
    }
    for (const v of all) {
      const text = v.playlists.at(-1)!;
      expect(checkLlPlaylist(text, { read: v.disk.read })).toEqual([]);
      expect(text.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(1);
      expect(text).toContain('#EXT-X-MAP:URI="init1.mp4"');
      expect(v.disk.files.has('init1.mp4')).toBe(true);
    }
    const msns = (v: Variant) => parseLl(v.playlists.at(-1)!).segments.map((s) => `${s.msn}${s.gap ? 'gap' : ''}${s.discontinuity ? 'd' : ''}`);
    expect(msns(top)).toEqual(['2', '3', '4', '5d', '6', '7']);
    // The audio lacked segment 4: listed as a gap, so 5 is the same second in both.
    expect(msns(audio)).toEqual(['2', '3', '4gapd', '5', '6', '7']);
    expect(parseLl(top.playlists.at(-1)!).segments.find((s) => s.msn === 4)!.duration).toBeCloseTo(0.2, 4);
  });
});

describe('bad input', () => {
  it('a copied rung with 2.5 s keyframes: segments still cut every second, INDEPENDENT only where a keyframe starts a part', () => {
    const v = variant('source');
    v.p.startEpoch(Buffer.from('init'), 0);
    feed(v, videoFragments(0, 7, 2.5));
    expectValid(v);
    const last = parseLl(v.playlists.at(-1)!);
    expect(last.segments.every((s) => s.duration === null || Math.abs(s.duration - 1) < 1e-3)).toBe(true);
    expect(v.playlists.at(-1)).not.toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    const independent = last.segments.flatMap((s) => s.parts.map((p, i) => (p.independent ? `${s.msn}.${i}` : null))).filter(Boolean);
    expect(independent).toEqual(['5.0']);
  });

  it("the input's clock jumps back or far ahead: segments stay one second and numbers go on", () => {
    const v = variant('240p', 30);
    v.p.startEpoch(Buffer.from('init'), 0);
    feed(v, videoFragments(0, 3.2));
    feed(v, videoFragments(1, 2)); // back by two seconds
    feed(v, videoFragments(600, 2)); // ten minutes ahead
    expectValid(v);
    const p = parseLl(v.playlists.at(-1)!);
    expect(p.segments.map((s) => s.msn)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(p.segments.filter((s) => s.gap)).toEqual([]);
    expect(p.segments.every((s) => s.duration === null || s.duration <= 1 + 1e-6)).toBe(true);
  });

  it('a stalled publisher: no fragment, no new playlist; the hint stays', () => {
    const v = variant('240p');
    v.p.startEpoch(Buffer.from('init'), 0);
    feed(v, videoFragments(0, 1.2));
    const before = v.playlists.length;
    expect(v.p.listing().hint).toBe('part000001.1.m4s');
    expect(v.playlists.length).toBe(before);
  });

  it('a new worker resumes the playlist a dead one left: its open segment joined from its parts, then a discontinuity', () => {
    const v = variant('240p');
    v.p.startEpoch(Buffer.from('init'), 0);
    feed(v, videoFragments(0, 2.4));
    const left = v.playlists.at(-1)!;
    const w: Variant = { ...variant('240p'), disk: v.disk };
    const u = w.p.resume(parseLlMediaPlaylist(left));
    expect(u.concats).toEqual([{ name: 'seg000002.m4s', parts: ['part000002.0.m4s', 'part000002.1.m4s'] }]);
    w.disk.apply(u);
    w.disk.apply(w.p.startEpoch(Buffer.from('init-b'), w.p.nextMsn()));
    w.playlists.push(left);
    feed(w, videoFragments(0, 2));
    expectValid(w);
    const text = w.playlists.at(-1)!;
    expect(text).toContain('#EXT-X-MAP:URI="init1.mp4"');
    expect(parseLl(text).segments.map((s) => `${s.msn}${s.discontinuity ? 'd' : ''}`)).toEqual(['0', '1', '2', '3d', '4']);
    // An MPEG-TS playlist (the other mode) is not resumed.
    expect(() => parseLlMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nseg000000.ts\n')).toThrow(/not an LL-HLS playlist/);
  });
});

describe('the playlist writer', () => {
  it('writes a long DVR window from a cached body and a fresh tail, the same text as in one pass', () => {
    const v = variant('240p', 200);
    v.p.startEpoch(Buffer.from('init'), 0);
    const writer = new LlPlaylistWriter();
    let compared = 0;
    for (const f of videoFragments(0, 150)) {
      v.p.addFragment(f, WALL);
      if (f.time > 100) {
        const input = { timing, ...v.p.listing(), reports: [{ uri: '../audio/index.m3u8', lastMsn: 1, lastPart: 0 }] };
        expect(writer.write(input)).toBe(llMediaPlaylist(input));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
    // A restart in the window: the body's maps and discontinuity come through too.
    v.p.startEpoch(Buffer.from('init-2'), v.p.nextMsn());
    for (const f of videoFragments(0, 5)) v.p.addFragment(f, WALL + 200_000);
    for (const f of videoFragments(5, 100)) {
      v.p.addFragment(f, WALL + 200_000);
      const input = { timing, ...v.p.listing(), reports: [] };
      expect(writer.write(input)).toBe(llMediaPlaylist(input));
    }
    expect(checkLlPlaylist(writer.write({ timing, ...v.p.listing(), reports: [] }))).toEqual([]);
  });
});

describe('the rule checker', () => {
  const good = [
    '#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:1',
    '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.026', '#EXT-X-PART-INF:PART-TARGET=0.342',
    '#EXT-X-MEDIA-SEQUENCE:4', '#EXT-X-MAP:URI="init0.mp4"',
    '#EXT-X-PROGRAM-DATE-TIME:2026-12-07T03:00:04.000Z',
    '#EXT-X-PART:DURATION=0.33333,URI="part000004.0.m4s",INDEPENDENT=YES', '#EXT-X-PART:DURATION=0.33333,URI="part000004.1.m4s"', '#EXT-X-PART:DURATION=0.33334,URI="part000004.2.m4s"',
    '#EXTINF:1,', 'seg000004.m4s',
    '#EXT-X-PROGRAM-DATE-TIME:2026-12-07T03:00:05.000Z',
    '#EXT-X-PART:DURATION=0.33333,URI="part000005.0.m4s",INDEPENDENT=YES',
    '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000005.1.m4s"'
  ].join('\n');

  it('accepts a correct playlist', () => {
    expect(checkLlPlaylist(good)).toEqual([]);
  });

  it('names each broken rule', () => {
    const broken = (from: string, to: string) => checkLlPlaylist(good.replace(from, to)).join('\n');
    expect(broken('PART-HOLD-BACK=1.026', 'PART-HOLD-BACK=0.7')).toMatch(/less than three PART-TARGETs/);
    expect(broken('DURATION=0.33334', 'DURATION=0.4')).toMatch(/exceeds PART-TARGET/);
    expect(broken('DURATION=0.33334', 'DURATION=0.2')).toMatch(/parts last 0.86666 s/);
    expect(broken('"part000004.1.m4s"', '"part000004.1.m4s",INDEPENDENT=NO')).toEqual('');
    expect(broken('#EXT-X-PART:DURATION=0.33333,URI="part000004.1.m4s"', '#EXT-X-PART:DURATION=0.2,URI="part000004.1.m4s"')).toMatch(/under 85%/);
    expect(broken('#EXTINF:1,', '#EXTINF:1.6,')).toMatch(/rounds above TARGETDURATION/);
    expect(broken('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000005.1.m4s"', '')).toMatch(/without EXT-X-PRELOAD-HINT/);
    expect(broken('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,', '#EXT-X-SERVER-CONTROL:')).toMatch(/CAN-BLOCK-RELOAD/);
    expect(broken('#EXT-X-MAP:URI="init0.mp4"\n', '')).toMatch(/no EXT-X-MAP/);
    const bytes = new Map([['seg000004.m4s', Buffer.from('abc')], ['part000004.0.m4s', Buffer.from('a')], ['part000004.1.m4s', Buffer.from('c')], ['part000004.2.m4s', Buffer.from('b')]]);
    expect(checkLlPlaylist(good, { read: (u) => bytes.get(u) ?? null })).toEqual(['segment 4: its bytes are not its parts\' bytes, in order (4.4.4.9)']);
  });

  it('checks that a hinted part becomes a part and that numbers only grow', () => {
    const next = good.replace('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000005.1.m4s"', '#EXT-X-PART:DURATION=0.33333,URI="part000005.1.m4s"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000005.2.m4s"');
    expect(checkLlSuccession(good, next)).toEqual([]);
    const skipped = good.replace('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000005.1.m4s"', '#EXT-X-PART:DURATION=0.33333,URI="part000005.9.m4s"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000005.10.m4s"');
    expect(checkLlSuccession(good, skipped).join('\n')).toMatch(/did not become a part/);
    expect(checkLlSuccession(good, good.replace('MEDIA-SEQUENCE:4', 'MEDIA-SEQUENCE:3')).join('\n')).toMatch(/went back/);
  });
});
