/**
 * A replay's chapters (the questions answered on air) for the player: a WebVTT chapters track for
 * video.js's Chapters menu, tick marks on the progress bar, the chapter playing now. Pure, so it is
 * unit-tested (test/unit/web/player-chapters.test.ts).
 */
import { formatDuration } from '../format.ts';

export interface Chapter {
  /** Seconds from the start of the video. */
  start: number;
  title: string;
}

/** Valid chapters (finite, non-negative start, some title), in time order, one per start time. */
export function cleanChapters(chapters: readonly Chapter[]): Chapter[] {
  const seen = new Set<number>();
  return chapters
    .filter((c) => Number.isFinite(c.start) && c.start >= 0 && typeof c.title === 'string' && c.title.trim() !== '')
    .map((c) => ({ start: c.start, title: c.title.replace(/\s+/g, ' ').trim() }))
    .sort((a, b) => a.start - b.start)
    .filter((c) => (seen.has(c.start) ? false : (seen.add(c.start), true)));
}

/** 3725.5 → "01:02:05.500" (WebVTT timestamps always carry hours here). */
export function vttTime(seconds: number): string {
  const ms = Math.round(Math.max(0, seconds) * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * The chapters as a WebVTT file: each chapter lasts until the next one starts, the last until the
 * end (`duration`, or a day when it is not known yet). Titles are one line and cannot end a cue
 * early ("-->" is written as "→"); video.js shows them as text (menu items use textContent).
 */
export function chaptersVtt(chapters: readonly Chapter[], duration?: number | null): string {
  const list = cleanChapters(chapters);
  const end = duration && Number.isFinite(duration) ? duration : 86_400;
  const cues = list.map((c, i) => {
    const to = Math.max(c.start + 0.001, i + 1 < list.length ? list[i + 1].start : Math.max(end, c.start + 1));
    return `${i + 1}\n${vttTime(c.start)} --> ${vttTime(to)}\n${c.title.replace(/-->/g, '→')}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

export interface ChapterMarker {
  /** Percent of the progress bar from the left. */
  left: number;
  title: string;
  start: number;
  /** "1:05 Title", for the tooltip and the label. */
  label: string;
}

/** Tick marks for the progress bar; none at 0 (the bar's own start) or past the end. */
export function chapterMarkers(chapters: readonly Chapter[], duration: number): ChapterMarker[] {
  if (!Number.isFinite(duration) || duration <= 0) return [];
  return cleanChapters(chapters)
    .filter((c) => c.start > 0 && c.start < duration)
    .map((c) => ({ left: (c.start / duration) * 100, title: c.title, start: c.start, label: `${formatDuration(c.start)} ${c.title}` }));
}

/** Index of the chapter playing at `time`, or -1 before the first. `chapters` in time order. */
export function chapterAt(chapters: readonly Chapter[], time: number): number {
  let found = -1;
  for (let i = 0; i < chapters.length; i++) {
    if (chapters[i].start <= time) found = i;
    else break;
  }
  return found;
}
