/**
 * Pure mapping from Data API resources to what the mirror keeps, and the change hashes.
 *
 * A mirrored video keeps: title/description in the video's default language (snippet.title and
 * snippet.description are in it), its localizations in Efir's languages (i18n), duration, publish
 * date, privacy, the live state (liveBroadcastContent, scheduled/actual times), the best thumbnail's
 * URL (the poster is fetched from it once) and the channel. `hash` covers exactly those fields, so a
 * change YouTube makes anywhere else (view counts, tags, the resource's ETag) costs no database write,
 * and one to a kept field is always seen.
 */
import crypto from 'node:crypto';
import type { youtube_v3 } from '@googleapis/youtube';
import { SUBTITLE_LANGUAGES, type Lang } from '../../media/subtitles/languages.ts';


export type I18nText = Partial<Record<Lang, { title: string; description: string }>>;

/** The `youtube` jsonb of a mirrored video (migration 007). */
export interface VideoMirrorState {
  hash: string;
  /** hash of what the uploads playlist's item shows (title, description, thumbnail, privacy): a cheap change signal between full passes */
  itemHash?: string;
  etag: string | null;
  privacyStatus: string;
  liveBroadcastContent: 'none' | 'upcoming' | 'live';
  scheduledStartTime: string | null;
  actualStartTime: string | null;
  actualEndTime: string | null;
  thumbnailUrl: string | null;
  channelId: string | null;
}

export interface MirroredVideo {
  youtubeId: string;
  title: string;
  description: string;
  i18n: I18nText;
  /** seconds; null for an upcoming broadcast (P0D) */
  duration: number | null;
  publishedAt: string | null;
  youtube: VideoMirrorState;
}

export interface MirroredPlaylist {
  playlistId: string;
  title: string;
  description: string;
  i18n: I18nText;
  itemCount: number | null;
  youtube: { hash: string; etag: string | null; privacyStatus: string };
}

/**
 * A YouTube language code (uz, en-US, ru-RU, az-Latn-AZ, mo…) → Efir's language by its primary
 * subtag, or null; the localizations and the caption tracks both go through it.
 */
export function efirLang(code: string | null | undefined): Lang | null {
  if (!code) return null;
  const primary = code.trim().toLowerCase().split(/[-_]/)[0]!;
  const lang = primary === 'mo' ? 'ro' : primary; // Moldovan's old code
  return (SUBTITLE_LANGUAGES as readonly string[]).includes(lang) ? (lang as Lang) : null;
}

/**
 * Localizations → i18n in Efir's languages. The default language's text is the title itself, so it
 * is left out; where two codes give one language (en, en-US) the bare code wins, else the first.
 */
export function mapLocalizations(localizations: Record<string, { title?: string | null; description?: string | null }> | null | undefined, defaultLanguage: string | null | undefined): I18nText {
  const out: I18nText = {};
  const exact = new Set<Lang>();
  const main = efirLang(defaultLanguage);
  for (const [code, text] of Object.entries(localizations ?? {})) {
    const lang = efirLang(code);
    if (!lang || lang === main || !text) continue;
    const isExact = code.toLowerCase() === lang;
    if (out[lang] && (exact.has(lang) || !isExact)) continue;
    out[lang] = { title: (text.title ?? '').trim(), description: text.description ?? '' };
    if (isExact) exact.add(lang);
  }
  // a stable key order, so the hash does not depend on YouTube's
  return Object.fromEntries(SUBTITLE_LANGUAGES.filter((l) => out[l]).map((l) => [l, out[l]])) as I18nText;
}

