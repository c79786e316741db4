/**
 * A title suggested from an uploaded file's name, which the producer may change: the extension and
 * any folder dropped, underscores, dashes and runs of dots read as spaces (cameras and phones name
 * files "urok_patent-2025.mp4"), spaces collapsed, the first letter capitalised, at most 200
 * characters. Pure; unit-tested in test/unit/web/file-title.test.ts.
 */
const TITLE_MAX = 200;

export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // The extension: a final dot and 1–5 letters or digits ("clip.mp4", "a.m2ts"), not "v1.5 final".
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const spaced = stem
    .replace(/[_]+/g, ' ')
    // A dash between words is a separator; one between digits (2025-03-01) too: names hold no ranges.
    .replace(/[-‐–—]+/g, ' ')
    .replace(/\.{2,}|\.(?=\s)|(?<=\s)\./g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...spaced];
  const title = chars.slice(0, TITLE_MAX).join('').trim();
  return title ? title[0]!.toLocaleUpperCase() + title.slice(1) : '';
}
