/**
 * The `uploads` table (migration 006): unfinished tus uploads, shared by every web instance. SQL only;
 * the studio service decides who may upload and how much.
 */
import type { Queryable } from '../db/index.ts';

export interface UploadRow {
  id: string;
  videoId: string;
  ownerId: string | null;
  declaredLength: number;
  createdAt: Date;
}

export class UploadsRepository {
  constructor(private readonly db: Queryable) {}

  async get(id: string, q: Queryable = this.db): Promise<UploadRow | null> {
    const [r] = await q.query<any>('select * from uploads where id = $1', [id]);
    return r ? toRow(r) : null;
  }

  async forVideo(videoId: string, q: Queryable = this.db): Promise<UploadRow | null> {
    const [r] = await q.query<any>('select * from uploads where video_id = $1', [videoId]);
    return r ? toRow(r) : null;
  }

  /**
   * What the producer stores and has announced: their videos' sources plus their unfinished uploads'
   * declared lengths (those older than `expiredBefore` are being swept and no longer count).
   */
  async usedBy(ownerId: string, expiredBefore: Date, q: Queryable = this.db): Promise<number> {
    const [r] = await q.query<{ n: number }>(
      `select (select coalesce(sum(source_size), 0) from videos where owner_id = $1)
            + (select coalesce(sum(declared_length), 0) from uploads where owner_id = $1 and created_at >= $2) as n`,
      [ownerId, expiredBefore]
    );
    return Number(r?.n ?? 0);
  }

  /** Inserts the row; false when the draft already has one (the unique video_id decides across instances). */
  async insert(u: { id: string; videoId: string; ownerId: string | null; declaredLength: number }, q: Queryable = this.db): Promise<boolean> {
    const rows = await q.query(
      `insert into uploads (id, video_id, owner_id, declared_length) values ($1, $2, $3, $4)
       on conflict (video_id) do nothing returning id`,
      [u.id, u.videoId, u.ownerId, u.declaredLength]
    );
    return rows.length === 1;
  }

  async delete(id: string, q: Queryable = this.db): Promise<void> {
    await q.query('delete from uploads where id = $1', [id]);
  }

  /** Rows of uploads older than the expiry (their files are swept by tus); returns their ids. */
  async deleteExpired(expiredBefore: Date): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>('delete from uploads where created_at < $1 returning id', [expiredBefore]);
    return rows.map((r) => r.id);
  }
}

function toRow(r: any): UploadRow {
  return { id: r.id, videoId: r.video_id, ownerId: r.owner_id, declaredLength: Number(r.declared_length), createdAt: r.created_at };
}
