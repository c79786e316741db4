/**
 * Search's SQL (migration 009): the query's normalised words against videos.search_doc (titles,
 * descriptions, their translations), search_cues (every cue of every track's current version) and
 * the answered questions of replays. No access rules of its own: the caller names the scope (the
 * library's VISIBLE, or an owner's videos), joined at query time, so a hide or publish needs no
 * reindex. SearchService builds the inputs; nothing but runs of letters and digits ever reaches
 * to_tsquery, each quoted, so & | ! ( ) : * ' in a query cannot change its meaning.
 */
import type { Queryable } from '../db/index.ts';
import type { Db } from '../db/index.ts';
import { visibleSql, type VideoI18n, type VideoOrigin, type VideoState, type YoutubeState } from './videos.ts';

/**
 * How many matching rows each source (cues by word, cues by stem, cues by typo, questions, titles)
 * hands to the ranking at most. Ranking reads every candidate, so without it a word in every tenth
 * cue (a million cues: 100,000 rows) would rank them all; with it, one hit per video from the first
 * CAP rows the index gives, whatever the word. The cost: for such a word, which videos are found
 * is decided by the index's order, not by rank, and `total` counts at most this many. bench:search
 * over a million cues: a word in four Russian cues in ten took 52 ms (p50) with 2,000, 12 ms with 500.
 */
export const SEARCH_CANDIDATE_CAP = 500;

/** Below this pg_trgm word similarity a word is no typo of the query's (pg_trgm's own default is 0.6: one typo in a six-letter word is 0.57). */
export const FUZZY_THRESHOLD = 0.5;

/** Longer words are not corrected: their many trigrams would make the typo tier slow for nothing. */
export const FUZZY_MAX_WORD = 32;

export type SearchScopeFilter = { kind: 'library' } | { kind: 'owner'; ownerId: string | null };

export type HitSource = 'doc' | 'cue' | 'question';
/** 0 whole words, 1 the last word as a prefix, 2 stem, 3 typo */
export type HitHow = 0 | 1 | 2 | 3;

export interface SearchRow {
  videoId: string;
  source: HitSource;
  how: HitHow;
  lang: string | null;
  start: number | null;
  text: string | null;
  rank: number;
  total: number;
  video: {
    title: string;
    description: string;
    i18n: VideoI18n;
    duration: number | null;
    state: VideoState;
    currentRev: number | null;
    posterPath: string | null;
    publishedAt: Date | null;
    hiddenAt: Date | null;
    origin: VideoOrigin;
    youtube: YoutubeState | null;
  };
}

export interface SearchQuery {
  /** The normalised tokens (efir_norm, then runs of letters and digits), 1 to 8. */
  tokens: string[];
  scope: SearchScopeFilter;
  /** The viewer's language: its cues and questions first. */
  lang: string;
  limit: number;
  offset: number;
}

/**
 * `'a' & 'b' & 'c':*`: each token quoted (they hold letters and digits only), the last a prefix when
 * it has two characters or more (prefix false: every token a whole word).
 */
export function wordsQuery(tokens: string[], prefix = true): string {
  return tokens.map((t, i) => `'${t}'${prefix && i === tokens.length - 1 && t.length >= 2 ? ':*' : ''}`).join(' & ');
}

/** Query parameters numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const scopeSql = (s: SearchScopeFilter, p: Params) =>
  s.kind === 'library' ? visibleSql('v.') : s.ownerId === null ? 'true' : `v.owner_id = ${p.add(s.ownerId)}::text`;

/**
 * One hit per video, its best: titles and descriptions before cues and questions, whole words
 * before a prefix of the last word before stems before typos, the viewer's language first, then ts_rank (or the typo's similarity);
 * ties by video id and time, so pages never overlap. `total` counts the videos.
 */
