/**
 * The search's contract (issue 14), shared by SearchService, GET /api/search and the pages (/search,
 * the header's box, the studio's filter). Types only.
 */
import type { UiLang } from '../../web/lib/i18n/index.ts';

export type SearchScope = 'library' | 'studio';

export interface SearchHit {
  videoId: string;
  /** The title in the viewer's language where the video has it, else the original. */
  title: string;
  titleLang: string;
  /** /watch/<id>?t=<whole seconds> for cue and question hits, /watch/<id> otherwise. */
  watchUrl: string;
  posterUrl: string | null;
  duration: number | null;
  kind: 'title' | 'description' | 'cue' | 'question';
  /** The language of the matched text (ru uz tg az ro en). */
  lang: string;
  /** Seconds from the start (cue, question), else null. */
  start: number | null;
  /** The matched cue, question, title or description, plain text, at most 300 characters around the match. */
  text: string;
  /** [from, to) character (UTF-16) ranges of `text` that matched, for <mark>. */
  marks: [number, number][];
  /** Studio scope only: the video's state and whether viewers may see it. */
  state?: string;
  published?: boolean;
}

export interface SearchResult {
  /** The query as searched (trimmed, at most 200 characters). */
  q: string;
  page: number;
  pageSize: number;
  /** Videos found (one hit each); counts the capped candidates (SEARCH_CANDIDATE_CAP), so a very common word says "at least". */
  total: number;
  items: SearchHit[];
  /** no_words: the query holds no letter or digit (empty, punctuation, emoji only). */
  problem: null | 'no_words';
}

export interface SearchInput {
  q: string;
  page?: number;
  lang: UiLang;
  scope?: SearchScope;
}

/** Results per page. */
export const SEARCH_PAGE_SIZE = 20;
/** A longer query is cut to this many characters (never refused). */
export const SEARCH_MAX_QUERY = 200;
/** At most this many words of the query are searched; the rest are ignored. */
export const SEARCH_MAX_TOKENS = 8;
/** Pages beyond this are empty (the candidate cap leaves nothing there anyway). */
export const SEARCH_MAX_PAGE = 500;
/** The length of a hit's `text` around its first mark. */
export const SEARCH_SNIPPET = 300;
