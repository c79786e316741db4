import { describe, expect, it } from 'vitest';
import { cuesFromWebVtt, parseSubtitles, segmentWebVtt, subtitlePlaylist, type Cue } from '../../../media/subtitles/index.js';
import { fixtureBytes } from './fixture-expectations.js';

const cue = (start: number, end: number, text: string): Cue => ({ start, end, text, line: 1 });
const texts = (body: string) => cuesFromWebVtt(body).map((c) => c.text);

describe('segmentWebVtt', () => {
  const cues = parseSubtitles(fixtureBytes('az.ass'), 'az.ass').cues;
  const segments = segmentWebVtt(cues, 6, 23.5);

  it('cuts the duration into segments of the given length, the last one shorter, adding up to the total', () => {
    expect(segments.map((s) => [s.name, s.duration])).toEqual([
      ['seg0.vtt', 6],
      ['seg1.vtt', 6],
      ['seg2.vtt', 6],
      ['seg3.vtt', 5.5]
    ]);
    expect(segments.reduce((sum, s) => sum + s.duration, 0)).toBe(23.5);
  });

  it('repeats a cue that spans a boundary, with its full timing, in each segment it touches', () => {
    // Cue 2 (4-7.5 s) spans the 6 s boundary; cue 5 (16-19.5) spans 18 s.
    const inSegment = segments.map((s) => cuesFromWebVtt(s.body).map((c) => [c.start, c.end]));
    expect(inSegment).toEqual([
      [[0.5, 3.5], [4, 7.5]],
      [[4, 7.5], [8, 11.5]],
      [[12, 15.5], [16, 19.5]],
      [[16, 19.5], [20, 23.5]]
    ]);
  });

  it('starts every segment with WEBVTT and an X-TIMESTAMP-MAP at presentation time 0 by default', () => {
    for (const s of segments) expect(s.body.startsWith('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n')).toBe(true);
  });

  it('maps LOCAL 0 to the MPEG-TS start time in 90 kHz ticks when given one', () => {
    const [first] = segmentWebVtt(cues, 6, 23.5, 1.4);
    expect(first!.body.split('\n')[1]).toBe('X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000');
  });

  it('puts a cue ending exactly on a boundary only in the earlier segment, one starting there only in the later', () => {
    const segs = segmentWebVtt([cue(1, 6, 'ends at 6'), cue(6, 7, 'starts at 6')], 6, 12);
    expect(segs.map((s) => texts(s.body))).toEqual([['ends at 6'], ['starts at 6']]);
  });

  it('writes a valid empty segment where no cue is shown', () => {
    const segs = segmentWebVtt([cue(13, 14, 'late')], 6, 18);
    expect(segs[0]!.body).toBe('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n');
    expect(segs.map((s) => texts(s.body))).toEqual([[], [], ['late']]);
  });

  it('leaves out cues that start after the video ends', () => {
    const segs = segmentWebVtt([cue(1, 2, 'in'), cue(30, 31, 'after the end')], 6, 10);
    expect(segs.flatMap((s) => texts(s.body))).toEqual(['in']);
  });

  it('keeps durations exact for fractional segment lengths', () => {
    const segs = segmentWebVtt([], 2.002, 10);
    expect(segs.map((s) => s.duration)).toEqual([2.002, 2.002, 2.002, 2.002, 1.992]);
  });

  it('rejects a non-positive segment length or total duration', () => {
    expect(() => segmentWebVtt([], 0, 10)).toThrow(RangeError);
    expect(() => segmentWebVtt([], 6, 0)).toThrow(RangeError);
  });
});

describe('subtitlePlaylist', () => {
  it('writes a VOD media playlist listing every segment', () => {
    const playlist = subtitlePlaylist([
      { name: 'seg0.vtt', duration: 6 },
      { name: 'seg1.vtt', duration: 5.5 }
    ]);
    expect(playlist).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-TARGETDURATION:6',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXTINF:6.000,',
        'seg0.vtt',
        '#EXTINF:5.500,',
        'seg1.vtt',
        '#EXT-X-ENDLIST',
        ''
      ].join('\n')
    );
  });

  it('rounds the target duration up to a whole second', () => {
    expect(subtitlePlaylist([{ name: 'a.vtt', duration: 6.006 }])).toContain('#EXT-X-TARGETDURATION:7\n');
  });

  it('refuses an empty segment list', () => {
    expect(() => subtitlePlaylist([])).toThrow(RangeError);
  });
});
