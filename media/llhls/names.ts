// File names of one variant's LL-HLS output (the contract with server/live: docs/architecture.md).

const six = (n: number): string => String(n).padStart(6, '0');

export const segmentName = (msn: number): string => `seg${six(msn)}.m4s`;
export const partName = (msn: number, part: number): string => `part${six(msn)}.${part}.m4s`;
export const initName = (k: number): string => `init${k}.mp4`;
export const PLAYLIST_NAME = 'index.m3u8';

/** The k of init<k>.mp4, or null for another name. */
export function initIndexOf(uri: string): number | null {
  const m = /^init(\d+)\.mp4$/.exec(uri);
  return m ? Number(m[1]) : null;
}
