/**
 * bench:search's library: N published, playable videos with six subtitle tracks each, written
 * straight into videos / video_subtitles / subtitle_versions (the rows an upload and the editor
 * write), in big multi-row statements (one jsonb parameter unpacked by jsonb_to_recordset, so a batch
 * is one round trip whatever its size and never near the 65,535-parameter limit).
 *
 * The index is built in three measured steps, so its cost is told apart from the raw load's:
 *   1. raw load: the rows, with migration 009's triggers that fill search_cues disabled;
 *   2. build: the triggers enabled, then every track "re-saved" (`update video_subtitles set
 *      version = version`, a batch of videos per transaction): each commit runs 009's deferred
 *      trigger once per track, which fills search_cues from the current version, its generated
 *      columns (efir_norm, the simple and stemmed tsvectors) computed and its GIN and trigram indexes
 *      maintained row by row. This is what the index costs a library of this size, through the
 *      core's own SQL; the target (< 5 min on PostgreSQL) is on this figure.
 *   3. reindex: `reindex table search_cues`, the same indexes built in bulk from the filled table
 *      (what a migration over an existing library, or a rebuild, would take for the indexes alone).
 * And, after the queries, the upload path: more videos loaded with the triggers on, as uploads and
 * the editor write them (a track's row and its version row in one transaction: the deferred trigger
 * then runs twice per new track, once per row), for its rate beside the build's.
 */
import type { Db, Queryable } from '../../../server/db/index.ts';
import { LANGS, cueText, rng, titleText, wordsOf, type Lang, type LangCorpus } from './corpus.ts';

const BATCH = 100; // videos per statement batch (600 tracks, ~10,000 cues, ~1.5 MB of JSON)
const BUILD_BATCH = 500; // videos per transaction of the build step

export interface Generated {
  videos: number;
  tracks: number;
  cues: number;
  /** Per language: in how many cues each (lower-case) word occurs; the queries are picked from it. */
  cueCounts: Record<Lang, Map<string, number>>;
}

export const videoId = (i: number) => `bsv${String(i).padStart(6, '0')}`;

