// Windows-1251 decoding table, kept here instead of calling iconv-lite so that this module has no
// Node-only dependency and can be bundled into the player. Bytes 0x00-0x7F are ASCII, 0xC0-0xFF are
// А..я in order, and 0x80-0xBF are the irregular part below. 0x98 is unassigned (-1): a file containing
// it is not Windows-1251 text. The unit tests compare this table with iconv-lite byte for byte.
const HIGH_HALF: readonly number[] = [
  0x0402, 0x0403, 0x201a, 0x0453, 0x201e, 0x2026, 0x2020, 0x2021, 0x20ac, 0x2030, 0x0409, 0x2039, 0x040a, 0x040c, 0x040b, 0x040f,
  0x0452, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, -1, 0x2122, 0x0459, 0x203a, 0x045a, 0x045c, 0x045b, 0x045f,
  0x00a0, 0x040e, 0x045e, 0x0408, 0x00a4, 0x0490, 0x00a6, 0x00a7, 0x0401, 0x00a9, 0x0404, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x0407,
  0x00b0, 0x00b1, 0x0406, 0x0456, 0x0491, 0x00b5, 0x00b6, 0x00b7, 0x0451, 0x2116, 0x0454, 0x00bb, 0x0458, 0x0405, 0x0455, 0x0457
];

/** Code point for a Windows-1251 byte, or -1 when the byte is unassigned. */
export function windows1251CodePoint(byte: number): number {
  if (byte < 0x80) return byte;
  if (byte >= 0xc0) return 0x0410 + (byte - 0xc0);
  return HIGH_HALF[byte - 0x80] ?? -1;
}

/** True for bytes that are Cyrillic letters in Windows-1251 (А..я, Ё, ё and the other Slavic letters). */
export function isWindows1251Letter(byte: number): boolean {
  const cp = windows1251CodePoint(byte);
  return cp >= 0x0400 && cp <= 0x04ff;
}

export function decodeWindows1251(bytes: Uint8Array): string | null {
  let out = '';
  for (const byte of bytes) {
    const cp = windows1251CodePoint(byte);
    if (cp < 0) return null;
    out += String.fromCharCode(cp);
  }
  return out;
}
