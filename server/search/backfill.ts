/**
 * Tracks stored before migration 008 have no version row, so the triggers of migration 009 (which
 * index subtitle_versions) never see their cues: this indexes them from their stored files, parsed
 * as the cue editor parses them. A chore of the pipeline's reconcile (at start, then periodically),
 * a batch at a time; once a track has rows in search_cues it is not looked at again, and its next
 * version (an edit, a new upload) is indexed by the triggers as any other.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { parseSubtitles } from '../../media/subtitles/index.ts';

/** Tracks per run: a library of old tracks is indexed over a few reconciles, never in one long stall. */
const BATCH = 100;

export class SearchBackfill {
  /** Tracks whose file is gone or unreadable: not tried again by this process (their next version indexes them). */
  private readonly failed = new Set<string>();

  constructor(private readonly deps: { db: Db; dataDir: string; log: Logger }) {}

  /** Indexes up to BATCH tracks without a version row and without cues in the index; returns how many it indexed. */
  async run(): Promise<number> {
    const { db, dataDir, log } = this.deps;
    const tracks = await db.query<{ video_id: string; lang: string; version: number; file_name: string; stored_path: string }>(
      `select s.video_id, s.lang, s.version, s.file_name, s.stored_path from video_subtitles s
        where not exists (select 1 from subtitle_versions sv where sv.video_id = s.video_id and sv.lang = s.lang and sv.version = s.version)
          and not exists (select 1 from search_cues c where c.video_id = s.video_id and c.lang = s.lang)
          and not (s.video_id || '/' || s.lang = any($1::text[]))
        order by s.video_id, s.lang limit ${BATCH}`,
      [[...this.failed]]
    );
    let indexed = 0;
    for (const t of tracks) {
      const key = `${t.video_id}/${t.lang}`;
      let cues;
      try {
        cues = parseSubtitles(await fs.readFile(path.resolve(dataDir, t.stored_path)), t.file_name).cues;
      } catch (err) {
        this.failed.add(key);
        log.warn({ err, videoId: t.video_id, lang: t.lang }, 'search: cannot index a stored subtitle file');
        continue;
      }
      // Only while the track still has no version row: a version saved meanwhile was indexed by the
      // triggers and wins. A second instance doing the same track inserts nothing (on conflict).
      await db.query(
        `insert into search_cues (video_id, lang, version, idx, start_s, end_s, text)
         select $1, $2, $3, (u.i - 1)::integer, u.s, u.e, u.t from unnest($4::float8[], $5::float8[], $6::text[]) with ordinality as u(s, e, t, i)
          where not exists (select 1 from video_subtitles s join subtitle_versions sv
                              on sv.video_id = s.video_id and sv.lang = s.lang and sv.version = s.version
                             where s.video_id = $1 and s.lang = $2)
         on conflict (video_id, lang, idx) do nothing`,
        [t.video_id, t.lang, t.version, cues.map((c) => c.start), cues.map((c) => c.end), cues.map((c) => c.text)]
      );
      indexed++;
    }
    if (indexed) log.info({ indexed }, 'search: indexed subtitle tracks stored before versions');
    return indexed;
  }
}
