/**
 * Search inside every video (issue 14): titles, descriptions, what is said in them (every subtitle
 * track's current cues) and the answered questions of replays, typed the way people type. Access
 * is decided here: the library scope is anyone's and shows only what the library shows (VISIBLE);
 * the studio scope is a producer's own videos (an admin's: all) in any state, drafts included.
 * A query never fails for what it holds: no word → an empty page with problem 'no_words', too long
 * → cut, any punctuation → ignored (only letters and digits reach the database's query parser).
 */
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import type { SearchRepository, SearchRow, SearchScopeFilter } from '../repositories/search.ts';
import { isVisible, posterUrlOf } from './library.ts';
import type { Video } from '../repositories/videos.ts';
import { efirNorm, marksOf, wordsOf } from '../search/normalize.ts';
import {
  SEARCH_MAX_PAGE,
  SEARCH_MAX_QUERY,
  SEARCH_MAX_TOKENS,
  SEARCH_PAGE_SIZE,
  SEARCH_SNIPPET,
  type SearchHit,
  type SearchInput,
  type SearchResult
} from '../search/types.ts';

const LANGS = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;

export class SearchService {
  constructor(private readonly repo: SearchRepository) {}

  async search(input: SearchInput, actor: User | null): Promise<SearchResult> {
    const scope = input.scope ?? 'library';
    const filter = this.scopeFilter(scope, actor);
    // NFC first: a query typed as letter + combining mark is the same word as the composed letter.
    // Control characters out (PostgreSQL refuses a NUL in text); lone surrogates out (no UTF-8 for them).
    const clean = String(input.q ?? '').replace(/[\p{Cc}\p{Cs}]+/gu, ' ').normalize('NFC').trim();
    const q = [...clean].slice(0, SEARCH_MAX_QUERY).join('').trim();
    const page = Math.min(Math.max(1, Math.floor(Number(input.page) || 1)), SEARCH_MAX_PAGE);
    const empty: SearchResult = { q, page, pageSize: SEARCH_PAGE_SIZE, total: 0, items: [], problem: null };
    const tokens = wordsOf(await this.repo.normalise(q)).slice(0, SEARCH_MAX_TOKENS);
    if (!tokens.length) return { ...empty, problem: 'no_words' };
    const query = { tokens, scope: filter, lang: input.lang, limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE };
    let rows = await this.repo.exact(query);
    let total = rows[0]?.total ?? 0;
    if (!rows.length && page > 1) total = (await this.repo.exact({ ...query, limit: 1, offset: 0 }))[0]?.total ?? 0;
    // Typos are a fallback: asked only when no word matched as typed (or as another form of it).
    if (!total) {
      rows = await this.repo.fuzzy(query);
      total = rows[0]?.total ?? 0;
      if (!rows.length && page > 1) total = (await this.repo.fuzzy({ ...query, limit: 1, offset: 0 }))[0]?.total ?? 0;
    }
    return { ...empty, total, items: rows.map((r) => this.toHit(r, tokens, input.lang, scope)) };
  }

  private scopeFilter(scope: 'library' | 'studio', actor: User | null): SearchScopeFilter {
    if (scope === 'library') return { kind: 'library' };
    if (!actor) throw new EfirError('forbidden', 'Sign in first');
    if (actor.role === 'admin') return { kind: 'owner', ownerId: null };
    if (actor.role === 'producer') return { kind: 'owner', ownerId: actor.id };
    throw new EfirError('forbidden', 'Forbidden: needs the producer role');
  }

