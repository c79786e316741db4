/**
 * Listen only: the master playlist's audio-only rendition (an `#EXT-X-STREAM-INF` whose CODECS name
 * no video codec and which has no RESOLUTION) and what listening instead of watching saves. hls.js
 * drops audio-only variants when video ones exist, so the player finds it here and plays it with a
 * second hls.js instance. Pure: unit-tested.
 */

export interface AudioRendition {
  /** Absolute URL of the audio media playlist. */
  url: string;
  /** Its BANDWIDTH (bits per second). */
  bandwidth: number;
}

const VIDEO_CODEC = /^(avc|hvc|hev|av01|vp0?[89]|mp4v|dvh|dva)/i;

/** Attributes of an #EXT-X-STREAM-INF line (quoted values may hold commas). */
function attributes(line: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line.slice(line.indexOf(':') + 1)))) out.set(m[1], m[2].replace(/^"|"$/g, ''));
  return out;
}

/** The audio-only variant of a master playlist, or null (an older master without one). */
export function findAudioRendition(master: string, masterUrl: string): AudioRendition | null {
  const lines = master.split(/\r?\n/).map((l) => l.trim());
  let best: AudioRendition | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('#EXT-X-STREAM-INF:')) continue;
    const attrs = attributes(lines[i]);
    const uri = lines.slice(i + 1).find((l) => l !== '' && !l.startsWith('#'));
    if (!uri) continue;
    const codecs = (attrs.get('CODECS') ?? '').split(',').map((c) => c.trim()).filter(Boolean);
    const audioOnly = !attrs.has('RESOLUTION') && codecs.length > 0 && codecs.every((c) => !VIDEO_CODEC.test(c));
    if (!audioOnly) continue;
    const bandwidth = Number(attrs.get('BANDWIDTH'));
    if (!Number.isFinite(bandwidth) || bandwidth <= 0) continue;
    let url: string;
    try {
      url = new URL(uri, masterUrl).href;
    } catch {
      continue;
    }
    // Several audio-only variants: the lightest is the one that saves data.
    if (!best || bandwidth < best.bandwidth) best = { url, bandwidth };
  }
  return best;
}

/** Megabytes (10^6 bytes) an hour of a stream at `bitsPerSecond` costs. */
export function mbPerHour(bitsPerSecond: number): number {
  return (bitsPerSecond * 3600) / 8 / 1_000_000;
}

/** A figure as viewers read it: whole megabytes, ≥ 1. */
function roundMb(mb: number): number {
  return Math.max(1, Math.round(mb));
}

export interface Savings {
  /** MB an hour listening. */
  audio: number;
  /** MB an hour watching the rendition the viewer would get. */
  video: number;
}

/** "≈ 29 MB an hour instead of 180": null when listening would not save (no video figure). */
export function listenSavings(audioBandwidth: number, videoBandwidth: number | null): Savings | null {
  if (!videoBandwidth || videoBandwidth <= audioBandwidth) return null;
  return { audio: roundMb(mbPerHour(audioBandwidth)), video: roundMb(mbPerHour(videoBandwidth)) };
}
