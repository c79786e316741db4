/**
 * Collections: the channel's playlists (kept by the YouTube sync, read-only here) and producers'
 * own series, ordered by hand, with titles and descriptions in the six languages. Viewers browse
 * those with visible videos; a watch page offers the next video of its collection.
 *
 * Who may do what (the same for pages and API): producers create collections and manage their own,
 * admins every producer's; anyone else's collection answers 404 (not 403), as videos do, so ids leak
 * nothing. The channel's playlists every producer may read in the studio, and nobody edits them here:
 * their items and texts come from YouTube.
 */
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import type { Video, VideoI18n, VideosRepository } from '../repositories/videos.ts';
import type { Collection, CollectionFields, CollectionsRepository, CollectionWithCounts } from '../repositories/collections.ts';
import { hasRole } from './auth.ts';
import { canManage, isVisible, libraryItem, posterUrlOf, type LibraryItem } from './library.ts';
import { cleanName, cleanText } from '../qa/text.ts';

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 5000;
const TRANSLATIONS = ['uz', 'tg', 'az', 'ro', 'en'] as const;

/** A collection as viewers and producers read it. */
export interface CollectionView {
  id: string;
  title: string;
  description: string;
  i18n: VideoI18n;
  /** The channel's playlist (kept by the sync), else a producer's own. */
  fromYoutube: boolean;
  /** Items viewers see. */
  count: number;
  posterUrl: string | null;
  /** ISO 8601 */
  updatedAt: string;
}

export interface StudioCollectionView extends CollectionView {
  ownerId: string | null;
  /** Every item, whatever its state. */
  itemCount: number;
  /** This producer may edit it (own, or an admin; never the channel's playlists). */
  editable: boolean;
}

/** A studio item: what the producer needs to see to order it. */
export interface StudioCollectionItem {
  id: string;
  title: string;
  origin: string;
  /** Viewers see it in the collection (published, not hidden, playable). */
  visible: boolean;
  posterUrl: string | null;
}

/** The watch page's "next in <collection>". */
export interface NextInCollection {
  collection: { id: string; title: string; i18n: VideoI18n };
  next: { id: string; title: string; i18n: VideoI18n } | null;
  /** 1-based place of the current video among the visible items, and how many there are. */
  position: number;
  count: number;
}

export interface CollectionInput {
  title: string;
  description?: string;
  i18n?: VideoI18n;
}

export interface CollectionsDeps {
  collections: CollectionsRepository;
  videos: VideosRepository;
}

export class CollectionsService {
  constructor(private readonly efir: CollectionsDeps) {}

  // ------------------------------------------------------------ viewers

  async listPublic(): Promise<CollectionView[]> {
    return (await this.efir.collections.listWithCounts({ kind: 'public' })).map(publicView);
  }

  /** One collection and its visible videos in order; null when viewers cannot browse it. */
  async getPublic(id: string): Promise<{ collection: CollectionView; items: LibraryItem[] } | null> {
    const c = await this.efir.collections.get(id);
    if (!c || c.hiddenAt) return null;
    const items = await this.efir.collections.items(id, true);
    if (!items.length) return null;
    return { collection: publicView({ ...c, visibleCount: items.length, itemCount: items.length, coverVideo: items[0]! }), items: items.map(libraryItem) };
  }

  /**
   * The collection a watch page was opened from (`collectionId`, if it holds the video), else the
   * first that holds it, and the visible video after this one there. null when none applies.
   */
  async nextFor(videoId: string, collectionId?: string | null): Promise<NextInCollection | null> {
    let candidates: Collection[] = await this.efir.collections.publicCollectionsOf(videoId);
    if (collectionId) {
      const named = candidates.filter((c) => c.id === collectionId);
      if (named.length) candidates = named;
    }
    for (const c of candidates) {
      const items = await this.efir.collections.items(c.id, true);
      const i = items.findIndex((v) => v.id === videoId);
      if (i < 0) continue;
      const next = items[i + 1] ?? null;
      return {
        collection: { id: c.id, title: c.title, i18n: c.i18n },
        next: next ? { id: next.id, title: next.title, i18n: next.i18n } : null,
        position: i + 1,
        count: items.length
      };
    }
    return null;
  }

  // ------------------------------------------------------------ producers

  async listForStudio(user: User): Promise<StudioCollectionView[]> {
    requireProducer(user);
    const rows = await this.efir.collections.listWithCounts({ kind: 'studio', ownerId: user.role === 'admin' ? null : user.id });
    return rows.map((c) => studioView(user, c));
  }

  /** A collection and every item, for its studio page: the producer's own, any for admins, and the channel's playlists (read-only). */
  async getForStudio(user: User, id: string): Promise<{ collection: StudioCollectionView; items: StudioCollectionItem[] }> {
    requireProducer(user);
    const c = await this.efir.collections.get(id);
    if (!c || !(c.youtubePlaylistId || mayEdit(user, c))) throw notFound(id);
    const items = await this.efir.collections.items(id, false);
    const visible = items.filter(isVisible);
    return {
      collection: studioView(user, { ...c, visibleCount: visible.length, itemCount: items.length, coverVideo: visible[0] ?? null }),
      items: items.map((v) => ({ id: v.id, title: v.title, origin: v.origin, visible: isVisible(v), posterUrl: posterUrlOf(v) }))
    };
  }

  async create(user: User, input: CollectionInput): Promise<StudioCollectionView> {
    requireProducer(user);
    const c = await this.efir.collections.create(user.id, cleanFields(input));
    return studioView(user, { ...c, visibleCount: 0, itemCount: 0, coverVideo: null });
  }

