/**
 * The `youtube_publications` table (migration 007): one row per video published to YouTube, so a
 * retry resumes the same upload session and never makes a second copy. SQL only.
 */
import type { Db, Queryable } from '../db/index.ts';

export type PublicationState = 'queued' | 'uploading' | 'captions' | 'done' | 'failed';

export interface Publication {
  videoId: string;
  state: PublicationState;
  sessionUri: string | null;
  bytesSent: number;
  totalBytes: number | null;
  youtubeVideoId: string | null;
  captionsDone: string[];
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  video_id: string;
  state: PublicationState;
  session_uri: string | null;
  bytes_sent: string | number;
  total_bytes: string | number | null;
  youtube_video_id: string | null;
  captions_done: string[] | null;
  error: string | null;
  requested_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const toPublication = (r: Row): Publication => ({
  videoId: r.video_id,
  state: r.state,
  sessionUri: r.session_uri,
  bytesSent: Number(r.bytes_sent),
  totalBytes: r.total_bytes === null ? null : Number(r.total_bytes),
  youtubeVideoId: r.youtube_video_id,
  captionsDone: r.captions_done ?? [],
  error: r.error,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at
});

export class PublicationsRepository {
  constructor(private readonly db: Db) {}

  async get(videoId: string, q: Queryable = this.db): Promise<Publication | null> {
    const [row] = await q.query<Row>('select * from youtube_publications where video_id = $1', [videoId]);
    return row ? toPublication(row) : null;
  }

  async forVideos(videoIds: string[]): Promise<Map<string, Publication>> {
    if (!videoIds.length) return new Map();
    const rows = await this.db.query<Row>('select * from youtube_publications where video_id = any($1::text[])', [videoIds]);
    return new Map(rows.map((r) => [r.video_id, toPublication(r)]));
  }

  /**
   * Queues a publication: a new row, or an unfinished one queued again with everything it already
   * has (session, bytes, YouTube id, captions). An unfinished one may be queued again whatever its
   * state (a job lost with Redis leaves it 'uploading'): the `publish` job is one per video and
   * resumes from the row, so this never makes a second copy. Null when it is done.
   */
  async queue(videoId: string, userId: string): Promise<Publication | null> {
    const [row] = await this.db.query<Row>(
      `insert into youtube_publications (video_id, state, requested_by) values ($1, 'queued', $2)
       on conflict (video_id) do update set state = 'queued', error = null, requested_by = $2, updated_at = now()
         where youtube_publications.state <> 'done'
       returning *`,
      [videoId, userId]
    );
    return row ? toPublication(row) : null;
  }

  async update(
    videoId: string,
    patch: Partial<Pick<Publication, 'state' | 'sessionUri' | 'bytesSent' | 'totalBytes' | 'error'>>
  ): Promise<void> {
    const cols: string[] = [];
    const values: unknown[] = [videoId];
    const set = (col: string, v: unknown) => {
      values.push(v);
      cols.push(`${col} = $${values.length}`);
    };
    if (patch.state !== undefined) set('state', patch.state);
    if (patch.sessionUri !== undefined) set('session_uri', patch.sessionUri);
    if (patch.bytesSent !== undefined) set('bytes_sent', patch.bytesSent);
    if (patch.totalBytes !== undefined) set('total_bytes', patch.totalBytes);
    if (patch.error !== undefined) set('error', patch.error);
    await this.db.query(`update youtube_publications set ${cols.join(', ')}, updated_at = now() where video_id = $1`, values);
  }

  /**
   * YouTube made the video: its id on the publication and on the video, in one transaction, so the
   * mirror's sync finds the video by youtube_id and links it instead of adding a copy.
   */
  async uploaded(videoId: string, youtubeVideoId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `update youtube_publications set youtube_video_id = $2, state = 'captions', bytes_sent = coalesce(total_bytes, bytes_sent), updated_at = now()
          where video_id = $1`,
        [videoId, youtubeVideoId]
      );
      await tx.query('update videos set youtube_id = $2, updated_at = now() where id = $1', [videoId, youtubeVideoId]);
    });
  }

  async captionDone(videoId: string, lang: string): Promise<void> {
    await this.db.query(
      `update youtube_publications set captions_done = captions_done || $2::jsonb, updated_at = now()
        where video_id = $1 and not (captions_done @> $2::jsonb)`,
      [videoId, JSON.stringify([lang])]
    );
  }

  /** A video's text as YouTube gets it: the Russian original and its translations (videos.i18n). */
  async videoText(videoId: string): Promise<{ title: string; description: string; i18n: Record<string, { title?: string; description?: string }> } | null> {
    const [row] = await this.db.query<{ title: string; description: string; i18n: Record<string, { title?: string; description?: string }> | null }>(
      'select title, description, i18n from videos where id = $1',
      [videoId]
    );
    return row ? { title: row.title, description: row.description, i18n: row.i18n ?? {} } : null;
  }
}
