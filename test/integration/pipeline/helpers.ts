/**
 * What the pipeline tests share: clips made by ffmpeg, video and subtitle rows inserted with SQL
 * (uploads are tested elsewhere), the subtitle fixtures, and m3u8 / ffprobe readers.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Efir } from '../../../server/context.ts';
import { newId } from '../../../server/ids.ts';

const run = promisify(execFile);

// The repository's copy of the shared fixtures, so a fresh clone runs the tests as they are.
export const FIXTURES_DIR = fileURLToPath(new URL('../../unit/subtitles/fixtures/', import.meta.url));
/** The six fixture files, one per language, in the order the master playlist lists them. */
export const FIXTURES: { lang: string; file: string; format: string }[] = [
  { lang: 'ru', file: 'ru.srt', format: 'srt' },
  { lang: 'uz', file: 'uz.bom.srt', format: 'srt' },
  { lang: 'tg', file: 'tg.vtt', format: 'vtt' },
  { lang: 'az', file: 'az.ass', format: 'ass' },
  { lang: 'ro', file: 'ro.crlf.srt', format: 'srt' },
  { lang: 'en', file: 'en.srt', format: 'srt' }
];

export interface ClipOptions {
  seconds: number;
  width: number;
  height: number;
  fps?: number;
  video?: boolean;
  audio?: boolean;
  /** Index (moov) at the front, as web uploads usually have it. */
  faststart?: boolean;
}

/** A test clip from ffmpeg's lavfi sources (testsrc2 picture, sine tone). */
export async function makeClip(file: string, o: ClipOptions): Promise<string> {
  const fps = o.fps ?? 30;
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  if (o.video !== false) args.push('-f', 'lavfi', '-i', `testsrc2=size=${o.width}x${o.height}:rate=${fps}:duration=${o.seconds}`);
  if (o.audio !== false) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${o.seconds}`);
  if (o.video !== false) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (o.audio !== false) args.push('-c:a', 'aac', '-b:a', '64k');
  if (o.faststart) args.push('-movflags', '+faststart');
  args.push('-shortest', file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await run('ffmpeg', args);
  return file;
}

/** The first `fraction` of a file's bytes, as an upload cut off in the middle leaves it. */
export function truncatedCopy(from: string, to: string, fraction: number): string {
  const bytes = fs.readFileSync(from);
  fs.writeFileSync(to, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return to;
}

/** A video row as an upload leaves it: source in place, probed duration, nothing processed yet. */
export async function insertVideo(
  efir: Efir,
  o: { sourcePath: string; sourceName: string; duration: number; autoPublish?: boolean }
): Promise<string> {
  const id = newId();
  await efir.db.query(
    `insert into videos (id, title, state, source_name, source_path, source_size, duration, auto_publish)
     values ($1, $2, 'processing', $3, $4, $5, $6, $7)`,
    [id, `Test ${id}`, o.sourceName, o.sourcePath, fs.statSync(o.sourcePath).size, o.duration, o.autoPublish ?? true]
  );
  return id;
}

/** Where an upload stores a video's source: sources/<id>/source.<ext>. */
export function sourceDir(dataDir: string, videoId: string): string {
  return path.join(dataDir, 'sources', videoId);
}

/** Copies a fixture into sources/<id>/subtitles/ and upserts its row, as attaching a file does. */
export async function attachSubtitle(efir: Efir, dataDir: string, videoId: string, lang: string, from: string, fileName = path.basename(from)): Promise<string> {
  const dir = path.join(sourceDir(dataDir, videoId), 'subtitles');
  fs.mkdirSync(dir, { recursive: true });
  const stored = path.join(dir, `${lang}${path.extname(fileName)}`);
  fs.copyFileSync(from, stored);
  const format = path.extname(fileName).slice(1);
  await efir.db.query(
    `insert into video_subtitles (video_id, lang, file_name, format, encoding, cue_count, stored_path)
     values ($1, $2, $3, $4, 'utf-8', 6, $5)
     on conflict (video_id, lang) do update set file_name = excluded.file_name, format = excluded.format,
       stored_path = excluded.stored_path, updated_at = now()`,
    [videoId, lang, fileName, format, stored]
  );
  return stored;
}

export async function attachAllFixtures(efir: Efir, dataDir: string, videoId: string): Promise<void> {
  for (const f of FIXTURES) await attachSubtitle(efir, dataDir, videoId, f.lang, path.join(FIXTURES_DIR, f.file));
}

export interface VideoRow {
  state: string;
  error: string | null;
  current_rev: number | null;
  published_at: Date | null;
  duration: number | null;
  width: number | null;
  height: number | null;
  ladder: unknown;
}

export async function videoRow(efir: Efir, id: string): Promise<VideoRow> {
  const [row] = await efir.db.query<VideoRow>('select * from videos where id = $1', [id]);
  return row;
}

// m3u8-parser ships no types; this is the part of its manifest the tests read.
export interface Manifest {
  playlists?: { uri: string; attributes: { RESOLUTION?: { width: number; height: number }; BANDWIDTH?: number; CODECS?: string } }[];
  mediaGroups?: { SUBTITLES?: Record<string, Record<string, { language: string; default: boolean; autoselect: boolean; uri: string }>> };
  segments?: { uri: string; duration: number }[];
  targetDuration?: number;
  endList?: boolean;
}
const { Parser } = createRequire(import.meta.url)('m3u8-parser') as { Parser: new () => { push(s: string): void; end(): void; manifest: Manifest } };

export function parseM3u8(file: string): Manifest {
  const parser = new Parser();
  parser.push(fs.readFileSync(file, 'utf8'));
  parser.end();
  return parser.manifest;
}

/** start_pts of the video stream of a file, in 90 kHz ticks (what MPEG-TS carries). */
export async function videoStartPts(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=start_pts,time_base', '-of', 'json', file]);
  const s = JSON.parse(stdout).streams[0];
  const [num, den] = String(s.time_base).split('/').map(Number);
  return Math.round((Number(s.start_pts) * num * 90_000) / den);
}

/** Where each segment of a media playlist ends, in seconds from its start. */
export function segmentEnds(media: Manifest): number[] {
  let t = 0;
  return media.segments!.map((s) => (t += s.duration));
}

export function inode(file: string): number {
  return fs.statSync(file).ino;
}