function result(q: SearchQuery, p: Params): string {
  const lang = `${p.add(q.lang)}::text`;
  const order = (a: string) => `(${a}source <> 'doc'), ${a}how, (${a}source <> 'doc' and ${a}lang is distinct from ${lang}), ${a}rank desc`;
  // The page's rows are ranked and cut first, and only they are joined to videos for their columns
  // (joining every ranked video before the limit was a fifth of a common word's time).
  return `
  ranked as (
    select distinct on (video_id) * from hits order by video_id, ${order('')}, start_s nulls first, idx nulls first
  ), page as (
    select r.*, count(*) over () as total from ranked r
     order by ${order('r.')}, r.video_id, r.start_s nulls first
     limit ${p.add(q.limit)} offset ${p.add(q.offset)}
  )
  select pg.video_id, pg.source, pg.how, pg.lang, pg.start_s, pg.text, pg.rank, pg.total,
         v.title, v.description, v.i18n, v.duration, v.state, v.current_rev, v.poster_path, v.published_at,
         v.hidden_at, v.origin, v.youtube
    from page pg join videos v on v.id = pg.video_id
   order by ${order('pg.')}, pg.video_id, pg.start_s nulls first`;
}

interface Row {
  video_id: string;
  source: HitSource;
  how: HitHow;
  lang: string | null;
  start_s: number | null;
  text: string | null;
  rank: number;
  total: number;
  title: string;
  description: string;
  i18n: VideoI18n | null;
  duration: number | null;
  state: VideoState;
  current_rev: number | null;
  poster_path: string | null;
  published_at: Date | null;
  hidden_at: Date | null;
  origin: VideoOrigin;
  youtube: YoutubeState | null;
}

const toRow = (r: Row): SearchRow => ({
  videoId: r.video_id,
  source: r.source,
  how: Number(r.how) as HitHow,
  lang: r.lang,
  start: r.start_s,
  text: r.text,
  rank: Number(r.rank),
  total: Number(r.total),
  video: {
    title: r.title,
    description: r.description,
    i18n: r.i18n ?? {},
    duration: r.duration,
    state: r.state,
    currentRev: r.current_rev,
    posterPath: r.poster_path,
    publishedAt: r.published_at,
    hiddenAt: r.hidden_at,
    origin: r.origin,
    youtube: r.youtube
  }
});

export class SearchRepository {
  constructor(private readonly db: Db) {}

  /**
   * Whole words (the last also as a prefix, ranked after whole) in titles, descriptions, cues and answered questions, and the
   * other forms of the words in Russian, Romanian and English cues: the best hit of each video, ranked.
   */
  async exact(q: SearchQuery): Promise<SearchRow[]> {
    const p = new Params();
    const ts = `to_tsquery('simple', ${p.add(wordsQuery(q.tokens))}::text)`;
    // whole words rank above a word the last token only begins (how 0, else 1)
    const whole = `to_tsquery('simple', ${p.add(wordsQuery(q.tokens, false))}::text)`;
    const how = (vector: string) => `case when ${vector} @@ ${whole} then 0 else 1 end`;
    const plain = `${p.add(q.tokens.join(' '))}::text`;
    const scope = scopeSql(q.scope, p);
    const qaText = `to_tsvector('simple', efir_norm(qq.text))`;
    const sql = `
      with doc as (
        select v.id as video_id, 'doc'::text as source, ${how('v.search_words')} as how, null::text as lang,
               null::float8 as start_s, null::int as idx, null::text as text, ts_rank(v.search_words, ${ts}) as rank
          from videos v
         where v.search_words @@ ${ts} and ${scope}
         limit ${SEARCH_CANDIDATE_CAP}
      ), cue_words as (
        select c.video_id, 'cue'::text, ${how('c.words')}, c.lang, c.start_s, c.idx, c.text, ts_rank(c.words, ${ts})
          from search_cues c join videos v on v.id = c.video_id
         where c.words @@ ${ts} and ${scope}
         limit ${SEARCH_CANDIDATE_CAP}
      ), cue_stems as (
        select c.video_id, 'cue'::text, 2, c.lang, c.start_s, c.idx, c.text, ts_rank(c.stem, case c.lang
                 when 'ru' then plainto_tsquery('russian', ${plain}) when 'ro' then plainto_tsquery('romanian', ${plain})
                 else plainto_tsquery('english', ${plain}) end)
          from search_cues c join videos v on v.id = c.video_id
         where ((c.lang = 'ru' and c.stem @@ plainto_tsquery('russian', ${plain}))
             or (c.lang = 'ro' and c.stem @@ plainto_tsquery('romanian', ${plain}))
             or (c.lang = 'en' and c.stem @@ plainto_tsquery('english', ${plain})))
           and ${scope}
           -- a whole-word hit ranks above any stem hit: when whole words fill the cap, stems could only
           -- add videos after them, and would double the cost of a very common word
           and (select count(*) from cue_words) < ${SEARCH_CANDIDATE_CAP}
         limit ${SEARCH_CANDIDATE_CAP}
      ), questions as (
        select b.replay_video_id, 'question'::text, ${how(qaText)}, qq.lang, coalesce(qq.answered_offset, 0), null::int, qq.text, ts_rank(${qaText}, ${ts})
          from qa_questions qq
          join broadcasts b on b.id = qq.broadcast_id
          join videos v on v.id = b.replay_video_id
         where qq.state = 'answered' and ${qaText} @@ ${ts} and ${scope}
         limit ${SEARCH_CANDIDATE_CAP}
      ), hits as (
        select * from doc union all select * from cue_words union all select * from cue_stems union all select * from questions
      ), ${result(q, p)}`;
    return (await this.db.query<Row>(sql, p.values)).map(toRow);
  }

