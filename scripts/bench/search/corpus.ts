/**
 * bench:search's synthetic subtitles: text in each of the six languages built from that language's
 * real words, so the normaliser, the stemmers and the trigram index see what they see in production
 * (Tajik ҳ ҷ қ, Uzbek oʻ gʻ, Romanian ș ț, Russian ё…), with word frequencies shaped like real
 * speech's (Zipf: a handful of words in most cues, a long tail of words in a few).
 *
 * The words come from the subtitle fixtures (test/unit/subtitles/fixtures, the same files as
 * ../shared/fixtures/subtitles: one short tutorial per language) and, because six cues give only
 * about fifty words a language, from the message catalogues (web/lib/i18n/catalogues/<lang>.ts: a few
 * thousand words of real interface prose each). Frequency rank follows the word's count in that text,
 * the fixtures' words counted five times so the tutorial's vocabulary (патент, ҳуҷҷат, hujjat…) sits
 * near the top as the topic of a real library would. Speech has tens of thousands of words where the
 * catalogues have about a thousand, so a tail of TAIL rarer words follows them, each spliced from the
 * front half of one real word and the back half of another (same alphabet, same letter pairs, so the
 * trigram index grows as it would): the tail is what makes a one-word query with a handful of hits.
 *
 * Deterministic: one seeded generator, so two runs with the same --videos load the same text and ask
 * the same queries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../lib/processes.ts';

export const LANGS = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;
export type Lang = (typeof LANGS)[number];
/** Spliced words after each language's real ones (see above). */
const TAIL = 30_000;

const FIXTURES = path.join(ROOT, 'test/unit/subtitles/fixtures');
const FIXTURE_FILES: Record<Lang, string> = { ru: 'ru.srt', uz: 'uz.bom.srt', tg: 'tg.vtt', az: 'az.ass', ro: 'ro.crlf.srt', en: 'en.srt' };

/** mulberry32: small, fast, and good enough to shape a corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The cue texts of a fixture file, whatever its format (the bench needs text, not timing). */
function fixtureCues(lang: Lang): string[] {
  const raw = fs.readFileSync(path.join(FIXTURES, FIXTURE_FILES[lang]), 'utf8').replace(/^\uFEFF/, '');
  if (FIXTURE_FILES[lang].endsWith('.ass')) {
    return raw
      .split(/\r?\n/)
      .filter((l) => l.startsWith('Dialogue:'))
      .map((l) => l.split(',').slice(9).join(',').replace(/\{[^}]*\}/g, '').replace(/\\N/g, ' '));
  }
  return raw
    .split(/\r?\n/)
    .filter((l) => l.trim() && !/^\d+$/.test(l.trim()) && !l.includes('-->') && l.trim() !== 'WEBVTT');
}

/** Every string of a catalogue (nested objects of strings), placeholders and markup removed. */
async function catalogueStrings(lang: Lang): Promise<string[]> {
  const mod = await import(path.join(ROOT, `web/lib/i18n/catalogues/${lang}.ts`));
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v.replace(/\{[^}]*\}/g, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim());
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(mod[lang]);
  return out.filter(Boolean);
}

// A word: letters, marks, digits, and the apostrophe-likes inside Uzbek words (oʻ gʻ, and the ' some write).
const WORD = /[\p{L}\p{M}\p{N}]+(?:[ʻʼ'’][\p{L}\p{M}]+)*/gu;
export const wordsOf = (s: string) => s.match(WORD) ?? [];

export interface LangCorpus {
  lang: Lang;
  /** Lower-case words, most frequent first. */
  vocab: string[];
  /** Cumulative Zipf weights of vocab (s = 1). */
  cumulative: Float64Array;
  /** Real sentences (fixture cues, catalogue strings of 3+ words), used verbatim for some cues. */
  sentences: string[];
  fixtureCues: string[];
}

export async function loadCorpus(): Promise<Record<Lang, LangCorpus>> {
  const out = {} as Record<Lang, LangCorpus>;
  for (const lang of LANGS) {
    const fixtures = fixtureCues(lang);
    const catalogue = await catalogueStrings(lang);
    const counts = new Map<string, number>();
    const count = (s: string, weight: number) => {
      for (const w of wordsOf(s)) {
        if (/^\d+$/.test(w)) continue;
        const lw = w.toLocaleLowerCase(lang);
        counts.set(lw, (counts.get(lw) ?? 0) + weight);
      }
    };
    for (const s of fixtures) count(s, 5);
    for (const s of catalogue) count(s, 1);
    const vocab = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    const known = new Set(vocab);
    // Spliced from the language's own alphabet only (the catalogues also hold YouTube, MP4…).
    const script = lang === 'ru' || lang === 'tg' ? /^\p{Script=Cyrillic}+$/u : /^[\p{Script=Latin}ʻʼ]+$/u;
    const long = vocab.filter((w) => [...w].length >= 4 && script.test(w));
    const r = rng(LANGS.indexOf(lang) + 101);
    for (let tries = 0; vocab.length < counts.size + TAIL && tries < TAIL * 10; tries++) {
      const a = [...long[Math.floor(r() * long.length)]!];
      const b = [...long[Math.floor(r() * long.length)]!];
      const w = a.slice(0, Math.ceil(a.length / 2)).join('') + b.slice(Math.floor(b.length / 2)).join('');
      if (!known.has(w)) {
        known.add(w);
        vocab.push(w);
      }
    }
    const cumulative = new Float64Array(vocab.length);
    let sum = 0;
    for (let i = 0; i < vocab.length; i++) cumulative[i] = sum += 1 / (i + 1);
    for (let i = 0; i < vocab.length; i++) cumulative[i]! /= sum;
    const sentences = [...fixtures, ...catalogue.filter((s) => wordsOf(s).length >= 3 && s.length <= 140)];
    out[lang] = { lang, vocab, cumulative, sentences, fixtureCues: fixtures };
  }
  return out;
}

function zipfWord(c: LangCorpus, r: () => number): string {
  const x = r();
  let lo = 0;
  let hi = c.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return c.vocab[lo]!;
}

/**
 * One cue's text: one in eight a real sentence (so multi-word phrases occur as they do in speech),
 * the rest 4–12 words drawn by frequency, capitalised and punctuated.
 */
export function cueText(c: LangCorpus, r: () => number): string {
  if (r() < 0.125) return c.sentences[Math.floor(r() * c.sentences.length)]!;
  const n = 4 + Math.floor(r() * 9);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(zipfWord(c, r) + (i < n - 1 && r() < 0.08 ? ',' : ''));
  const s = words.join(' ');
  const end = r();
  return s.charAt(0).toLocaleUpperCase(c.lang) + s.slice(1) + (end < 0.8 ? '.' : end < 0.92 ? '?' : '!');
}

/** A title: 3–7 frequent-ish words. */
export function titleText(c: LangCorpus, r: () => number): string {
  const n = 3 + Math.floor(r() * 5);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(zipfWord(c, r));
  const s = words.join(' ');
  return s.charAt(0).toLocaleUpperCase(c.lang) + s.slice(1);
}
