import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Resolves true once every variant's playlist lists a full segment (then players can start): the
 * MPEG-TS playlists of ffmpeg's hls muxer and the LL-HLS ones alike (#EXTINF).
 */
export async function watchReady(outDir: string, rungs: string[], signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (!signal.aborted && Date.now() < deadline) {
    const texts = await Promise.all(rungs.map((r) => fs.readFile(path.join(outDir, r, 'index.m3u8'), 'utf8').catch(() => '')));
    if (texts.every((t) => t.includes('#EXTINF'))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
