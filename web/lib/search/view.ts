/**
 * What the search pages make of a SearchHit (server/search/types.ts), pure so the server's HTML and
 * the hydrated page agree and a unit test can read it: the matched text cut into plain and <mark>ed
 * pieces, where in the video the text was found, and the links of the result pages.
 */
import { formatDuration } from '../format.ts';
import type { Translator } from '../i18n/index.ts';

export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * `text` cut at the [from, to) ranges of `marks`: ranges out of order, overlapping, touching, empty
 * or past the end are put in order, merged, dropped or cut to the text (the server computes them on
 * text the page did not write; a bad range must not lose words or throw while the page renders).
 */
export function markSegments(text: string, marks: readonly (readonly [number, number])[] | null | undefined): Segment[] {
  const ranges = (marks ?? [])
    .map(([a, b]) => [Math.max(0, Math.floor(a)), Math.min(text.length, Math.floor(b))] as [number, number])
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > a)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) out.push({ text: text.slice(at, a), mark: false });
    out.push({ text: text.slice(a, b), mark: true });
    at = b;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** Where a hit's text was found, in the page's language: "Said at 1:05", "In the title"… */
export function hitPlace(tr: Translator, hit: { kind: 'title' | 'description' | 'cue' | 'question'; start: number | null }): string {
  switch (hit.kind) {
    case 'title':
      return tr.t('search.in_title');
    case 'description':
      return tr.t('search.in_description');
    case 'cue':
      return tr.t('search.said_at', { time: formatDuration(hit.start ?? 0) });
    case 'question':
      return tr.t('search.question_at', { time: formatDuration(hit.start ?? 0) });
  }
}

/**
 * A page of the results: the URL shown with its `page` set (dropped for the first), everything else
 * (the query, a shared link's ?lang=) kept, so the URL stays the one to share.
 */
export function resultsHref(url: Pick<URL, 'pathname' | 'search'>, page: number): string {
  const params = new URLSearchParams(url.search);
  if (page <= 1) params.delete('page');
  else params.set('page', String(page));
  const query = params.toString();
  return url.pathname + (query ? `?${query}` : '');
}
