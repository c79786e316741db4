/**
 * server/search/normalize.ts: the TypeScript mirror of efir_norm (its equality with SQL on the six
 * languages' texts is test/integration/search/norm-sql.test.ts), the marks it puts on a hit's text,
 * and the snippet around them (server/services/search.ts).
 */
import { describe, expect, it } from 'vitest';
import { efirNorm, foldChar, foldWithOffsets, looselyMatches, marksOf, wordsOf } from '../../../server/search/normalize.ts';
import { snippet } from '../../../server/services/search.ts';
import { SEARCH_SNIPPET } from '../../../server/search/types.ts';

const marked = (text: string, marks: [number, number][]) => marks.map(([a, b]) => text.slice(a, b));

describe('efirNorm', () => {
  it.each([
    ["o'zbek o‘zbek o`zbek oʼzbek o’zbek ozbek Oʻzbek", 'ozbek ozbek ozbek ozbek ozbek ozbek ozbek'],
    ['Şcoala ŞCOALĂ școală ţară ȚARĂ învățământ', 'scoala scoala scoala tara tara invatamant'],
    ['Ёлка ЕЩЁ', 'елка еще'],
    ['Ҳуҷҷатҳои қисмӣ ғулом рӯзи ХУҶҶАТ', 'хуччатхои кисми гулом рузи хуччат'],
    ['Əlaqə IŞIQ İşıq çox gözəl', 'elaqe isiq isiq cox gozel'],
    ['Straße Æsir œuvre', 'strasse aesir oeuvre'],
    ['«Патент» — 2024…', '<<патент>> - 2024...'],
    ['Й й', 'й й']
  ])('%s → %s', (input, output) => {
    expect(efirNorm(input)).toBe(output);
  });

  it('folds one character to none, one or several', () => {
    expect(foldChar('ʻ')).toBe('');
    expect(foldChar('Ҷ')).toBe('ч');
    expect(foldChar('ß')).toBe('ss');
    expect(foldChar('İ')).toBe('i');
  });

  it('keeps, for each folded unit, the original character it came from', () => {
    const f = foldWithOffsets('Oʻß😀a');
    expect(f.text).toBe('oss😀a');
    // o←O(0) s,s←ß(2) 😀←(3,5) a←(5)
    expect(f.start).toEqual([0, 2, 2, 3, 3, 5]);
    expect(f.end).toEqual([1, 3, 3, 5, 5, 6]);
  });

  it('words are runs of letters and digits', () => {
    expect(wordsOf("патент & | ! ( ) : * ' 2024 ozbek😀x")).toEqual(['патент', '2024', 'ozbek', 'x']);
  });
});

describe('marksOf', () => {
  it('marks whole words in the original text, apostrophes and marks included', () => {
    const text = 'Oʻzbekiston fuqarolari: oʻzbek tili';
    expect(marked(text, marksOf(text, ['ozbekiston', 'tili']))).toEqual(['Oʻzbekiston', 'tili']);
  });

  it('marks the typed part of a word a token starts', () => {
    const text = 'Ҳуҷҷатҳои заруриро';
    expect(marked(text, marksOf(text, ['хуччатхои', 'зарури']))).toEqual(['Ҳуҷҷатҳои', 'зарури']);
    // a one-letter token is a whole word only
    expect(marksOf('а также', ['а'])).toEqual([[0, 1]]);
    expect(marksOf('абв', ['а'])).toEqual([]);
  });

  it('marks where a character folds to several (ß) and after ones that fold to none', () => {
    const text = 'Die Straße, oʻgʻil';
    expect(marked(text, marksOf(text, ['strasse', 'ogil']))).toEqual(['Straße', 'oʻgʻil']);
  });

  it('merges marks that touch, and marks nothing for nothing', () => {
    expect(marksOf('патент', ['пат', 'патент'])).toEqual([[0, 6]]);
    expect(marksOf('патент', [])).toEqual([]);
    expect(marksOf('', ['x'])).toEqual([]);
  });

  it('loosely: other forms of the word and small typos (stem and typo hits)', () => {
    const text = 'Продление патентом занимается центр';
    expect(marked(text, marksOf(text, ['продлением'], { loose: true }))).toEqual(['Продление']);
    expect(marked(text, marksOf(text, ['патента'], { loose: true }))).toEqual(['патентом']);
    expect(looselyMatches('миграционный', 'миграционнный')).toBe(true);
    expect(looselyMatches('центр', 'патент')).toBe(false);
    expect(marksOf(text, ['патента'])).toEqual([]);
  });
});

describe('snippet', () => {
  it('keeps a short text whole, line breaks as spaces, the marks moved with them', () => {
    const text = 'Как\n  продлить патент';
    const r = snippet(text, marksOf(text, ['патент']));
    expect(r.text).toBe('Как продлить патент');
    expect(marked(r.text, r.marks)).toEqual(['патент']);
  });

  it('cuts a long text around its first mark, with … where cut', () => {
    const text = `${'слово '.repeat(100)}патент ${'конец '.repeat(100)}`.trim();
    const r = snippet(text, marksOf(text, ['патент']));
    expect(r.text.length).toBeLessThanOrEqual(SEARCH_SNIPPET);
    expect(r.text.startsWith('…')).toBe(true);
    expect(r.text.endsWith('…')).toBe(true);
    expect(marked(r.text, r.marks)).toEqual(['патент']);
    const start = snippet(text, []);
    expect(start.text.startsWith('слово')).toBe(true);
    expect(start.text.length).toBeLessThanOrEqual(SEARCH_SNIPPET);
  });
});
