/**
 * bench:search's query mix, picked from the generated library (deterministically: same --videos, same
 * queries), and the loop that times them through the real SearchService.
 *
 * Kinds (the mix, plus the two spelling variants the design promises):
 *   rare       one word in a handful of cues (the generator's counts: the fewest ≥ 3, 6+ letters)
 *   common     the word in the most cues (3+ letters): in about one Russian cue in three, the case
 *              the design's candidate cap exists for
 *   phrase     the last three words of the fixture tutorial's first cue ("патент на работу")
 *   prefix     the first five letters of the most frequent 8+ letter word (a word still being typed)
 *   misspelled the longest word of the fixture's second cue with two letters swapped (only the
 *              trigram tier can find it)
 *   tajik      the fixture word with the most Tajik letters typed with Russian ones (ҳуҷҷатҳоро → хуччатхоро)
 *   uzbek      the fixture's longest word with oʻ/gʻ typed with an ASCII apostrophe (toʻlovini → to'lovini)
 * Each asked in the UI language of its text; the first five in Russian and in one other language.
 */
import { wordsOf, type Lang, type LangCorpus } from './corpus.ts';
import type { Generated } from './load.ts';

export interface Query {
  kind: string;
  q: string;
  lang: Lang;
}

const letters = (w: string) => [...w].length;
const plain = (w: string) => /^[\p{L}\p{M}ʻ]+$/u.test(w);

function rare(g: Generated, lang: Lang): string {
  const words = [...g.cueCounts[lang].entries()].filter(([w, n]) => n >= 3 && letters(w) >= 6 && plain(w));
  words.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return words[0]![0];
}

function mostCommon(g: Generated, lang: Lang, minLetters: number): string {
  let best: [string, number] = ['', -1];
  for (const [w, n] of g.cueCounts[lang]) if (letters(w) >= minLetters && plain(w) && (n > best[1] || (n === best[1] && w < best[0]))) best = [w, n];
  return best[0];
}

export function pickQueries(g: Generated, corpus: Record<Lang, LangCorpus>): Query[] {
  const fixtureWords = (lang: Lang, cue: number) => wordsOf(corpus[lang].fixtureCues[cue]!).filter((w) => plain(w));
  const phrase = (lang: Lang) => fixtureWords(lang, 0).slice(-3).join(' ').toLocaleLowerCase(lang);
  const misspell = (lang: Lang) => {
    const w = [...fixtureWords(lang, 1).reduce((a, b) => (letters(b) > letters(a) ? b : a)).toLocaleLowerCase(lang)];
    const i = w.length - 3;
    [w[i], w[i + 1]] = [w[i + 1]!, w[i]!];
    return w.join('');
  };
  const prefix = (lang: Lang) => [...mostCommon(g, lang, 8)].slice(0, 5).join('');
  const tajikLetters = (w: string) => (w.match(/[ҳҷқғӣӯ]/giu) ?? []).length;
  const tj = corpus.tg.fixtureCues.flatMap(wordsOf).reduce((a, b) => (tajikLetters(b) > tajikLetters(a) ? b : a));
  const fold: Record<string, string> = { ҳ: 'х', ҷ: 'ч', қ: 'к', ғ: 'г', ӣ: 'и', ӯ: 'у', Ҳ: 'Х', Ҷ: 'Ч', Қ: 'К', Ғ: 'Г', Ӣ: 'И', Ӯ: 'У' };
  const uz = corpus.uz.fixtureCues
    .flatMap(wordsOf)
    .filter((w) => w.includes('ʻ'))
    .reduce((a, b) => (letters(b) > letters(a) ? b : a));
  return [
    { kind: 'rare', q: rare(g, 'ru'), lang: 'ru' },
    { kind: 'rare', q: rare(g, 'tg'), lang: 'tg' },
    { kind: 'common', q: mostCommon(g, 'ru', 3), lang: 'ru' },
    { kind: 'common', q: mostCommon(g, 'uz', 3), lang: 'uz' },
    { kind: 'phrase', q: phrase('ru'), lang: 'ru' },
    { kind: 'phrase', q: phrase('ro'), lang: 'ro' },
    { kind: 'prefix', q: prefix('ru'), lang: 'ru' },
    { kind: 'prefix', q: prefix('az'), lang: 'az' },
    { kind: 'misspelled', q: misspell('ru'), lang: 'ru' },
    { kind: 'misspelled', q: misspell('en'), lang: 'en' },
    { kind: 'tajik', q: [...tj.toLocaleLowerCase('tg')].map((c) => fold[c] ?? c).join(''), lang: 'tg' },
    { kind: 'uzbek', q: uz.toLocaleLowerCase('uz').replace(/ʻ/g, "'"), lang: 'uz' }
  ];
}

/** Nearest-rank percentile of ms samples, 0.1 ms. */
export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  const v = s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
  return Math.round(v * 10) / 10;
}

export const stats = (samples: number[]) => ({ n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), max: percentile(samples, 100) });
