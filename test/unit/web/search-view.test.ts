/**
 * The search pages' view of a hit (web/lib/search/view.ts): marks over the matched text, where the
 * text was found, the result pages' links.
 */
import { describe, expect, it } from 'vitest';
import { hitPlace, markSegments, resultsHref } from '../../../web/lib/search/view.ts';
import { translator } from '../../../web/lib/i18n/index.ts';
import { CATALOGUES } from '../../../web/lib/i18n/catalogues.server.ts';

const shown = (segments: { text: string; mark: boolean }[]) => segments.map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');

describe('markSegments', () => {
  const text = 'Ҳуҷҷатҳоро дар давоми 30 рӯз';

  it('marks the ranges and keeps every character', () => {
    expect(shown(markSegments(text, [[0, 10], [22, 24]]))).toBe('[Ҳуҷҷатҳоро] дар давоми [30] рӯз');
  });

  it('puts ranges in order and merges overlapping and touching ones', () => {
    expect(shown(markSegments(text, [[15, 21], [0, 3], [2, 5], [11, 15]]))).toBe('[Ҳуҷҷа]тҳоро [дар давоми] 30 рӯз');
  });

  it('drops empty and reversed ranges, cuts ranges past the end, survives none', () => {
    expect(shown(markSegments(text, [[4, 4], [9, 2], [25, 999], [-5, 1]]))).toBe('[Ҳ]уҷҷатҳоро дар давоми 30 [рӯз]');
    expect(markSegments(text, [])).toEqual([{ text, mark: false }]);
    expect(markSegments(text, null)).toEqual([{ text, mark: false }]);
    expect(markSegments('', [[0, 3]])).toEqual([{ text: '', mark: false }]);
  });

  it('marks the whole text', () => {
    expect(markSegments('abc', [[0, 3]])).toEqual([{ text: 'abc', mark: true }]);
  });
});

describe('hitPlace', () => {
  const tg = translator('tg', CATALOGUES.tg as never);
  const en = translator('en', CATALOGUES.en as never);
  it('says where the text was found, with the time of a cue or a question', () => {
    expect(hitPlace(en, { kind: 'cue', start: 65.4 })).toBe('Said at 1:05');
    expect(hitPlace(en, { kind: 'question', start: 3725 })).toBe('Question answered at 1:02:05');
    expect(hitPlace(en, { kind: 'title', start: null })).toBe('In the title');
    expect(hitPlace(tg, { kind: 'description', start: null })).toBe('Дар тавсиф');
    expect(hitPlace(tg, { kind: 'cue', start: 4 })).toBe('Дар 0:04 гуфта мешавад');
  });
});

describe('resultsHref', () => {
  it('sets the page, drops it for the first, keeps the query and a link’s language', () => {
    expect(resultsHref({ pathname: '/search', search: '?q=%D2%B3%D1%83%D2%B7%D2%B7%D0%B0%D1%82&lang=tg' }, 3)).toBe('/search?q=%D2%B3%D1%83%D2%B7%D2%B7%D0%B0%D1%82&lang=tg&page=3');
    expect(resultsHref({ pathname: '/search', search: '?q=a+b&page=3' }, 1)).toBe('/search?q=a+b');
    expect(resultsHref({ pathname: '/studio', search: '?q=x&page=2' }, 2)).toBe('/studio?q=x&page=2');
  });
});
