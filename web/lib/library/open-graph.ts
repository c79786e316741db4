/**
 * What a shared watch link shows in Telegram, WhatsApp, Facebook and X before anyone opens it: the
 * Open Graph and Twitter card tags, the page title and description, and the link's versions in the
 * other languages (pure, unit-tested in test/unit/web/open-graph.test.ts; rendered by the watch
 * page's <svelte:head>). Crawlers read only the server's HTML, send no cookie and run no script, so
 * everything here comes from the page data and the language of the request (`?lang=`).
 */
import { localizedText } from '../live/view.ts';
import { UI_LANGS, type UiLang } from '../i18n/index.ts';
import { shareUrl } from './share-url.ts';

/** Open Graph locales (language_TERRITORY). Romanian as ro_RO: Facebook's locale list has no ro_MD. */
export const OG_LOCALES: Record<UiLang, string> = {
  ru: 'ru_RU',
  uz: 'uz_UZ',
  tg: 'tg_TJ',
  az: 'az_AZ',
  ro: 'ro_RO',
  en: 'en_US'
};

/** Cards cut longer descriptions anyway (WhatsApp after about two lines); search snippets at ~160. */
export const OG_DESCRIPTION_MAX = 200;
export const META_DESCRIPTION_MAX = 160;
/** The most the thumbnails step makes (workers/steps/thumbnails.ts, POSTER_MAX_WIDTH). */
const POSTER_MAX_WIDTH = 1280;

export interface WatchMetaVideo {
  id: string;
  title: string;
  description: string;
  i18n?: Record<string, { title?: string; description?: string }> | null;
  /** Site-relative (/media/…) or absolute. */
  posterUrl: string | null;
  width: number | null;
  height: number | null;
  /** Efir's own revision (its poster is made from the video at a known size); null for the embed. */
  masterUrl: string | null;
}

export interface WatchMetaInput {
  /** config.publicUrl: every URL in a card must be absolute. */
  publicUrl: string;
  video: WatchMetaVideo;
  lang: UiLang;
  siteName: string;
  /** Said when the video has no description in any language (a card without one looks broken). */
  tagline: string;
}

export interface MetaTag {
  /** Open Graph uses property=, Twitter cards and the plain description name=. */
  attr: 'property' | 'name';
  key: string;
  content: string;
}

export interface WatchMeta {
  /** The document's <title>. */
  documentTitle: string;
  canonical: string;
  /** <link rel="alternate" hreflang>: each language's link, and x-default (the language is the viewer's). */
  alternates: { hreflang: string; href: string }[];
  tags: MetaTag[];
}

/** Whitespace (line breaks of a long description) collapsed, cut at a word boundary with an ellipsis. */
export function summarize(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Cut by code points, so a surrogate pair (an emoji) is never split.
  const cut = Array.from(flat).slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  const head = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s.,;:!?…—–-]+$/, '')}…`;
}

/** A site-relative URL made absolute against PUBLIC_URL; an absolute one is kept. */
export function absoluteUrl(publicUrl: string, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${publicUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/**
 * The poster's pixel size where it is known: Efir's own poster is the video scaled to at most 1280
 * wide, even (ffmpeg's `scale=W:-2`); a mirrored video's is YouTube's thumbnail, of no fixed size.
 */
export function posterSize(v: Pick<WatchMetaVideo, 'width' | 'height' | 'masterUrl'>): { width: number; height: number } | null {
  if (!v.masterUrl || !v.width || !v.height || v.width < 2 || v.height < 2) return null;
  const width = Math.min(POSTER_MAX_WIDTH, Math.floor(v.width / 2) * 2);
  const height = Math.round((width * v.height) / v.width / 2) * 2;
  return { width, height };
}

export function watchMeta({ publicUrl, video, lang, siteName, tagline }: WatchMetaInput): WatchMeta {
  const text = localizedText({ title: video.title, description: video.description, i18n: video.i18n ?? {} }, lang);
  const title = summarize(text.title, 300);
  const described = text.description.trim() ? text.description : tagline;
  const description = summarize(described, OG_DESCRIPTION_MAX);
  const canonical = shareUrl(publicUrl, video.id, { lang });
  const image = video.posterUrl ? absoluteUrl(publicUrl, video.posterUrl) : null;
  const size = image ? posterSize(video) : null;

  const tags: MetaTag[] = [];
  const og = (key: string, content: string) => tags.push({ attr: 'property', key: `og:${key}`, content });
  const tw = (key: string, content: string) => tags.push({ attr: 'name', key: `twitter:${key}`, content });
  tags.push({ attr: 'name', key: 'description', content: summarize(described, META_DESCRIPTION_MAX) });
  og('type', 'video.other');
  og('site_name', siteName);
  og('title', title);
  og('description', description);
  og('url', canonical);
  og('locale', OG_LOCALES[lang]);
  for (const other of UI_LANGS) if (other !== lang) og('locale:alternate', OG_LOCALES[other]);
  if (image) {
    og('image', image);
    if (image.startsWith('https:')) og('image:secure_url', image);
    if (/\.jpe?g$/i.test(image)) og('image:type', 'image/jpeg');
    if (size) {
      og('image:width', String(size.width));
      og('image:height', String(size.height));
    }
    og('image:alt', title);
  }
  tw('card', image ? 'summary_large_image' : 'summary');
  tw('title', title);
  tw('description', description);
  if (image) {
    tw('image', image);
    tw('image:alt', title);
  }

  return {
    documentTitle: `${title} — ${siteName}`,
    canonical,
    alternates: [
      ...UI_LANGS.map((l) => ({ hreflang: l, href: shareUrl(publicUrl, video.id, { lang: l }) })),
      { hreflang: 'x-default', href: shareUrl(publicUrl, video.id) }
    ],
    tags
  };
}
