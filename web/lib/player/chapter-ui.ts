/**
 * Chapters in video.js: a `chapters` text track (from a Blob URL WebVTT, so video.js loads it like
 * any remote track and its Chapters menu button appears) and a tick on the progress bar at each
 * chapter's start, its title as tooltip. The ticks are placed once the duration is known.
 */
import { chapterMarkers, chaptersVtt, type Chapter } from './chapters.ts';
import { formatDuration } from '../format.ts';
import type { VjsPlayer } from './types.ts';

export interface ChapterLabels {
  /** The track's label (the menu's title). */
  label: string;
  lang: string;
  /** A tick's tooltip: time and title. */
  marker(time: string, title: string): string;
}

export function addChapters(player: VjsPlayer, chapters: readonly Chapter[], labels: ChapterLabels): () => void {
  const p = player as any;
  const url = URL.createObjectURL(new Blob([chaptersVtt(chapters, null)], { type: 'text/vtt' }));
  p.addRemoteTextTrack({ kind: 'chapters', label: labels.label, srclang: labels.lang, src: url, default: true }, true);

  const seekBar = p.getChild('ControlBar')?.getChild('ProgressControl')?.getChild('SeekBar');
  const holder = document.createElement('div');
  holder.className = 'efir-chapter-marks';
  // The slider speaks its own value; the chapters are in the Chapters menu and the list under the player.
  holder.setAttribute('aria-hidden', 'true');
  seekBar?.el().appendChild(holder);

  const place = () => {
    const duration = p.duration();
    holder.replaceChildren(
      ...chapterMarkers(chapters, duration).map((m) => {
        const tick = document.createElement('div');
        tick.className = 'efir-chapter-mark';
        tick.style.left = `${m.left}%`;
        tick.title = labels.marker(formatDuration(m.start), m.title);
        return tick;
      })
    );
  };
  p.on('durationchange', place);
  p.on('loadedmetadata', place);
  place();
  return () => {
    URL.revokeObjectURL(url);
    holder.remove();
  };
}
