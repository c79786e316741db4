// Chapters of a broadcast's replay, from the questions answered during it: each answer becomes a
// chapter starting where the replay shows that moment, so viewers can jump to the question they
// care about. The WebVTT goes to video.js as a `kind="chapters"` text track. Pure.
//
// The replay is the recorded parts played back to back: a publisher that dropped and came back
// starts a new part, and the time between parts is not in the replay. Answers carry wall-clock
// times, so they are mapped through the parts.

import { formatVttTimestamp } from './subtitles/timestamps.js';

export interface RecordingPart {
  /** Wall-clock time the part's recording started. */
  startedAt: Date;
  /** Seconds recorded. */
  duration: number;
}

export interface Chapter {
  /** Seconds into the replay. */
  start: number;
  title: string;
}

/** Longest chapter title in characters, the ellipsis included: a menu line on a phone. */
export const MAX_CHAPTER_TITLE = 80;
/**
 * An answer given after the recording ended is put this many seconds before the end, so its
 * chapter still has some video and shows up in the menu.
 */
export const CHAPTER_END_MARGIN = 1;

/**
 * A title safe for a WebVTT cue and short enough for a menu: whitespace and line breaks collapsed
 * to one space (an empty line would end the cue), '-->' removed (it would end the cue's text as a
 * timing line), trimmed, and cut to MAX_CHAPTER_TITLE characters with '…'.
 */
export function cleanChapterTitle(title: string): string {
  let text = title.normalize('NFC');
  // Repeated, because removing one can join its neighbours into another: '---->>' -> '-->'.
  while (text.includes('-->')) text = text.split('-->').join('');
  text = text.replace(/\s+/g, ' ').trim();
  // By code points, so an emoji or a surrogate pair is never cut in half.
  const chars = Array.from(text);
  if (chars.length <= MAX_CHAPTER_TITLE) return text;
  return `${chars.slice(0, MAX_CHAPTER_TITLE - 1).join('').trimEnd()}…`;
}

/** Seconds into the replay that show the wall-clock moment `at`. */
export function replayTime(at: Date, parts: RecordingPart[]): number {
  const t = at.getTime();
  let offset = 0;
  for (const part of parts) {
    const start = part.startedAt.getTime();
    // Before this part: either before the recording (the first part) or in the gap after the
    // previous part, which the replay skips, so the chapter starts where recording resumed.
    if (t < start) return offset;
    const into = (t - start) / 1000;
    if (into < part.duration) return offset + into;
    offset += part.duration;
  }
  return Math.max(0, offset - CHAPTER_END_MARGIN);
}

/**
 * Chapters for the answers, sorted by start. Answers with an invalid date or an empty title are
 * left out; of answers that land in the same second of the replay only the first is kept, as two
 * chapters one second apart are one menu entry too many.
 */
export function chaptersFromAnswers(answers: { answeredAt: Date; title: string }[], parts: RecordingPart[]): Chapter[] {
  const mapped = answers
    .filter((a) => Number.isFinite(a.answeredAt.getTime()))
    .map((a) => ({ start: replayTime(a.answeredAt, parts), title: cleanChapterTitle(a.title) }))
    .filter((c) => c.title !== '');
  // Array.prototype.sort is stable: answers at the same time keep their order.
  mapped.sort((a, b) => a.start - b.start);
  const chapters: Chapter[] = [];
  for (const c of mapped) {
    const last = chapters[chapters.length - 1];
    if (last && Math.floor(last.start) === Math.floor(c.start)) continue;
    chapters.push(c);
  }
  return chapters;
}

/**
 * The title a replay's opening chapter is stored with (videos.chapters), in Russian as the replays
 * made before it was translated. It is a marker, not the words viewers read: pages show it in the
 * viewer's language (localOpening).
 */
export const OPENING_CHAPTER = 'Начало';

/** The chapters with the stored opening (a chapter at 0 titled OPENING_CHAPTER) titled `title`. */
export function localOpening<C extends Chapter>(chapters: readonly C[], title: string): C[] {
  return chapters.map((c, i) => (i === 0 && Math.floor(c.start) === 0 && c.title === OPENING_CHAPTER ? { ...c, title } : c));
}

/**
 * Prepends an opening chapter at 0 when the first chapter starts a second or more in (or there is
 * none), so the chapter menu also covers the beginning of the replay.
 */
export function withOpening(chapters: Chapter[], openingTitle: string): Chapter[] {
  if (chapters.length > 0 && Math.floor(chapters[0].start) === 0) return chapters;
  return [{ start: 0, title: cleanChapterTitle(openingTitle) }, ...chapters];
}

/**
 * WebVTT for a chapters track: one cue per chapter, from its start to the next chapter's start
 * (the last one to the end of the replay). Cues that would be empty (a chapter at or past the end)
 * are left out. Titles are not entity-escaped: video.js shows a chapter cue's text as plain text.
 */
export function chaptersVtt(chapters: Chapter[], totalDuration: number): string {
  if (!Number.isFinite(totalDuration)) throw new Error(`chaptersVtt: duration must be finite, got ${totalDuration}`);
  const sorted = [...chapters].sort((a, b) => a.start - b.start);
  const endMs = Math.round(totalDuration * 1000);
  const cues: string[] = [];
  sorted.forEach((chapter, i) => {
    const next = sorted[i + 1];
    // Compared in whole milliseconds, as written: a cue shorter than that would read start == end.
    const startMs = Math.round(Math.max(0, chapter.start) * 1000);
    const stopMs = Math.min(endMs, next ? Math.round(next.start * 1000) : endMs);
    if (stopMs <= startMs) return;
    cues.push(
      `chapter-${cues.length + 1}\n` +
        `${formatVttTimestamp(startMs / 1000)} --> ${formatVttTimestamp(stopMs / 1000)}\n` +
        cleanChapterTitle(chapter.title)
    );
  });
  return cues.length === 0 ? 'WEBVTT\n' : `WEBVTT\n\n${cues.join('\n\n')}\n`;
}
