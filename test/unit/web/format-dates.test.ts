import { describe, expect, it } from 'vitest';
import { dateText, formatDate, zoneNote } from '../../../web/lib/format.ts';

// 2026-11-23 16:05:09 UTC is 19:05:09 in Moscow.
const AT = '2026-11-23T16:05:09Z';
const MSK = 'Europe/Moscow';

describe('dates in Uzbek and Tajik (no ICU data for them in Chromium)', () => {
  it('writes Uzbek as CLDR does: 23-noyabr, 2026', () => {
    expect(dateText(AT, 'uz', { date: 'long', timeZone: MSK })).toBe('23-noyabr, 2026');
    expect(dateText(AT, 'uz', { date: 'medium', time: 'short', timeZone: MSK })).toBe('23-noy, 2026, 19:05');
  });
  it('writes Tajik as CLDR does: 23 ноябр 2026', () => {
    expect(dateText(AT, 'tg', { date: 'long', time: 'short', timeZone: MSK })).toBe('23 ноябр 2026, 19:05');
    expect(dateText(AT, 'tg', { time: 'medium', timeZone: MSK })).toBe('19:05:09');
  });
  it('takes the calendar day in the zone asked for, not UTC', () => {
    expect(dateText('2026-12-31T22:30:00Z', 'uz', { date: 'long', timeZone: MSK })).toBe('1-yanvar, 2027');
    expect(dateText('2026-12-31T22:30:00Z', 'tg', { date: 'long', time: 'short', timeZone: 'UTC' })).toBe('31 декабр 2026, 22:30');
  });
  it('library dates are in Moscow time', () => {
    expect(formatDate(AT, 'tg')).toBe('23 ноябр 2026');
  });
});

describe('the other languages through Intl', () => {
  it('Russian and English read as their own', () => {
    expect(formatDate(AT, 'ru')).toMatch(/23 ноября 2026/);
    expect(dateText(AT, 'en', { date: 'long', time: 'short', timeZone: MSK })).toMatch(/November 23, 2026.*7:05/);
  });
  it('nothing for a missing or bad date', () => {
    expect(dateText(null, 'uz', { date: 'long' })).toBe('');
    expect(dateText('not a date', 'ru', { date: 'long' })).toBe('');
  });
});

describe('every language printed by our own CLDR patterns (the same on the server and in the browser)', () => {
  // What Node's full ICU prints for these was checked by hand; Chromium's lacks uz, tg and az (it
  // printed "2026 M12 7"), so no language goes through Intl's date data any more.
  const WANT: Record<string, [string, string, string]> = {
    ru: ['23 ноября 2026 г.', '23 нояб. 2026 г., 19:05', '19:05:09'],
    uz: ['23-noyabr, 2026', '23-noy, 2026, 19:05', '19:05:09'],
    tg: ['23 ноябр 2026', '23 ноя 2026, 19:05', '19:05:09'],
    az: ['23 noyabr 2026', '23 noy 2026, 19:05', '19:05:09'],
    ro: ['23 noiembrie 2026', '23 nov. 2026, 19:05', '19:05:09'],
    en: ['November 23, 2026', 'Nov 23, 2026, 7:05\u00a0PM', '7:05:09\u00a0PM']
  };
  for (const [lang, [long, medium, time]] of Object.entries(WANT)) {
    it(lang, () => {
      expect(dateText(AT, lang, { date: 'long', timeZone: MSK })).toBe(long);
      expect(dateText(AT, lang, { date: 'medium', time: 'short', timeZone: MSK })).toBe(medium);
      expect(dateText(AT, lang, { time: 'medium', timeZone: MSK })).toBe(time);
      // No zone named: Moscow, never the runtime's own (which differs between server and viewer).
      expect(dateText(AT, lang, { date: 'long' })).toBe(long);
    });
  }
  it('prints December in Azerbaijani as a month name, not "M12"', () => {
    expect(dateText('2026-12-07T09:00:00Z', 'az', { date: 'long' })).toBe('7 dekabr 2026');
  });
});

describe('the zone note', () => {
  it('names Moscow time unless the viewer is known to share its clock', () => {
    expect(zoneNote('ru', AT, null)).toBe(' (по московскому времени)');
    expect(zoneNote('uz', AT, 'Asia/Tashkent')).toBe(' (Moskva vaqti bilan)');
    expect(zoneNote('en', AT, 'Europe/Moscow')).toBe('');
    expect(zoneNote('tg', AT, 'Europe/Istanbul')).toBe(''); // UTC+3 too
    expect(zoneNote('ro', null, null)).toBe('');
  });
});
