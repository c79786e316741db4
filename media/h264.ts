// H.264 profile/level bookkeeping for the HLS CODECS attribute (RFC 6381 'avc1.PPCCLL').
//
// Players use CODECS to drop variants they cannot decode, so it must describe the stream we
// actually produce. We therefore pick the level ourselves, pass it to x264 with -level, and put
// the same number in the master playlist, instead of letting x264 choose one we would have to
// guess afterwards.

export type H264Profile = 'baseline' | 'main' | 'high';

interface LevelLimits {
  /** level_idc as written in the SPS: 31 means 3.1. */
  idc: number;
  /** Macroblocks per second. */
  maxMbps: number;
  /** Macroblocks per frame. */
  maxFs: number;
  /** kbit/s for Baseline/Main; High may use 1.25x (ITU-T H.264 Table A-1). */
  maxBrKbps: number;
  maxCpbKbits: number;
}

// ITU-T H.264 Table A-1 (level 1b omitted: no encoder we use produces it).
const LEVELS: readonly LevelLimits[] = [
  { idc: 10, maxMbps: 1485, maxFs: 99, maxBrKbps: 64, maxCpbKbits: 175 },
  { idc: 11, maxMbps: 3000, maxFs: 396, maxBrKbps: 192, maxCpbKbits: 500 },
  { idc: 12, maxMbps: 6000, maxFs: 396, maxBrKbps: 384, maxCpbKbits: 1000 },
  { idc: 13, maxMbps: 11880, maxFs: 396, maxBrKbps: 768, maxCpbKbits: 2000 },
  { idc: 20, maxMbps: 11880, maxFs: 396, maxBrKbps: 2000, maxCpbKbits: 2000 },
  { idc: 21, maxMbps: 19800, maxFs: 792, maxBrKbps: 4000, maxCpbKbits: 4000 },
  { idc: 22, maxMbps: 20250, maxFs: 1620, maxBrKbps: 4000, maxCpbKbits: 4000 },
  { idc: 30, maxMbps: 40500, maxFs: 1620, maxBrKbps: 10000, maxCpbKbits: 10000 },
  { idc: 31, maxMbps: 108000, maxFs: 3600, maxBrKbps: 14000, maxCpbKbits: 14000 },
  { idc: 32, maxMbps: 216000, maxFs: 5120, maxBrKbps: 20000, maxCpbKbits: 20000 },
  { idc: 40, maxMbps: 245760, maxFs: 8192, maxBrKbps: 20000, maxCpbKbits: 25000 },
  { idc: 41, maxMbps: 245760, maxFs: 8192, maxBrKbps: 50000, maxCpbKbits: 62500 },
  { idc: 42, maxMbps: 522240, maxFs: 8704, maxBrKbps: 50000, maxCpbKbits: 62500 },
  { idc: 50, maxMbps: 589824, maxFs: 22080, maxBrKbps: 135000, maxCpbKbits: 135000 },
  { idc: 51, maxMbps: 983040, maxFs: 36864, maxBrKbps: 240000, maxCpbKbits: 240000 },
  { idc: 52, maxMbps: 2073600, maxFs: 36864, maxBrKbps: 240000, maxCpbKbits: 240000 }
];

/**
 * The lowest level whose limits fit the stream. A low level matters on cheap phones: their
 * hardware decoders advertise a maximum level, and a needlessly high one gets a variant skipped.
 */
export function h264Level(
  width: number,
  height: number,
  fps: number,
  maxrateBps: number,
  bufsizeBits: number,
  profile: H264Profile
): number {
  const mbW = Math.ceil(width / 16);
  const mbH = Math.ceil(height / 16);
  const frameMbs = mbW * mbH;
  const brFactor = profile === 'high' ? 1.25 : 1;
  for (const l of LEVELS) {
    // A frame may not be much longer than it is wide in macroblocks: sqrt(8 * MaxFS) each side.
    const maxSide = Math.sqrt(8 * l.maxFs);
    if (
      frameMbs <= l.maxFs &&
      mbW <= maxSide &&
      mbH <= maxSide &&
      frameMbs * fps <= l.maxMbps &&
      maxrateBps <= l.maxBrKbps * 1000 * brFactor &&
      bufsizeBits <= l.maxCpbKbits * 1000 * brFactor
    ) {
      return l.idc;
    }
  }
  return LEVELS[LEVELS.length - 1].idc;
}

/** '3.1' for 31: the form x264 accepts for -level. */
export function levelArg(idc: number): string {
  return (idc / 10).toFixed(1);
}

// profile_idc and the constraint flags byte exactly as x264 writes them (it sets
// constraint_set1 for Main, and set0+set1 for Baseline, which decoders call Constrained Baseline).
const PROFILE_BYTES: Record<H264Profile, [number, number]> = {
  baseline: [0x42, 0xc0],
  main: [0x4d, 0x40],
  high: [0x64, 0x00]
};

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

export function avcCodecString(profile: H264Profile, levelIdc: number): string {
  const [profileIdc, constraints] = PROFILE_BYTES[profile];
  return `avc1.${hex2(profileIdc)}${hex2(constraints)}${hex2(levelIdc)}`;
}

/**
 * Map ffprobe's profile name to one we can signal, or null for profiles many phones cannot
 * decode (High 10, 4:2:2, 4:4:4, Extended) which must therefore be re-encoded.
 */
export function profileFromProbe(name: string | null): H264Profile | null {
  switch (name) {
    case 'Constrained Baseline':
    case 'Baseline':
      return 'baseline';
    case 'Main':
      return 'main';
    case 'High':
      return 'high';
    default:
      return null;
  }
}

/** AAC-LC, what ffmpeg's native `aac` encoder produces. */
export const AAC_LC_CODEC = 'mp4a.40.2';
