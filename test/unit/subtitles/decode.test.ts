import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SubtitleError, decodeSubtitleBytes, parseSubtitles } from '../../../media/subtitles/index.js';
import { windows1251CodePoint } from '../../../media/subtitles/windows-1251.js';
import { fixtureBytes } from './fixture-expectations.js';

const RU_TEXT = new TextDecoder().decode(fixtureBytes('ru.srt'));
const RU_CUES = parseSubtitles(fixtureBytes('ru.srt'), 'ru.srt').cues;

function utf16le(text: string, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[(bom ? 2 : 0) + i * 2] = c & 0xff;
    out[(bom ? 2 : 0) + i * 2 + 1] = c >> 8;
  }
  return out;
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

function expectUnreadable(bytes: Uint8Array, fileName = 'upload.srt'): SubtitleError {
  try {
    decodeSubtitleBytes(bytes, fileName);
  } catch (e) {
    expect(e).toBeInstanceOf(SubtitleError);
    expect((e as SubtitleError).message).toBe(`${fileName}: cannot be read: not UTF-8, UTF-16 or Windows-1251`);
    return e as SubtitleError;
  }
  throw new Error('expected decodeSubtitleBytes to throw');
}

describe('decodeSubtitleBytes', () => {
  it('strips the UTF-8 byte order mark instead of leaving U+FEFF in front of the first cue number', () => {
    const { text, encoding } = decodeSubtitleBytes(fixtureBytes('uz.bom.srt'), 'uz.bom.srt');
    expect(encoding).toBe('utf-8');
    expect(text.startsWith('1\n00:00:00,500 --> 00:00:03,500\n')).toBe(true);
  });

  it('turns CRLF and lone CR line endings into LF', () => {
    expect(decodeSubtitleBytes(fixtureBytes('ro.crlf.srt'), 'ro.crlf.srt').text).not.toContain('\r');
    const cr = new TextEncoder().encode('1\r00:00:01,000 --> 00:00:02,000\rHello\r');
    expect(decodeSubtitleBytes(cr, 'mac.srt').text).toBe('1\n00:00:01,000 --> 00:00:02,000\nHello\n');
  });

  it('reads UTF-16LE with a BOM into the same cues as the UTF-8 file', () => {
    const bytes = utf16le(RU_TEXT, true);
    expect(decodeSubtitleBytes(bytes, 'ru.srt')).toEqual({ text: RU_TEXT, encoding: 'utf-16le' });
    expect(parseSubtitles(bytes, 'ru.srt').cues).toEqual(RU_CUES);
  });

  it('reads UTF-16BE with a BOM', () => {
    const bytes = swapPairs(utf16le(RU_TEXT, true));
    expect(Array.from(bytes.subarray(0, 2))).toEqual([0xfe, 0xff]);
    expect(decodeSubtitleBytes(bytes, 'ru.srt')).toEqual({ text: RU_TEXT, encoding: 'utf-16be' });
  });

  it('recognises UTF-16LE and UTF-16BE without a BOM by where the NUL bytes fall', () => {
    const le = utf16le(RU_TEXT, false);
    expect(decodeSubtitleBytes(le, 'ru.srt')).toEqual({ text: RU_TEXT, encoding: 'utf-16le' });
    expect(decodeSubtitleBytes(swapPairs(le), 'ru.srt')).toEqual({ text: RU_TEXT, encoding: 'utf-16be' });
  });

  it('reads a Windows-1251 file with CRLF line endings', () => {
    const source = '1\r\n00:00:01,000 --> 00:00:02,500\r\nЁлка, «подъезд» — №5\r\n';
    const bytes = new Uint8Array(iconv.encode(source, 'win1251'));
    const { text, encoding } = decodeSubtitleBytes(bytes, 'old.srt');
    expect(encoding).toBe('windows-1251');
    expect(text).toBe('1\n00:00:01,000 --> 00:00:02,500\nЁлка, «подъезд» — №5\n');
  });

  it('has a Windows-1251 table identical to iconv-lite for every assigned byte', () => {
    for (let b = 0; b < 256; b++) {
      const expected = iconv.decode(Buffer.from([b]), 'win1251').codePointAt(0)!;
      expect([b, windows1251CodePoint(b)]).toEqual([b, expected === 0xfffd ? -1 : expected]);
    }
  });

  it('reports plain ASCII as UTF-8', () => {
    expect(decodeSubtitleBytes(fixtureBytes('en.srt'), 'en.srt').encoding).toBe('utf-8');
  });

  it('refuses a PDF', () => {
    const pdf = new Uint8Array([
      ...new TextEncoder().encode('%PDF-1.4\n'),
      0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a, 0x31, 0x20, 0x30, 0x20, 0x6f, 0x62, 0x6a, 0x0a, 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x10
    ]);
    expectUnreadable(pdf, 'lesson.pdf');
  });

  it('refuses NUL bytes in a file that is not UTF-16', () => {
    const bytes = new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nHello\n');
    bytes[5] = 0;
    bytes[20] = 0;
    expectUnreadable(bytes);
  });

  it('refuses a Latin (Windows-1250) file rather than decoding it as Cyrillic gibberish', () => {
    // "Bună ziua! Vă mulțumim." with ă = 0xE3: invalid UTF-8, and 0xE3 is "г" in Windows-1251.
    const bytes = new Uint8Array([...new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nBun'), 0xe3, ...new TextEncoder().encode(' ziua! V'), 0xe3, ...new TextEncoder().encode(' mul'), 0xfe, ...new TextEncoder().encode('umim.\n')]);
    expectUnreadable(bytes);
  });

  it('refuses bytes that are invalid in UTF-8 and unassigned in Windows-1251', () => {
    expectUnreadable(new Uint8Array([0xc0, 0xe1, 0x98, 0xe2, 0x0a]));
  });

  it('refuses a UTF-8 BOM followed by invalid UTF-8', () => {
    expectUnreadable(new Uint8Array([0xef, 0xbb, 0xbf, 0x31, 0x0a, 0xff, 0xfe, 0xfd]));
  });
});
