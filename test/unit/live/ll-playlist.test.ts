/**
 * server/live/ll-playlist.ts: the live end of an LL-HLS playlist as a blocking reload sees it, checked
 * against playlists written by hls-parser (what the worker writes with) and against hls-parser's own
 * reading of them.
 */
import HLS from 'hls-parser';
import { describe, expect, it } from 'vitest';
import {
  blockingCacheControl,
  blockingRequest,
  holdMs,
  llPlaylistState,
  partOfName,
  satisfies,
  tooFarAhead
} from '../../../server/live/ll-playlist.ts';
import { llPlaylist } from '../../helpers/ll-fixture.ts';

const { MediaPlaylist } = HLS.types;
const playlist = (full: number, withParts: number, open: number, opts: { hint?: boolean; endlist?: boolean } = {}) => llPlaylist({ full, withParts, open, ...opts });

describe('llPlaylistState', () => {
  it('reads the live end of a playlist hls-parser wrote, as hls-parser reads it', () => {
    const text = playlist(4, 3, 2);
    const s = llPlaylistState(text);
    expect(s).toMatchObject({ targetDuration: 1, partTarget: 0.334, canBlockReload: true, endlist: false, lastCompleteMsn: 13 });
    expect(s.last).toEqual({ msn: 14, part: 1 });
    expect(s.hint).toEqual({ uri: 'part000014.2.m4s', msn: 14, part: 2 });
    const parsed = HLS.parse(text) as InstanceType<typeof MediaPlaylist>;
    const lastSeg = parsed.segments.at(-1)!;
    expect(lastSeg.mediaSequenceNumber).toBe(s.last!.msn);
    expect(lastSeg.parts.filter((p) => !p.hint).length - 1).toBe(s.last!.part);
  });

  it('a segment just completed: its parts all there, the hint on the next one', () => {
    const s = llPlaylistState(playlist(5, 3, 0));
    expect(s.last).toEqual({ msn: 14, part: Infinity });
    expect(s.hint).toEqual({ uri: 'part000015.0.m4s', msn: 15, part: 0 });
  });

  it("today's MPEG-TS playlists: no parts, no blocking", () => {
    const s = llPlaylistState('#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:1.000000,\nseg000007.ts\n#EXTINF:1.000000,\nseg000008.ts\n');
    expect(s).toMatchObject({ canBlockReload: false, partTarget: 0, lastCompleteMsn: 8, last: { msn: 8, part: Infinity }, hint: null });
  });

  it('an ended playlist, an empty one', () => {
    expect(llPlaylistState(playlist(3, 3, 0, { endlist: true })).endlist).toBe(true);
    expect(llPlaylistState('#EXTM3U\n#EXT-X-TARGETDURATION:1\n').last).toBeNull();
  });
});

describe('blockingRequest', () => {
  it('reads the directives; a plain request is null', () => {
    expect(blockingRequest({})).toBeNull();
    expect(blockingRequest({ other: '1' })).toBeNull();
    expect(blockingRequest({ _HLS_msn: '14' })).toEqual({ msn: 14, part: null });
    expect(blockingRequest({ _HLS_msn: '14', _HLS_part: '2' })).toEqual({ msn: 14, part: 2 });
  });
  it.each([
    [{ _HLS_part: '2' }, '_HLS_part without _HLS_msn'],
    [{ _HLS_msn: '-1' }, 'decimal'],
    [{ _HLS_msn: '1.5' }, 'decimal'],
    [{ _HLS_msn: 'x' }, 'decimal'],
    [{ _HLS_msn: '1', _HLS_part: '' }, 'decimal'],
    [{ _HLS_msn: ['1', '2'] }, 'decimal']
  ])('%j is refused', (q, message) => {
    const r = blockingRequest(q as Record<string, unknown>);
    expect(r && 'error' in r ? r.error : '').toContain(message);
  });
});

describe('satisfies / tooFarAhead', () => {
  const s = llPlaylistState(playlist(4, 3, 2)); // complete up to 13, parts 14.0 and 14.1 listed
  it.each([
    [{ msn: 13, part: null }, true],
    [{ msn: 14, part: null }, false],
    [{ msn: 14, part: 1 }, true],
    [{ msn: 14, part: 2 }, false],
    [{ msn: 13, part: 7 }, true], // a later part of a complete segment: it is complete
    [{ msn: 15, part: 0 }, false]
  ])('%j listed: %s', (req, yes) => expect(satisfies(s, req)).toBe(yes));

  it('more than two segments ahead, or past the Advance Part Limit (3 / PART-TARGET), is too far', () => {
    expect(tooFarAhead(s, { msn: 16, part: null })).toBe(false);
    expect(tooFarAhead(s, { msn: 17, part: null })).toBe(true);
    expect(tooFarAhead(s, { msn: 1_000_000, part: 0 })).toBe(true);
    // 3 / 0.334 → 9 parts ahead at most
    expect(tooFarAhead(s, { msn: 14, part: 10 })).toBe(false);
    expect(tooFarAhead(s, { msn: 14, part: 11 })).toBe(true);
    expect(tooFarAhead(s, { msn: 15, part: 8 })).toBe(false);
    expect(tooFarAhead(s, { msn: 15, part: 9 })).toBe(true);
  });
});

describe('holds and cache headers', () => {
  it('holds three target durations, within 1–12 s', () => {
    expect(holdMs({ targetDuration: 1 })).toBe(3000);
    expect(holdMs({ targetDuration: 2 })).toBe(6000);
    expect(holdMs({ targetDuration: 0 })).toBe(6000);
    expect(holdMs({ targetDuration: 3600 })).toBe(12_000);
  });
  it('an answer that lists the part is cacheable for six target durations; one after a timeout for 1 s', () => {
    const s = llPlaylistState(playlist(4, 3, 2));
    expect(blockingCacheControl(s, true)).toBe('public, max-age=6');
    expect(blockingCacheControl(s, false)).toBe('public, max-age=1');
  });
  it('part names', () => {
    expect(partOfName('part000014.2.m4s')).toEqual({ msn: 14, part: 2 });
    expect(partOfName('seg000014.m4s')).toBeNull();
    expect(partOfName('part14.2.m4s')).toBeNull();
  });
});
