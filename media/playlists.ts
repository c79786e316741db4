// HLS playlists we write ourselves. ffmpeg 5.1's -master_pl_name output cannot reference
// subtitle playlists produced elsewhere, has no AVERAGE-BANDWIDTH or FRAME-RATE, and leaves out
// CODECS for a stream-copied rendition (players then have to guess), so the master playlist is
// generated here from the ladder plan.

import type { AudioOnlyRendition, Rung } from './ladder.js';

/**
 * Where source time 0 lands in our MPEG-TS segments, in 90 kHz ticks: ffmpeg 5.1's mpegts muxer
 * offsets timestamps by twice -muxdelay (default 0.7 s), i.e. 1.4 s, and x264's B-frames and
 * AAC priming add a couple of frames more (~1.46-1.48 s measured at 25 fps; imperceptible for
 * captions). WebVTT subtitle playlists need `X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000`
 * or every cue shows 1.4 s early.
 */
export const MPEGTS_TIMESTAMP_OFFSET = 126_000;

/** Container and packet overhead on top of the elementary stream bitrates (MPEG-TS ~5-10%). */
export const BANDWIDTH_OVERHEAD = 1.1;

/**
 * MPEG-TS overhead on the audio-only rendition, whose small AAC frames pay relatively more for TS
 * packet and PES headers and the PAT/PMT at each segment's start than a video stream does. Measured
 * with ffmpeg 5.1 on mono 48 kbit/s (tone and pink noise): the largest segment of 4 s VOD segments
 * ran at 55.8 kbit/s (1.16x), of 1 s live segments at 60 kbit/s (1.25x). BANDWIDTH is a peak that
 * no segment may exceed (RFC 8216 4.3.4.2), so the larger factor is used for both.
 */
export const AUDIO_ONLY_OVERHEAD = 1.25;

export interface SubtitleTrack {
  /** BCP 47 tag: 'tg', 'uz', 'ru', 'ky'... */
  lang: string;
  /** Name in its own script, shown in the player's menu: 'Тоҷикӣ', 'Oʻzbekcha'. */
  name: string;
  uri: string;
  default: boolean;
}

export interface MasterPlaylistInput {
  rungs: Rung[];
  subtitles: SubtitleTrack[];
  variantUri: (rung: Rung) => string;
  frameRate: number;
  /** The audio-only rendition and its playlist's URI (`audio/index.m3u8`); none for a silent source. */
  audioOnly?: { rendition: AudioOnlyRendition; uri: string } | null;
  /**
   * EXT-X-INDEPENDENT-SEGMENTS (default true): every segment of every media playlist starts with a
   * keyframe. False for a live LL-HLS ladder with a copied rung, whose segments are cut by time
   * whatever the publisher's keyframes (media/live-ll.ts); its playlists then say it themselves.
   */
  independentSegments?: boolean;
}

const SUBTITLE_GROUP = 'subs';

/** Quoted-string attribute values may not contain '"' or line breaks (RFC 8216 4.2). */
function quoted(value: string, what: string): string {
  if (/["\r\n]/.test(value)) throw new Error(`HLS ${what} may not contain quotes or line breaks: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

export function peakBandwidth(rung: Rung): number {
  return Math.ceil((rung.maxrate + rung.audioBitrate) * BANDWIDTH_OVERHEAD);
}

export function averageBandwidth(rung: Rung): number {
  return Math.ceil((rung.videoBitrate + rung.audioBitrate) * BANDWIDTH_OVERHEAD);
}

export function audioOnlyBandwidth(rendition: AudioOnlyRendition): number {
  return Math.ceil(rendition.bitrate * AUDIO_ONLY_OVERHEAD);
}

export function masterPlaylist({ rungs, subtitles, variantUri, frameRate, audioOnly, independentSegments = true }: MasterPlaylistInput): string {
  if (rungs.length === 0) throw new Error('masterPlaylist: no rungs');
  if (subtitles.filter((s) => s.default).length > 1) {
    throw new Error('masterPlaylist: at most one subtitle track may be the default');
  }
  const seen = new Set<string>();
  for (const s of subtitles) {
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(s.lang)) throw new Error(`masterPlaylist: bad language tag ${JSON.stringify(s.lang)}`);
    if (seen.has(s.lang)) throw new Error(`masterPlaylist: duplicate subtitle language ${s.lang}`);
    seen.add(s.lang);
  }

  // VERSION 6 matches the media playlists ffmpeg writes with independent_segments; nothing in the
  // master needs more.
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', ...(independentSegments ? ['#EXT-X-INDEPENDENT-SEGMENTS'] : [])];

  for (const s of subtitles) {
    // AUTOSELECT=YES lets the player pick the track matching the phone's language on its own;
    // DEFAULT=YES (at most one) turns captions on without asking.
    lines.push(
      '#EXT-X-MEDIA:TYPE=SUBTITLES' +
        `,GROUP-ID="${SUBTITLE_GROUP}"` +
        `,LANGUAGE=${quoted(s.lang, 'LANGUAGE')}` +
        `,NAME=${quoted(s.name, 'NAME')}` +
        `,DEFAULT=${s.default ? 'YES' : 'NO'}` +
        ',AUTOSELECT=YES' +
        `,URI=${quoted(s.uri, 'URI')}`
    );
  }

  // Highest first, as the ladder is planned.
  const ordered = [...rungs].sort((a, b) => b.width * b.height - a.width * a.height || peakBandwidth(b) - peakBandwidth(a));
  for (const rung of ordered) {
    const attrs = [
      `BANDWIDTH=${peakBandwidth(rung)}`,
      `AVERAGE-BANDWIDTH=${averageBandwidth(rung)}`,
      `RESOLUTION=${rung.width}x${rung.height}`,
      `CODECS=${quoted(rung.codecs, 'CODECS')}`,
      `FRAME-RATE=${frameRate.toFixed(3)}`
    ];
    if (subtitles.length > 0) attrs.push(`SUBTITLES="${SUBTITLE_GROUP}"`);
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, variantUri(rung));
  }
  if (audioOnly) {
    // Last, so a player that takes the first variant (or walks them in order) still starts with a
    // picture. Only BANDWIDTH and CODECS: no RESOLUTION or video codec is what marks it audio-only
    // (hls.js leaves such a variant out of its levels when others have video; the listen-only
    // switch loads its media playlist itself), and no SUBTITLES group: nobody reads captions with
    // the screen off.
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${audioOnlyBandwidth(audioOnly.rendition)},CODECS=${quoted(audioOnly.rendition.codecs, 'CODECS')}`,
      audioOnly.uri
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The #EXTINF durations of a media playlist, in order (to check segment lengths). */
export function parseMediaPlaylistDurations(text: string): number[] {
  const durations: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^#EXTINF:\s*([0-9]*\.?[0-9]+)/.exec(line.trim());
    if (m) durations.push(Number(m[1]));
  }
  return durations;
}