  private toHit(r: SearchRow, tokens: string[], lang: string, scope: 'library' | 'studio'): SearchHit {
    const v = r.video;
    const translated = v.i18n[lang]?.title;
    const title = translated || v.title;
    const titleLang = translated ? lang : 'ru';
    const base = `/watch/${r.videoId}`;
    // stem and typo hits: mark the other forms and misspellings of the words too
    const loose = r.how >= 2;
    let hit: Pick<SearchHit, 'kind' | 'lang' | 'start' | 'text' | 'marks'>;
    if (r.source === 'doc') hit = docHit(v, tokens, lang, loose);
    else {
      const text = r.text ?? '';
      hit = { kind: r.source, lang: r.lang ?? 'ru', start: r.start, ...snippet(text, marksOf(text, tokens, { loose })) };
    }
    const videoLike = { ...v, id: r.videoId } as unknown as Video;
    return {
      videoId: r.videoId,
      title,
      titleLang,
      watchUrl: hit.start === null ? base : `${base}?t=${Math.floor(hit.start)}`,
      posterUrl: posterUrlOf(videoLike),
      duration: v.duration,
      ...hit,
      ...(scope === 'studio' ? { state: v.state, published: isVisible(videoLike) } : {})
    };
  }
}

/**
 * Which of a video's titles and descriptions matched (search_doc holds them all as one text): the
 * first, in this order, that holds every token — the viewer's language, the original, the other
 * translations; titles before descriptions — else the one holding the most.
 */
function docHit(v: SearchRow['video'], tokens: string[], lang: string, loose: boolean): Pick<SearchHit, 'kind' | 'lang' | 'start' | 'text' | 'marks'> {
  const langs = [lang, ...LANGS.filter((l) => l !== lang)];
  const fields: { kind: 'title' | 'description'; lang: string; text: string }[] = [];
  for (const kind of ['title', 'description'] as const) {
    const original = kind === 'title' ? v.title : v.description;
    for (const l of langs) {
      const text = l === 'ru' ? (v.i18n.ru?.[kind] ?? original) : v.i18n[l]?.[kind];
      if (text) fields.push({ kind, lang: l, text });
    }
    if (v.i18n.ru?.[kind] && original) fields.push({ kind, lang: 'ru', text: original });
  }
  let best = fields[0] ?? { kind: 'title' as const, lang: 'ru', text: v.title };
  let bestCount = -1;
  for (const f of fields) {
    const words = new Set(wordsOf(efirNorm(f.text)));
    const found = tokens.filter((t) => [...words].some((w) => w === t || w.startsWith(t) || (loose && marksOf(w, [t], { loose }).length > 0))).length;
    if (found > bestCount) [best, bestCount] = [f, found];
    if (found === tokens.length) break;
  }
  return { kind: best.kind, lang: best.lang, start: null, ...snippet(best.text, marksOf(best.text, tokens, { loose })) };
}

/** At most SEARCH_SNIPPET characters of the text around its first mark, marks shifted to match; … where cut. */
export function snippet(original: string, originalMarks: [number, number][]): { text: string; marks: [number, number][] } {
  const { text, marks } = collapseSpaces(original, originalMarks);
  if (text.length <= SEARCH_SNIPPET) return { text, marks };
  const first = marks[0]?.[0] ?? 0;
  let from = Math.max(0, Math.min(first - Math.floor(SEARCH_SNIPPET / 3), text.length - (SEARCH_SNIPPET - 1)));
  // start at a word when one begins close by
  const space = text.indexOf(' ', from);
  if (from > 0 && space >= 0 && space < Math.min(from + 20, first)) from = space + 1;
  const prefix = from > 0 ? '…' : '';
  const to = Math.min(text.length, from + SEARCH_SNIPPET - prefix.length - 1);
  const suffix = to < text.length ? '…' : '';
  const shift = prefix.length - from;
  return {
    text: prefix + text.slice(from, to) + suffix,
    marks: marks.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a + shift, b + shift] as [number, number])
  };
}

/** A cue's line breaks and runs of spaces as one space (the hit shows one line); the marks move with the characters they cover. */
function collapseSpaces(text: string, marks: [number, number][]): { text: string; marks: [number, number][] } {
  if (!/\s\s|[^\S ]/.test(text)) return { text, marks };
  const at: number[] = [];
  let out = '';
  for (const ch of text) {
    const ws = /\s/.test(ch);
    for (let k = 0; k < ch.length; k++) at.push(ws && out.endsWith(' ') ? out.length - 1 : out.length);
    if (ws && out.endsWith(' ')) continue;
    out += ws ? ' ' : ch;
  }
  return { text: out, marks: marks.map(([a, b]) => [at[a]!, at[b - 1]! + 1] as [number, number]) };
}
