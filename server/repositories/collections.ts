/**
 * The `collections` and `collection_items` tables (migration 007): the channel's playlists, which
 * the YouTube sync keeps (youtube_playlist_id set), and producers' own series. SQL only, no access
 * rules: server/services/collections.ts decides who may see or change what.
 */
import type { Queryable, Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import { VIDEO_COLUMNS, V_COLUMNS, toVideo, visibleSql, type Video, type VideoI18n } from './videos.ts';

export interface Collection {
  id: string;
  ownerId: string | null;
  /** Set for the channel's playlists: their items come from YouTube, not from producers. */
  youtubePlaylistId: string | null;
  title: string;
  description: string;
  i18n: VideoI18n;
  hiddenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CollectionWithCounts extends Collection {
  /** Items viewers see (the visibility rule of the library). */
  visibleCount: number;
  /** Every item, whatever its state (the studio's count). */
  itemCount: number;
  /** The first visible item's poster source, for the list's cards. */
  coverVideo: Video | null;
}

interface CollectionRow {
  id: string;
  owner_id: string | null;
  youtube_playlist_id: string | null;
  title: string;
  description: string;
  i18n: VideoI18n | null;
  hidden_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toCollection = (r: CollectionRow): Collection => ({
  id: r.id,
  ownerId: r.owner_id,
  youtubePlaylistId: r.youtube_playlist_id,
  title: r.title,
  description: r.description,
  i18n: r.i18n ?? {},
  hiddenAt: r.hidden_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at
});

export interface CollectionFields {
  title: string;
  description: string;
  i18n: VideoI18n;
}

const V = visibleSql('v.');

// Counts and the cover (first visible item) in one pass per collection, for the list pages.
const WITH_COUNTS = `select c.*,
       (select count(*) from collection_items i join videos v on v.id = i.video_id where i.collection_id = c.id and ${V}) as visible_count,
       (select count(*) from collection_items i where i.collection_id = c.id) as item_count,
       (select v.id from collection_items i join videos v on v.id = i.video_id
         where i.collection_id = c.id and ${V} order by i.position, v.id limit 1) as cover_id
  from collections c`;

type CountedRow = CollectionRow & { visible_count: number | string; item_count: number | string; cover_id: string | null };

export class CollectionsRepository {
  constructor(private readonly db: Db) {}

  async create(ownerId: string, f: CollectionFields): Promise<Collection> {
    const [row] = await this.db.query<CollectionRow>(
      `insert into collections (id, owner_id, title, description, i18n) values ($1, $2, $3, $4, $5::jsonb) returning *`,
      [newId(), ownerId, f.title, f.description, JSON.stringify(f.i18n)]
    );
    return toCollection(row);
  }

  async get(id: string): Promise<Collection | null> {
    const [row] = await this.db.query<CollectionRow>('select * from collections where id = $1', [id]);
    return row ? toCollection(row) : null;
  }

  async update(id: string, f: CollectionFields): Promise<Collection | null> {
    const [row] = await this.db.query<CollectionRow>(
      `update collections set title = $2, description = $3, i18n = $4::jsonb, updated_at = now() where id = $1 returning *`,
      [id, f.title, f.description, JSON.stringify(f.i18n)]
    );
    return row ? toCollection(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.query('delete from collections where id = $1 returning id', [id])).length > 0;
  }

  /**
   * Collections with their counts and cover: `scope` 'public' is what viewers browse (not hidden,
   * at least one visible item); 'studio' is a producer's own plus the channel's playlists (ownerId
   * null: all, for admins). The channel's playlists first, then newest first.
   */
  async listWithCounts(scope: { kind: 'public' } | { kind: 'studio'; ownerId: string | null }): Promise<CollectionWithCounts[]> {
    const where =
      scope.kind === 'public'
        ? 'where x.hidden_at is null and x.visible_count > 0'
        : 'where ($1::text is null or x.owner_id = $1::text or x.youtube_playlist_id is not null)';
    const rows = await this.db.query<CountedRow>(
      `select * from (${WITH_COUNTS}) x ${where} order by (x.youtube_playlist_id is null), x.created_at desc, x.id`,
      scope.kind === 'public' ? [] : [scope.ownerId]
    );
    const covers = await this.videosById(rows.map((r) => r.cover_id).filter((id): id is string => !!id));
    return rows.map((r) => ({
      ...toCollection(r),
      visibleCount: Number(r.visible_count),
      itemCount: Number(r.item_count),
      coverVideo: r.cover_id ? (covers.get(r.cover_id) ?? null) : null
    }));
  }

  /** The items in order: every one (`visibleOnly` false, the studio) or those viewers see. */
  async items(collectionId: string, visibleOnly: boolean): Promise<Video[]> {
    const rows = await this.db.query<Parameters<typeof toVideo>[0]>(
      `select ${V_COLUMNS} from collection_items i join videos v on v.id = i.video_id
        where i.collection_id = $1 ${visibleOnly ? `and ${V}` : ''}
        order by i.position, v.id`,
      [collectionId]
    );
    return rows.map(toVideo);
  }

  /** Adds at the end; false when it is already in. */
  async addItem(collectionId: string, videoId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await lockCollection(tx, collectionId);
      const rows = await tx.query(
        `insert into collection_items (collection_id, video_id, position)
         select $1, $2, coalesce(max(position) + 1, 0) from collection_items where collection_id = $1
         on conflict (collection_id, video_id) do nothing returning video_id`,
        [collectionId, videoId]
      );
      await touch(tx, collectionId);
      return rows.length > 0;
    });
  }

  async removeItem(collectionId: string, videoId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query('delete from collection_items where collection_id = $1 and video_id = $2 returning video_id', [collectionId, videoId]);
      await touch(tx, collectionId);
      return rows.length > 0;
    });
  }

  /**
   * Moves one item a place up (-1) or down (+1) by swapping positions with its neighbour; false when
   * it is not in the collection or already at that end. Under the collection's lock, so two
   * producers moving at once cannot give two items one position.
   */
  async moveItem(collectionId: string, videoId: string, delta: -1 | 1): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await lockCollection(tx, collectionId);
      const order = await tx.query<{ video_id: string; position: number }>(
        'select video_id, position from collection_items where collection_id = $1 order by position, video_id',
        [collectionId]
      );
      const i = order.findIndex((r) => r.video_id === videoId);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= order.length) return false;
      // Positions renumbered 0..n-1 in the new order: gaps left by removals and ties go at once.
      const ids = order.map((r) => r.video_id);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      await tx.query(
        `update collection_items i set position = o.pos - 1
           from unnest($2::text[]) with ordinality as o(video_id, pos)
          where i.collection_id = $1 and i.video_id = o.video_id`,
        [collectionId, ids]
      );
      await touch(tx, collectionId);
      return true;
    });
  }

  /** The collections a video is in that viewers can browse, oldest first (a watch page's "next in" when none is named). */
  async publicCollectionsOf(videoId: string): Promise<Collection[]> {
    const rows = await this.db.query<CollectionRow>(
      `select c.* from collections c join collection_items i on i.collection_id = c.id
        where i.video_id = $1 and c.hidden_at is null order by c.created_at, c.id`,
      [videoId]
    );
    return rows.map(toCollection);
  }

  private async videosById(ids: string[]): Promise<Map<string, Video>> {
    if (!ids.length) return new Map();
    const rows = await this.db.query<Parameters<typeof toVideo>[0]>(`select ${VIDEO_COLUMNS} from videos where id = any($1::text[])`, [ids]);
    return new Map(rows.map((r) => [r.id, toVideo(r)]));
  }
}

async function lockCollection(tx: Queryable, id: string): Promise<void> {
  await tx.query('select id from collections where id = $1 for update', [id]);
}

async function touch(tx: Queryable, id: string): Promise<void> {
  await tx.query('update collections set updated_at = now() where id = $1', [id]);
}