  /**
   * The typo tier, asked only when nothing matched exactly: every token of four characters or more
   * (shorter ones say too little to correct) is close to a word of the text (pg_trgm word similarity,
   * through the trigram indexes). Runs in a transaction for its local similarity threshold.
   */
  async fuzzy(q: SearchQuery): Promise<SearchRow[]> {
    const tokens = q.tokens.filter((t) => t.length >= 4 && t.length <= FUZZY_MAX_WORD);
    if (!tokens.length) return [];
    const p = new Params();
    const refs = tokens.map((t) => `${p.add(t)}::text`);
    const scope = scopeSql(q.scope, p);
    const all = (expr: string) => refs.map((t) => `${expr} %> ${t}`).join(' and ');
    const sim = (expr: string) => refs.map((t) => `word_similarity(${t}, ${expr})`).join(' + ');
    const qaNorm = `efir_norm(qq.text)`;
    const sql = `
      with doc as (
        select v.id as video_id, 'doc'::text as source, 3 as how, null::text as lang, null::float8 as start_s, null::int as idx,
               null::text as text, (${sim('v.search_doc')})::real as rank
          from videos v where ${all('v.search_doc')} and ${scope}
         limit ${SEARCH_CANDIDATE_CAP}
      ), cues as (
        select c.video_id, 'cue'::text, 3, c.lang, c.start_s, c.idx, c.text, (${sim('c.norm')})::real
          from search_cues c join videos v on v.id = c.video_id
         where ${all('c.norm')} and ${scope}
         limit ${SEARCH_CANDIDATE_CAP}
      ), questions as (
        select b.replay_video_id, 'question'::text, 3, qq.lang, coalesce(qq.answered_offset, 0), null::int, qq.text, (${sim(qaNorm)})::real
          from qa_questions qq
          join broadcasts b on b.id = qq.broadcast_id
          join videos v on v.id = b.replay_video_id
         where qq.state = 'answered' and ${all(qaNorm)} and ${scope}
         limit ${SEARCH_CANDIDATE_CAP}
      ), hits as (
        select * from doc union all select * from cues union all select * from questions
      ), ${result(q, p)}`;
    return this.db.transaction(async (tx: Queryable) => {
      await tx.query(`select set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(FUZZY_THRESHOLD)]);
      return (await tx.query<Row>(sql, p.values)).map(toRow);
    });
  }

  /** The normalised query, by the database's own efir_norm (the one the index was built with). */
  async normalise(text: string): Promise<string> {
    const [row] = await this.db.query<{ n: string }>('select efir_norm($1::text) as n', [text]);
    return row?.n ?? '';
  }
}

