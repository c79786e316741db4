/**
 * Question text as typed: NFC, control characters removed, never interpreted as markup (pages
 * render it as text). Blocked words are matched on letter boundaries so that "кот" does not hold
 * "котлета", and a trailing * makes a prefix ("мошенн*").
 */

// C0/C1 controls except newline and tab (which become spaces or stay as line breaks), plus the
// bidirectional overrides and isolates that can make a question display as something else.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export const QUESTION_MAX_CHARS = 500;
export const NAME_MAX_CHARS = 40;
export const BLOCKED_WORD_MAX_CHARS = 60;
export const BLOCKED_WORDS_MAX = 500;

/** NFC, controls removed, tabs as spaces, at most two line breaks in a row, trimmed. */
export function cleanText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[ \u00A0]{2,}/g, ' ')
    .trim();
}

/** A display name is one line. */
export function cleanName(raw: string): string {
  return cleanText(raw).replace(/\s+/g, ' ');
}

/** Length in characters as people count them (code points), not UTF-16 units. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Lower-cases and cleans a moderator's list: unique, non-empty, in the order given. */
export function normaliseBlockedWords(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const clean = cleanName(w).toLowerCase();
    if (clean && clean !== '*' && !out.includes(clean)) out.push(clean);
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The blocked words (as listed) that occur in text. */
export function findBlockedWords(text: string, words: string[]): string[] {
  if (!words.length) return [];
  const hay = text.normalize('NFC').toLowerCase();
  const found: string[] = [];
  for (const word of words) {
    const prefix = word.endsWith('*');
    const body = escapeRegExp(prefix ? word.slice(0, -1) : word);
    // \b is ASCII-only in JavaScript; letter/digit lookarounds work for Cyrillic and oʻ/ş/ț alike.
    const re = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${body}${prefix ? '' : '(?![\\p{L}\\p{N}\\p{M}])'}`, 'u');
    if (re.test(hay)) found.push(word);
  }
  return found;
}
