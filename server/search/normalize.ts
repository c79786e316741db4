/**
 * A TypeScript mirror of SQL efir_norm (migration 009), one character at a time: lower(), then
 * unaccent's rules, then the translate() of Tajik, Azerbaijani and apostrophe-like characters.
 * Matching is SQL's alone; this only finds where in a cue's own text the query's words are, for the
 * <mark>s of a hit (marksOf), so it needs to agree with SQL on letters and digits of the six
 * languages, which test/integration/search/normalize-mirror.test.ts checks against the database.
 * Pure: no imports, usable by pages as well as the server.
 */

/**
 * unaccent.rules entries that Unicode decomposition does not give (letters without a decomposition,
 * ligatures, Cyrillic ё, punctuation), for lower-case input. PostgreSQL 15 and 17's files agree on
 * these; where they differ (rare symbols; ½ is ' 1/2' in 17, '1/2' in 15) marks may be off by a
 * character, never the match.
 */
const UNACCENT: Record<string, string> = {
  æ: 'ae', ð: 'd', ø: 'o', þ: 'th', ß: 'ss', đ: 'd', ħ: 'h', ı: 'i', ĳ: 'ij', ĸ: 'q', ŀ: 'l', ł: 'l',
  ŉ: "'n", ŋ: 'n', œ: 'oe', ŧ: 't', ſ: 's', ƀ: 'b', ƈ: 'c', ƌ: 'd', ƒ: 'f', ƙ: 'k', ƚ: 'l', ƞ: 'n',
  ƥ: 'p', ƫ: 't', ƭ: 't', ƴ: 'y', ƶ: 'z', ǆ: 'dz', ǉ: 'lj', ǌ: 'nj', ǥ: 'g',
  ё: 'е',
  '¡': '!', '©': '(C)', '«': '<<', '\u00ad': '-', '®': '(R)', '±': '+/-', '»': '>>', '¼': ' 1/4', '½': ' 1/2',
  '¾': ' 3/4', '¿': '?', '×': '*', '÷': '/', 'ʻ': "'", 'ʼ': "'", '˂': '<', '˃': '>', '˄': '^', '˖': '+', '˗': '-', '˜': '~',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '‖': '||', '‘': "'", '’': "'", '‚': ',', '‛': "'",
  '“': '"', '”': '"', '„': ',,', '‟': '"', '․': '.', '‥': '..', '…': '...', '′': "'", '″': '"', '‹': '<',
  '›': '>', '‼': '!!', '⁄': '/', '⁅': '[', '⁆': ']', '⁇': '??', '⁈': '?!', '⁉': '!?', '⁎': '*'
};

/** efir_norm's translate(): Tajik letters to the Russian ones phones have, ə ı, and '' for the deleted apostrophe-likes. */
const TRANSLATE: Record<string, string> = {
  ӣ: 'и', ӯ: 'у', ҳ: 'х', ҷ: 'ч', қ: 'к', ғ: 'г', ə: 'e', ı: 'i',
  'ʻ': '', 'ʼ': '', '‘': '', '’': '', '`': '', "'": ''
};

/** Latin and Greek letters lose their marks in unaccent's rules (Cyrillic keeps them: й stays й, only ё folds). */
const decomposes = (cp: number) => (cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x1f00 && cp <= 0x1fff);

function unaccent(ch: string): string {
  const mapped = UNACCENT[ch];
  if (mapped !== undefined) return mapped;
  if (!decomposes(ch.codePointAt(0)!)) return ch;
  const bare = ch.normalize('NFD').replace(/\p{Mn}/gu, '');
  return bare || ch;
}

/** What efir_norm makes of one character (a code point): '' when it is deleted, several when unaccent spells it out. */
export function foldChar(ch: string): string {
  // PostgreSQL lowers one character to one (towlower): JS would make İ two ("i̇").
  const lower = ch === 'İ' ? 'i' : ch.toLowerCase();
  let out = '';
  for (const c of unaccent(lower)) out += TRANSLATE[c] ?? c;
  return out;
}

/** efir_norm(s), in TypeScript. */
export function efirNorm(s: string): string {
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

/** The folded text and, for each of its UTF-16 units, the [start, end) of the original character it came from. */
export interface Folded {
  text: string;
  start: number[];
  end: number[];
}

export function foldWithOffsets(s: string): Folded {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const ch of s) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) {
      start.push(i);
      end.push(i + ch.length);
    }
    text += f;
    i += ch.length;
  }
  return { text, start, end };
}

/** The words of a normalised text as search sees them: runs of letters, digits and their marks. */
export function wordsOf(norm: string): string[] {
  return norm.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The [from, to) ranges of `text` (original characters) where the query's tokens are: a word equal
 * to a token, or starting with it (prefix: the last token, and the stems and typos that matched
 * otherwise still show the word they start in). Tokens are normalised already (efir_norm).
 * Overlapping ranges are merged; sorted.
 */
export function marksOf(text: string, tokens: string[], opts: { prefix?: boolean; loose?: boolean } = {}): [number, number][] {
  if (!tokens.length || !text) return [];
  const f = foldWithOffsets(text);
  const ranges: [number, number][] = [];
  for (const m of f.text.matchAll(WORD)) {
    const word = m[0];
    const at = m.index!;
    // the longest mark any token gives: the whole word for a whole-word or loose match, the typed part for a prefix
    let len = 0;
    for (const t of tokens) {
      const exact = word === t || ((opts.prefix ?? true) && t.length >= 2 && word.startsWith(t));
      if (exact) len = Math.max(len, word === t ? word.length : t.length);
      else if (opts.loose && looselyMatches(word, t)) len = word.length;
    }
    if (len) ranges.push([f.start[at]!, f.end[at + len - 1]!]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * For the marks of a stem or typo hit (SQL decided it matched; this only says which words to mark):
 * another form of the word (a long common beginning) or the word misspelt (a small edit distance).
 */
export function looselyMatches(word: string, token: string): boolean {
  if (token.length < 3) return false;
  let common = 0;
  while (common < word.length && common < token.length && word[common] === token[common]) common++;
  if (common >= Math.max(3, Math.min(word.length, token.length) - 3)) return true;
  return token.length >= 4 && Math.abs(word.length - token.length) <= 2 && editDistance(word, token) <= Math.floor(token.length / 4) + 1;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
