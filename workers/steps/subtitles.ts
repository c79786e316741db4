/**
 * subtitles: each attached file → normalised WebVTT (whole, for download and burn-in) and an HLS
 * rendition segmented like the video: workDir/subs/<lang>.vtt, subs/<lang>.m3u8, subs/<lang>/segN.vtt.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  isLang,
  parseSubtitles,
  segmentWebVtt,
  SUBTITLE_LANGUAGES,
  subtitlePlaylist,
  toWebVtt
} from '../../media/subtitles/index.ts';
import { trackName } from '../../media/subtitles/machine-label.js';
import type { SubtitlesResult } from '../../jobs/queues.ts';
import { emptyDir } from '../../jobs/staging.ts';
import { checkDiskSpace, type StepContext } from './context.ts';

export async function subtitlesStep(ctx: StepContext): Promise<SubtitlesResult> {
  const { data, results, progress } = ctx;
  // A full run has just made the ladder; a subtitle-only run reuses the published one.
  const ladder = results.ladder ?? data.ladder;
  if (!ladder) throw new Error('subtitles: no ladder (neither from this run nor from the published revision)');
  const duration = results.probe?.duration ?? data.duration;
  const subsDir = path.join(data.workDir, 'subs');
  await checkDiskSpace(ctx);
  await emptyDir(subsDir);

  const inputs = [...data.subtitles].sort(
    (a, b) => SUBTITLE_LANGUAGES.indexOf(a.lang as never) - SUBTITLE_LANGUAGES.indexOf(b.lang as never)
  );
  const tracks: SubtitlesResult['tracks'] = [];
  for (const [i, input] of inputs.entries()) {
    if (!isLang(input.lang)) throw new Error(`subtitles: unsupported language ${JSON.stringify(input.lang)}`);
    const lang = input.lang;
    const parsed = parseSubtitles(await fs.readFile(input.storedPath), input.fileName);
    await fs.writeFile(path.join(subsDir, `${lang}.vtt`), toWebVtt(parsed.cues));

    const segments = segmentWebVtt(parsed.cues, ladder.plan.segmentDuration, duration, ladder.mpegtsOffset);
    await fs.mkdir(path.join(subsDir, lang));
    for (const s of segments) await fs.writeFile(path.join(subsDir, lang, s.name), s.body);
    // URIs relative to the playlist, which sits beside the <lang>/ folder.
    await fs.writeFile(
      path.join(subsDir, `${lang}.m3u8`),
      subtitlePlaylist(segments.map((s) => ({ name: `${lang}/${s.name}`, duration: s.duration })))
    );
    tracks.push({ lang, name: trackName(lang, input.machine === true), uri: `subs/${lang}.m3u8`, cueCount: parsed.cues.length, warnings: parsed.warnings });
    progress((i + 1) / inputs.length);
  }
  return { tracks };
}