/** Generates and inserts the library (step 1); returns what it wrote. */
export async function loadLibrary(db: Db, corpus: Record<Lang, LangCorpus>, videos: number, log: (...a: unknown[]) => void, first = 0): Promise<Generated> {
  const r = rng(20261207 + first);
  const cueCounts = Object.fromEntries(LANGS.map((l) => [l, new Map<string, number>()])) as Generated['cueCounts'];
  let tracks = 0;
  let cues = 0;
  for (let from = first; from < first + videos; from += BATCH) {
    const vRows: unknown[] = [];
    const sRows: unknown[] = [];
    const versions: unknown[] = [];
    for (let i = from; i < Math.min(first + videos, from + BATCH); i++) {
      const id = videoId(i);
      let duration = 0;
      for (const lang of LANGS) {
        const n = 12 + Math.floor(r() * 11); // 12–22 cues, 17 on average
        const list = [];
        for (let k = 0; k < n; k++) {
          const text = cueText(corpus[lang], r);
          list.push({ start: k * 4 + 0.5, end: k * 4 + 3.5, text });
          const counts = cueCounts[lang];
          for (const w of new Set(wordsOf(text).map((x) => x.toLocaleLowerCase(lang)))) counts.set(w, (counts.get(w) ?? 0) + 1);
        }
        duration = Math.max(duration, n * 4 + 2);
        sRows.push({ video_id: id, lang, cue_count: n });
        versions.push({ video_id: id, lang, cues: list, cue_count: n });
        tracks++;
        cues += n;
      }
      // Titles: most in Russian (the library's original language), with an Uzbek and a Tajik
      // translation on half of them; one in five only in Uzbek (so a Russian query must find such a
      // video through its Russian cues).
      const uzOnly = r() < 0.2;
      const title = titleText(corpus[uzOnly ? 'uz' : 'ru'], r);
      const description = cueText(corpus[uzOnly ? 'uz' : 'ru'], r);
      const i18n = !uzOnly && r() < 0.5 ? { uz: { title: titleText(corpus.uz, r), description: '' }, tg: { title: titleText(corpus.tg, r), description: '' } } : {};
      vRows.push({ id, title, description, i18n, duration, n: i });
    }
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into videos (id, title, description, i18n, origin, state, current_rev, duration, width, height, published_at)
         select id, title, description, i18n, 'upload', 'ready', 1, duration, 1280, 720, now() - make_interval(secs => n)
           from jsonb_to_recordset($1::jsonb) as r(id text, title text, description text, i18n jsonb, duration float8, n int)`,
        [JSON.stringify(vRows)]
      );
      await tx.query(
        `insert into video_subtitles (video_id, lang, file_name, format, encoding, cue_count, stored_path, version)
         select video_id, lang, lang || '.srt', 'srt', 'utf-8', cue_count, 'subtitles/' || video_id || '/' || lang || '.vtt', 1
           from jsonb_to_recordset($1::jsonb) as r(video_id text, lang text, cue_count int)`,
        [JSON.stringify(sRows)]
      );
      await tx.query(
        `insert into subtitle_versions (video_id, lang, version, kind, cues, cue_count)
         select video_id, lang, 1, 'upload', cues, cue_count
           from jsonb_to_recordset($1::jsonb) as r(video_id text, lang text, cues jsonb, cue_count int)`,
        [JSON.stringify(versions)]
      );
    });
    if (((from - first) / BATCH) % 20 === 19) log(`  loaded ${from - first + BATCH} videos`);
  }
  return { videos, tracks, cues, cueCounts };
}

/** 009's triggers on the subtitle tables that write search_cues (found by what their function mentions). */
export async function searchTriggers(db: Queryable): Promise<{ table: string; name: string }[]> {
  return db.query(
    `select c.relname as table, t.tgname as name
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
      where not t.tgisinternal and c.relname in ('video_subtitles', 'subtitle_versions') and p.prosrc ilike '%search_cues%'
      order by 1, 2`
  );
}

export async function setTriggers(db: Queryable, triggers: { table: string; name: string }[], on: boolean) {
  for (const t of triggers) await db.exec(`alter table ${t.table} ${on ? 'enable' : 'disable'} trigger ${t.name}`);
}

/** Step 2: every track re-saved with the triggers on; returns the rows search_cues ended with. */
export async function buildThroughTriggers(db: Db, videos: number, log: (...a: unknown[]) => void): Promise<number> {
  for (let from = 0; from < videos; from += BUILD_BATCH) {
    await db.transaction((tx) =>
      tx.query(`update video_subtitles set version = version where video_id >= $1 and video_id < $2`, [videoId(from), videoId(from + BUILD_BATCH)])
    );
    if (from === 0) {
      const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from search_cues');
      if (!n) throw new Error('re-saving tracks (update video_subtitles set version = version) filled no search_cues: the build step cannot measure 009 this way');
    }
    if ((from / BUILD_BATCH) % 4 === 3) log(`  indexed ${from + BUILD_BATCH} videos`);
  }
  const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from search_cues');
  return n;
}

export interface Sizes {
  tableMiB: number;
  indexesMiB: number;
  totalMiB: number;
  indexes: Record<string, number>;
}

/** search_cues' heap (+ TOAST) and each of its indexes, MiB. */
export async function sizes(db: Queryable): Promise<Sizes> {
  const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  const [t] = await db.query<{ table: number; indexes: number; total: number }>(
    `select pg_table_size('search_cues')::bigint as table, pg_indexes_size('search_cues')::bigint as indexes,
            pg_total_relation_size('search_cues')::bigint as total`
  );
  const idx = await db.query<{ name: string; size: number }>(
    `select indexrelid::regclass::text as name, pg_relation_size(indexrelid)::bigint as size from pg_index where indrelid = 'search_cues'::regclass order by 1`
  );
  return { tableMiB: mib(t!.table), indexesMiB: mib(t!.indexes), totalMiB: mib(t!.total), indexes: Object.fromEntries(idx.map((i) => [i.name, mib(i.size)])) };
}
