import { SubtitleError } from './errors.js';
import { decodeWindows1251, isWindows1251Letter } from './windows-1251.js';

export type SubtitleEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

const UNREADABLE = 'cannot be read: not UTF-8, UTF-16 or Windows-1251';

// Decodes what producers actually send: UTF-8 with or without BOM, UTF-16 from Windows tools (often
// without a BOM), and Windows-1251 from old Russian-language editors. Anything else is refused rather
// than guessed, because a wrong guess publishes mojibake to viewers.
export function decodeSubtitleBytes(bytes: Uint8Array, fileName: string): { text: string; encoding: SubtitleEncoding } {
  const { text, encoding } = decodeRaw(bytes, fileName);
  if (looksBinary(text)) throw new SubtitleError(fileName, UNREADABLE, undefined, 'unreadable_encoding');
  // CRLF (Windows editors) and lone CR (old Mac tools) both become LF; a trailing DOS end-of-file
  // marker would otherwise end up in the last cue's text.
  return { text: text.replace(/\r\n?/g, '\n').replace(/\x1a+$/, ''), encoding };
}

function decodeRaw(bytes: Uint8Array, fileName: string): { text: string; encoding: SubtitleEncoding } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: strictUtf8(bytes.subarray(3)) ?? fail(fileName), encoding: 'utf-8' };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: strictUtf16(bytes.subarray(2), 'le') ?? fail(fileName), encoding: 'utf-16le' };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: strictUtf16(bytes.subarray(2), 'be') ?? fail(fileName), encoding: 'utf-16be' };
  }

  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) return { text: strictUtf16(bytes, utf16) ?? fail(fileName), encoding: utf16 === 'le' ? 'utf-16le' : 'utf-16be' };

  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };

  if (mostlyCyrillicWindows1251(bytes)) {
    const text = decodeWindows1251(bytes);
    if (text !== null) return { text, encoding: 'windows-1251' };
  }
  return fail(fileName);
}

function fail(fileName: string): never {
  throw new SubtitleError(fileName, UNREADABLE, undefined, 'unreadable_encoding');
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: a BOM has already been removed by the caller; a second one would be part of the text.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

// TextDecoder only guarantees UTF-16LE everywhere (UTF-16BE needs full ICU), so big-endian input is
// byte-swapped first. `fatal` rejects unpaired surrogates, which is what binary junk usually produces.
function strictUtf16(bytes: Uint8Array, order: 'le' | 'be'): string | null {
  if (bytes.length % 2 !== 0) return null;
  let le = bytes;
  if (order === 'be') {
    le = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 2) {
      le[i] = bytes[i + 1]!;
      le[i + 1] = bytes[i]!;
    }
  }
  try {
    return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(le);
  } catch {
    return null;
  }
}

// Subtitle files are full of ASCII (digits, ':', ',', spaces, newlines), so UTF-16 without a BOM shows
// as NUL bytes on one side of most byte pairs and almost never on the other. Binary files have NULs
// scattered on both sides and fall through to the refusal.
function guessUtf16WithoutBom(bytes: Uint8Array): 'le' | 'be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 4 || bytes.length % 2 !== 0) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  if (oddNuls >= pairs * 0.2 && evenNuls <= oddNuls * 0.05) return 'le';
  if (evenNuls >= pairs * 0.2 && oddNuls <= evenNuls * 0.05) return 'be';
  return null;
}

// Windows-1251 cannot be recognised by structure (every byte is valid), so it is accepted only when it
// reads as Cyrillic text: Cyrillic letters outnumber Latin ones (which keeps a Latin-1 or Windows-1250
// Romanian file, whose accented letters land on 0xC0-0xFF too, from being "decoded" into Cyrillic
// gibberish), and most high bytes are letters rather than the punctuation « » — № … of that code page.
function mostlyCyrillicWindows1251(bytes: Uint8Array): boolean {
  let high = 0;
  let cyrillic = 0;
  let latin = 0;
  for (const b of bytes) {
    if (b >= 0x80) {
      high++;
      if (isWindows1251Letter(b)) cyrillic++;
    } else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) {
      latin++;
    }
  }
  return high > 0 && cyrillic >= high * 0.5 && cyrillic >= latin;
}

// Text that decoded cleanly can still be a binary file (an ASCII-heavy PDF or image that happens to be
// valid UTF-8). Real subtitles contain no NUL and only the odd stray control character.
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    // Tab, LF, FF, CR are ordinary; 0x1A is the DOS end-of-file marker some old editors still append.
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1a) || c === 0x7f) controls++;
  }
  return controls > Math.max(2, text.length * 0.001);
}
