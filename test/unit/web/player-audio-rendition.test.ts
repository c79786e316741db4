import { describe, expect, it } from 'vitest';
import { findAudioRendition, listenSavings, mbPerHour } from '../../../web/lib/player/audio-rendition.ts';

const MASTER_URL = 'https://efir.example/media/v1/3/master.m3u8';
const LADDER = [
  '#EXTM3U',
  '#EXT-X-VERSION:6',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-STREAM-INF:BANDWIDTH=400000,AVERAGE-BANDWIDTH=350000,RESOLUTION=426x240,CODECS="avc1.42c015,mp4a.40.2",FRAME-RATE=25',
  '240p/index.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=1000000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"',
  '360p/index.m3u8'
];

describe('the master’s audio-only rendition', () => {
  it('is the variant with an audio codec only and no RESOLUTION, its URL resolved against the master', () => {
    const master = [...LADDER, '#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"', 'audio/index.m3u8', ''].join('\n');
    expect(findAudioRendition(master, MASTER_URL)).toEqual({ url: 'https://efir.example/media/v1/3/audio/index.m3u8', bandwidth: 64000 });
  });

  it('is found in a live run’s master too (CRLF, absolute path)', () => {
    const master = ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"', '360p/index.m3u8', '#EXT-X-STREAM-INF:BANDWIDTH=56000,CODECS="mp4a.40.2"', '/live/b1/run7/audio/index.m3u8'].join('\r\n');
    expect(findAudioRendition(master, 'https://efir.example/live/b1/run7/master.m3u8')?.url).toBe('https://efir.example/live/b1/run7/audio/index.m3u8');
  });

  it('is missing from a master without one (before the audio rendition existed), or with only a video codec named', () => {
    expect(findAudioRendition(LADDER.join('\n'), MASTER_URL)).toBeNull();
    expect(findAudioRendition(['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=300000,CODECS="avc1.42c015"', 'v/index.m3u8'].join('\n'), MASTER_URL)).toBeNull();
    expect(findAudioRendition('', MASTER_URL)).toBeNull();
  });
});

describe('what listening saves', () => {
  it('in megabytes an hour', () => {
    expect(mbPerHour(64_000)).toBeCloseTo(28.8);
    expect(mbPerHour(400_000)).toBeCloseTo(180);
  });

  it('compares the audio rendition with the rendition the viewer would watch', () => {
    expect(listenSavings(64_000, 400_000)).toEqual({ audio: 29, video: 180 });
    expect(listenSavings(64_000, null)).toBeNull();
    expect(listenSavings(64_000, 60_000)).toBeNull();
  });
});
