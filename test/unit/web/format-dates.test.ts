import { describe, expect, it } from 'vitest';
import { dateText, formatDate } from '../../../web/lib/format.ts';

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