/** ISO-8601 duration (PT1H2M3S, P1DT2H, P0D) → seconds; null when not one. */
export function parseDuration(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return null;
  const [, w, d, h, min, s] = m;
  return Number(w ?? 0) * 604800 + Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/** The largest thumbnail YouTube offers (maxres, standard, high, medium, default). */
export function bestThumbnail(thumbnails: youtube_v3.Schema$ThumbnailDetails | null | undefined): string | null {
  for (const size of ['maxres', 'standard', 'high', 'medium', 'default'] as const) {
    const url = thumbnails?.[size]?.url;
    if (url) return url;
  }
  return null;
}

/** sha256 of the canonical JSON, 16 hex digits: enough to tell two versions of one video apart. */
export function stableHash(value: unknown): string {
  return crypto.createHash('sha256').update(canonical(value)).digest('hex').slice(0, 16);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const liveState = (v: string | null | undefined): VideoMirrorState['liveBroadcastContent'] => (v === 'upcoming' || v === 'live' ? v : 'none');

/** videos.list item → what the mirror keeps; null when it lacks what a video must have (id, snippet). */
export function mapVideo(v: youtube_v3.Schema$Video): MirroredVideo | null {
  if (!v || typeof v.id !== 'string' || !v.snippet) return null;
  const s = v.snippet;
  const live = v.liveStreamingDetails ?? {};
  const kept = {
    title: (s.title ?? '').trim() || v.id,
    description: s.description ?? '',
    i18n: mapLocalizations(v.localizations as never, s.defaultLanguage),
    duration: parseDuration(v.contentDetails?.duration),
    publishedAt: s.publishedAt ?? null,
    privacyStatus: v.status?.privacyStatus ?? 'public',
    liveBroadcastContent: liveState(s.liveBroadcastContent),
    scheduledStartTime: live.scheduledStartTime ?? null,
    actualStartTime: live.actualStartTime ?? null,
    actualEndTime: live.actualEndTime ?? null,
    thumbnailUrl: bestThumbnail(s.thumbnails),
    channelId: s.channelId ?? null
  };
  return {
    youtubeId: v.id,
    title: kept.title,
    description: kept.description,
    i18n: kept.i18n,
    duration: kept.duration === 0 && kept.liveBroadcastContent !== 'none' ? null : kept.duration,
    publishedAt: kept.publishedAt,
    youtube: {
      hash: stableHash(kept),
      etag: v.etag ?? null,
      privacyStatus: kept.privacyStatus,
      liveBroadcastContent: kept.liveBroadcastContent,
      scheduledStartTime: kept.scheduledStartTime,
      actualStartTime: kept.actualStartTime,
      actualEndTime: kept.actualEndTime,
      thumbnailUrl: kept.thumbnailUrl,
      channelId: kept.channelId
    }
  };
}

/** What an uploads-playlist item says about its video. */
export interface UploadItem {
  videoId: string;
  /** public, unlisted, private, or privacyStatusUnspecified (a deleted video) */
  privacyStatus: string;
  itemHash: string;
}

/** playlistItems.list item → {videoId, privacy, itemHash}; null when it names no video. */
export function mapUploadItem(item: youtube_v3.Schema$PlaylistItem): UploadItem | null {
  const videoId = item?.contentDetails?.videoId ?? item?.snippet?.resourceId?.videoId;
  if (typeof videoId !== 'string' || !videoId) return null;
  const s = item.snippet ?? {};
  let privacyStatus = item.status?.privacyStatus ?? 'public';
  // Without the status part, YouTube's placeholders still tell a deleted or private video
  if (!item.status && s.title === 'Deleted video' && !item.contentDetails?.videoPublishedAt) privacyStatus = 'privacyStatusUnspecified';
  if (!item.status && s.title === 'Private video' && !item.contentDetails?.videoPublishedAt) privacyStatus = 'private';
  return {
    videoId,
    privacyStatus,
    itemHash: stableHash({ t: s.title ?? '', d: s.description ?? '', th: bestThumbnail(s.thumbnails), p: privacyStatus, at: item.contentDetails?.videoPublishedAt ?? null })
  };
}

/** playlists.list item → a collection; null when it has no id. */
export function mapPlaylist(p: youtube_v3.Schema$Playlist): MirroredPlaylist | null {
  if (!p || typeof p.id !== 'string' || !p.id) return null;
  const s = p.snippet ?? {};
  const kept = {
    title: (s.title ?? '').trim() || p.id,
    description: s.description ?? '',
    i18n: mapLocalizations(p.localizations as never, s.defaultLanguage),
    itemCount: p.contentDetails?.itemCount ?? null,
    privacyStatus: p.status?.privacyStatus ?? 'public'
  };
  return {
    playlistId: p.id,
    title: kept.title,
    description: kept.description,
    i18n: kept.i18n,
    itemCount: kept.itemCount,
    youtube: { hash: stableHash(kept), etag: p.etag ?? null, privacyStatus: kept.privacyStatus }
  };
}