  async update(user: User, id: string, input: CollectionInput): Promise<void> {
    await this.editable(user, id);
    await this.efir.collections.update(id, cleanFields(input));
  }

  async delete(user: User, id: string): Promise<void> {
    await this.editable(user, id);
    await this.efir.collections.delete(id);
  }

  /**
   * Adds a video at the end: any the library shows (uploads, replays, mirrored videos), or one the
   * producer manages (to prepare a series before publishing). Anything else is "no such video".
   */
  async addVideo(user: User, id: string, videoId: string): Promise<void> {
    await this.editable(user, id);
    const v = await this.efir.videos.get(videoId);
    // A draft of one's own may go in before it is published; a video the mirror hid (private or gone
    // on YouTube) may not, although every producer manages the channel's videos.
    if (!v || !(isVisible(v) || (canManage(user, v) && !v.hiddenAt))) throw new EfirError('not_found', `No video ${videoId} to add`, { field: 'videoId' });
    await this.efir.collections.addItem(id, videoId);
  }

  /** Removing one that is not (or no longer) in it is no error: a second click, another tab. */
  async removeVideo(user: User, id: string, videoId: string): Promise<void> {
    await this.editable(user, id);
    await this.efir.collections.removeItem(id, videoId);
  }

  /** One place up or down; at an end it stays (nothing to refuse). */
  async moveVideo(user: User, id: string, videoId: string, direction: 'up' | 'down'): Promise<void> {
    await this.editable(user, id);
    await this.efir.collections.moveItem(id, videoId, direction === 'up' ? -1 : 1);
  }

  /** Videos to offer for adding: the library's and the producer's own (admins: all), by title. */
  async candidates(user: User, q: string): Promise<StudioCollectionItem[]> {
    requireProducer(user);
    const rows = await this.efir.videos.listForCollection({ ownerId: user.id, all: user.role === 'admin', q: q.trim().slice(0, 100), limit: 50 });
    return rows.map((v: Video) => ({ id: v.id, title: v.title, origin: v.origin, visible: isVisible(v), posterUrl: posterUrlOf(v) }));
  }

  private async editable(user: User, id: string): Promise<Collection> {
    requireProducer(user);
    const c = await this.efir.collections.get(id);
    if (!c || !(c.youtubePlaylistId || mayEdit(user, c))) throw notFound(id);
    if (c.youtubePlaylistId) {
      throw new EfirError('invalid_state', `"${c.title}" is the channel's YouTube playlist: the sync keeps its videos and texts; change it on YouTube`);
    }
    return c;
  }
}

function requireProducer(user: User): void {
  if (!hasRole(user, 'producer')) throw new EfirError('forbidden', 'Only producers and admins manage collections');
}

function mayEdit(user: User, c: Collection): boolean {
  return !c.youtubePlaylistId && (user.role === 'admin' || (c.ownerId !== null && c.ownerId === user.id));
}

function notFound(id: string): EfirError {
  return new EfirError('not_found', `No collection ${id}`);
}

function publicView(c: CollectionWithCounts): CollectionView {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    i18n: c.i18n,
    fromYoutube: c.youtubePlaylistId !== null,
    count: c.visibleCount,
    posterUrl: c.coverVideo ? posterUrlOf(c.coverVideo) : null,
    updatedAt: c.updatedAt.toISOString()
  };
}

function studioView(user: User, c: CollectionWithCounts): StudioCollectionView {
  return { ...publicView(c), ownerId: c.ownerId, itemCount: c.itemCount, editable: mayEdit(user, c) };
}

/** Title (Russian, required) and description, and the five translations; empty translations dropped. */
function cleanFields(input: CollectionInput): CollectionFields {
  const title = cleanName(input.title ?? '');
  if (!title) throw new EfirError('invalid_field', 'title: must not be empty', { field: 'title', params: { rule: 'required' } });
  if (title.length > TITLE_MAX) throw new EfirError('invalid_field', `title: at most ${TITLE_MAX} characters`, { field: 'title', params: { rule: 'too_long', max: TITLE_MAX } });
  const description = cleanText(input.description ?? '');
  if (description.length > DESCRIPTION_MAX) {
    throw new EfirError('invalid_field', `description: at most ${DESCRIPTION_MAX} characters`, { field: 'description', params: { rule: 'too_long', max: DESCRIPTION_MAX } });
  }
  const i18n: VideoI18n = {};
  for (const [lang, t] of Object.entries(input.i18n ?? {})) {
    if (!(TRANSLATIONS as readonly string[]).includes(lang)) {
      throw new EfirError('invalid_field', `i18n.${lang}: not one of ${TRANSLATIONS.join(', ')}`, { field: `i18n.${lang}` });
    }
    const tt = cleanName(t?.title ?? '');
    const td = cleanText(t?.description ?? '');
    if (tt.length > TITLE_MAX) throw new EfirError('invalid_field', `i18n.${lang}.title: at most ${TITLE_MAX} characters`, { field: `i18n.${lang}.title`, params: { rule: 'too_long', max: TITLE_MAX } });
    if (td.length > DESCRIPTION_MAX) {
      throw new EfirError('invalid_field', `i18n.${lang}.description: at most ${DESCRIPTION_MAX} characters`, { field: `i18n.${lang}.description`, params: { rule: 'too_long', max: DESCRIPTION_MAX } });
    }
    if (tt || td) i18n[lang] = { ...(tt ? { title: tt } : {}), ...(td ? { description: td } : {}) };
  }
  return { title, description, i18n };
}
