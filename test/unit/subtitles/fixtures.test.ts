import { describe, expect, it } from 'vitest';
import { parseSubtitles } from '../../../media/subtitles/index.js';
import { FIXTURES, FIXTURE_TIMES, fixtureBytes } from './fixture-expectations.js';

describe('producer fixtures', () => {
  for (const fx of FIXTURES) {
    describe(fx.file, () => {
      const parsed = parseSubtitles(fixtureBytes(fx.file), fx.file);

      it(`is read as ${fx.format} in ${fx.encoding} without warnings`, () => {
        expect(parsed.format).toBe(fx.format);
        expect(parsed.encoding).toBe(fx.encoding);
        expect(parsed.warnings).toEqual([]);
      });

      it('yields the six cues with their times and source lines', () => {
        expect(parsed.cues.map((c) => [c.start, c.end])).toEqual(FIXTURE_TIMES);
        expect(parsed.cues.map((c) => c.line)).toEqual(fx.lines);
      });

      it('keeps every cue text exactly as written in the file', () => {
        expect(parsed.cues.map((c) => c.text)).toEqual(fx.texts);
      });
    });
  }

  it('reads the Windows-1251, CRLF copy of the Russian file into exactly the same cues as the UTF-8 one', () => {
    const cp1251 = parseSubtitles(fixtureBytes('ru.cp1251.srt'), 'ru.cp1251.srt');
    const utf8 = parseSubtitles(fixtureBytes('ru.srt'), 'ru.srt');
    expect(cp1251.encoding).toBe('windows-1251');
    expect(cp1251.format).toBe('srt');
    expect(cp1251.warnings).toEqual([]);
    expect(cp1251.cues).toEqual(utf8.cues);
    // ё is 0xB8 in Windows-1251, outside the А..я block: the one letter a naive range mapping loses.
    expect(cp1251.cues[4]!.text).toContain('плат\u0451ж');
  });

  // The letters below are easy to lose to a wrong decoder, a "smart quotes" editor or a font fallback;
  // they are written as escapes so that the expectation itself cannot be silently altered.
  it('keeps the Uzbek oʻ and gʻ as U+02BB, not an apostrophe or a quote', () => {
    const uz = parseSubtitles(fixtureBytes('uz.bom.srt'), 'uz.bom.srt').cues;
    expect(uz[2]!.text).toContain('sug\u02BBurta');
    expect(uz[2]!.text).toContain('bo\u02BBladi');
    expect(uz[4]!.text).toContain('o\u02BBz');
    const all = uz.map((c) => c.text).join('\n');
    expect(all).not.toMatch(/[\u0027\u2018\u2019\u02BC\uFEFF]/);
  });

  it('keeps the Tajik letters ӣ ӯ ҳ ҷ қ ғ', () => {
    const all = parseSubtitles(fixtureBytes('tg.vtt'), 'tg.vtt').cues.map((c) => c.text).join('\n');
    for (const letter of ['\u04E3', '\u04EF', '\u04B3', '\u04B7', '\u049B', '\u0493']) expect(all).toContain(letter);
    expect(all).toContain('\u04B2\u0443\u04B7\u04B7\u0430\u0442\u04B3\u043E\u0440\u043E'); // Ҳуҷҷатҳоро
  });

  it('keeps the Azerbaijani letters ə ş ğ ı and the commas inside ASS dialogue text', () => {
    const az = parseSubtitles(fixtureBytes('az.ass'), 'az.ass').cues;
    const all = az.map((c) => c.text).join('\n');
    for (const letter of ['\u0259', '\u015F', '\u011F', '\u0131']) expect(all).toContain(letter);
    expect(az[2]!.text).toBe('Siz\u0259 pasport, miqrasiya kart\u0131 v\u0259 tibbi s\u0131\u011Forta laz\u0131m olacaq.');
  });

  it('keeps the Romanian ș ț with comma below, not the cedilla look-alikes', () => {
    const all = parseSubtitles(fixtureBytes('ro.crlf.srt'), 'ro.crlf.srt').cues.map((c) => c.text).join('\n');
    expect(all).toContain('ob\u021Bine\u021Bi');
    expect(all).toContain('pa\u0219aport');
    expect(all).not.toMatch(/[\u015F\u0163\r]/);
  });
});
