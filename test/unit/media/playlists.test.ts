import { describe, expect, it } from 'vitest';
import { planLadder } from '../../../media/ladder.js';
import { AUDIO_ONLY_OVERHEAD, BANDWIDTH_OVERHEAD, masterPlaylist, parseMediaPlaylistDurations } from '../../../media/playlists.js';
import type { ProbeResult } from '../../../media/probe.js';

const probe: ProbeResult = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  duration: 60,
  sizeBytes: 1,
  bitRate: null,
  video: { codec: 'h264', profile: 'High', level: 31, pixFmt: 'yuv420p', width: 1280, height: 720, fps: 30000 / 1001, bitRate: null, rotation: 0 },
  audio: { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 128000 }
};
const plan = planLadder(probe);
const variantUri = (r: { name: string }) => `${r.name}/index.m3u8`;

const subtitles = [
  { lang: 'tg', name: 'Тоҷикӣ', uri: 'subs/tg.m3u8', default: false },
  { lang: 'uz', name: 'Oʻzbekcha', uri: 'subs/uz.m3u8', default: false },
  { lang: 'ru', name: 'Русский', uri: 'subs/ru.m3u8', default: true }
];

describe('masterPlaylist', () => {
  const text = masterPlaylist({ rungs: plan.rungs, subtitles, variantUri, frameRate: plan.fps });
  const lines = text.trimEnd().split('\n');

  it('starts with the header tags', () => {
    expect(lines.slice(0, 3)).toEqual(['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS']);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('declares one subtitle rendition per language with its name in its own script', () => {
    const media = lines.filter((l) => l.startsWith('#EXT-X-MEDIA:'));
    expect(media).toEqual([
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="tg",NAME="Тоҷикӣ",DEFAULT=NO,AUTOSELECT=YES,URI="subs/tg.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="uz",NAME="Oʻzbekcha",DEFAULT=NO,AUTOSELECT=YES,URI="subs/uz.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="ru",NAME="Русский",DEFAULT=YES,AUTOSELECT=YES,URI="subs/ru.m3u8"'
    ]);
    // U+02BB MODIFIER LETTER TURNED COMMA survives as is.
    expect(text).toContain('Oʻzbekcha');
  });

  it('lists variants highest first with peak and average bandwidth, codecs, frame rate and the subtitle group', () => {
    const inf = lines.filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(inf).toHaveLength(4);
    const top = plan.rungs[0];
    expect(inf[0]).toBe(
      `#EXT-X-STREAM-INF:BANDWIDTH=${Math.ceil((top.maxrate + top.audioBitrate) * BANDWIDTH_OVERHEAD)},` +
        `AVERAGE-BANDWIDTH=${Math.ceil((top.videoBitrate + top.audioBitrate) * BANDWIDTH_OVERHEAD)},` +
        'RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=29.970,SUBTITLES="subs"'
    );
    expect(lines[lines.indexOf(inf[0]) + 1]).toBe('720p/index.m3u8');
    const bandwidths = inf.map((l) => Number(/BANDWIDTH=(\d+)/.exec(l)![1]));
    expect([...bandwidths].sort((a, b) => b - a)).toEqual(bandwidths);
    expect(lines.at(-1)).toBe('240p/index.m3u8');
  });

  it('lists the audio-only rendition last, after every video variant, with BANDWIDTH and CODECS only', () => {
    const audioOnly = { rendition: plan.audioOnly!, uri: 'audio/index.m3u8' };
    const withAudio = masterPlaylist({ rungs: plan.rungs, subtitles, variantUri, frameRate: plan.fps, audioOnly });
    // The whole text is the one without it plus two lines: nothing else moves.
    expect(withAudio).toBe(`${text}#EXT-X-STREAM-INF:BANDWIDTH=60000,CODECS="mp4a.40.2"\naudio/index.m3u8\n`);
    expect(60_000).toBe(Math.ceil(48_000 * AUDIO_ONLY_OVERHEAD));
    // The first variant a player meets is still the top video rung.
    const uris = withAudio.trimEnd().split('\n').filter((l) => !l.startsWith('#'));
    expect(uris).toEqual(['720p/index.m3u8', '480p/index.m3u8', '360p/index.m3u8', '240p/index.m3u8', 'audio/index.m3u8']);
    // Cheaper than the cheapest video variant by far: what "listen only" saves.
    const bandwidths = withAudio.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:')).map((l) => Number(/BANDWIDTH=(\d+)/.exec(l)![1]));
    expect(bandwidths.at(-1)! * 5).toBeLessThan(Math.min(...bandwidths.slice(0, -1)));
    // null or absent: no entry.
    expect(masterPlaylist({ rungs: plan.rungs, subtitles, variantUri, frameRate: plan.fps, audioOnly: null })).toBe(text);
  });

  it('keeps the highest-first order even if given the rungs shuffled', () => {
    const shuffled = [plan.rungs[2], plan.rungs[0], plan.rungs[3], plan.rungs[1]];
    expect(masterPlaylist({ rungs: shuffled, subtitles: [], variantUri, frameRate: 25 })).toBe(
      masterPlaylist({ rungs: plan.rungs, subtitles: [], variantUri, frameRate: 25 })
    );
  });

  it('has no subtitle group and no DEFAULT=YES when there are no subtitles or none is default', () => {
    const none = masterPlaylist({ rungs: plan.rungs, subtitles: [], variantUri, frameRate: 25 });
    expect(none).not.toContain('SUBTITLES');
    expect(none).not.toContain('#EXT-X-MEDIA');
    expect(none).toContain('FRAME-RATE=25.000');
    const noDefault = masterPlaylist({
      rungs: plan.rungs,
      subtitles: subtitles.map((s) => ({ ...s, default: false })),
      variantUri,
      frameRate: 25
    });
    expect(noDefault).not.toContain('DEFAULT=YES');
  });

  it('refuses two defaults and values that would break the playlist', () => {
    const twoDefaults = subtitles.map((s) => ({ ...s, default: true }));
    expect(() => masterPlaylist({ rungs: plan.rungs, subtitles: twoDefaults, variantUri, frameRate: 25 })).toThrow(/default/);
    const quote = [{ lang: 'tg', name: 'Bad "name"', uri: 'x.m3u8', default: false }];
    expect(() => masterPlaylist({ rungs: plan.rungs, subtitles: quote, variantUri, frameRate: 25 })).toThrow(/quotes/);
    const badLang = [{ lang: 'tg\n', name: 'x', uri: 'x.m3u8', default: false }];
    expect(() => masterPlaylist({ rungs: plan.rungs, subtitles: badLang, variantUri, frameRate: 25 })).toThrow(/language/);
  });

  it('writes audio-less codecs for a silent source', () => {
    const silent = planLadder({ ...probe, audio: null });
    const t = masterPlaylist({ rungs: silent.rungs, subtitles: [], variantUri, frameRate: 30 });
    expect(t).toContain('CODECS="avc1.64001f"');
    expect(t).not.toContain('mp4a');
  });
});

describe('parseMediaPlaylistDurations', () => {
  it('reads #EXTINF durations from an ffmpeg VOD playlist', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXTINF:4.000000,',
      'seg00000.ts',
      '#EXTINF:4.004000,',
      'seg00001.ts',
      '#EXTINF:1.501500,',
      'seg00002.ts',
      '#EXT-X-ENDLIST',
      ''
    ].join('\r\n');
    expect(parseMediaPlaylistDurations(text)).toEqual([4, 4.004, 1.5015]);
  });

  it('accepts integer durations and titles, and returns [] for a master playlist', () => {
    expect(parseMediaPlaylistDurations('#EXTM3U\n#EXTINF:10,Intro\na.ts\n#EXTINF:3\nb.ts\n')).toEqual([10, 3]);
    expect(parseMediaPlaylistDurations('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n')).toEqual([]);
  });
});
