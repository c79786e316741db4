/**
 * A whole processing run through real Redis, a real media worker and ffmpeg: a 6 s 640x360 clip with
 * the six subtitle fixtures → a published revision; then a subtitle-only run replacing one language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cuesFromWebVtt, parseSubtitles } from '../../../media/subtitles/index.ts';
import type { RunEvent } from '../../../server/pipeline/index.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { AUDIO_ONLY_STREAMS, probeAudioOnly } from '../../helpers/audio-only.ts';
import {
  FIXTURES,
  FIXTURES_DIR,
  attachAllFixtures,
  attachSubtitle,
  insertVideo,
  inode,
  makeClip,
  parseM3u8,
  segmentEnds,
  sourceDir,
  videoRow,
  videoStartPts,
  type Manifest
} from './helpers.ts';

const SECONDS = 6;
const NAMES: Record<string, string> = {
  ru: 'Русский',
  uz: 'O\u02BBzbekcha',
  tg: 'Тоҷикӣ',
  az: 'Azərbaycanca',
  ro: 'Română',
  en: 'English'
};

let t: TestEfir;
let videoId: string;
let rev: number;
let revDir: string;
let master: Manifest;
const events: RunEvent[] = [];

beforeAll(async () => {
  t = await startTestEfir({ http: false });
  t.efir.pipeline.onEvent((e) => {
    events.push(e);
    // Mid-run (ladder and subtitles started): the video must not be in the library or on disk under media/.
    if (e.videoId === videoId && e.state === 'active' && (e.step === 'ladder' || e.step === 'subtitles') && e.progress === progressAtStart(e)) {
      visibleMidRun.push(visibleNow(videoId));
    }
  });
  const source = await makeClip(path.join(t.dataDir, 'clip.mp4'), { seconds: SECONDS, width: 640, height: 360 });
  videoId = await insertVideo(t.efir, { sourcePath: source, sourceName: 'clip.mp4', duration: SECONDS });
  // Where an upload puts it, so the paths look like production's.
  const stored = path.join(sourceDir(t.dataDir, videoId), 'source.mp4');
  fs.mkdirSync(path.dirname(stored), { recursive: true });
  fs.renameSync(source, stored);
  await t.efir.db.query('update videos set source_path = $2 where id = $1', [videoId, stored]);
  await attachAllFixtures(t.efir, t.dataDir, videoId);

  const started = await t.efir.pipeline.startFullRun(videoId);
  rev = started.rev;
  const outcome = await t.efir.pipeline.waitForRun(started.runId, 90_000);
  expect(outcome).toEqual({ state: 'completed', error: null });
  // waitForRun polls the database, which is written before the completed event is emitted.
  await vi.waitFor(() => expect(events.some((e) => e.runId === started.runId && e.state === 'completed')).toBe(true), { timeout: 5_000, interval: 20 });
  revDir = path.join(t.dataDir, 'media', videoId, String(rev));
  master = parseM3u8(path.join(revDir, 'master.m3u8'));
});

const visibleMidRun: Promise<boolean>[] = [];
const progressAtStart = (e: RunEvent) => events.find((x) => x.runId === e.runId && x.step === e.step)!.progress;

async function visibleNow(id: string): Promise<boolean> {
  const library = await t.efir.library.listLibrary({ limit: 100 });
  return library.items.some((i) => i.id === id) || fs.existsSync(path.join(t.dataDir, 'media', id));
}

afterAll(async () => {
  await t?.close();
});

describe('full run', () => {
  it('publishes the revision atomically: video ready, current, published, staging gone', async () => {
    const v = await videoRow(t.efir, videoId);
    expect(v.state).toBe('ready');
    expect(v.error).toBeNull();
    expect(v.current_rev).toBe(rev);
    expect(v.published_at).not.toBeNull(); // auto_publish
    expect(v.width).toBe(640);
    expect(v.height).toBe(360);
    expect(v.duration).toBeCloseTo(SECONDS, 0);
    expect(v.ladder).toMatchObject({ variantUris: { '360p': 'video/360p/index.m3u8', '240p': 'video/240p/index.m3u8' }, audioUri: 'audio/index.m3u8' });
    expect(fs.existsSync(path.join(t.dataDir, 'work', videoId))).toBe(false);
    const [run] = await t.efir.db.query<{ state: string; progress: number; finished_at: Date | null }>(
      'select * from processing_runs where video_id = $1',
      [videoId]
    );
    expect(run).toMatchObject({ state: 'completed', progress: 1 });
    expect(run.finished_at).not.toBeNull();
  });

  it('showed nothing of the video before publish, and shows it after', async () => {
    expect(await Promise.all(visibleMidRun)).toEqual([false, false]);
    expect(await visibleNow(videoId)).toBe(true);
  });

  it('reported progress step by step, rising, ending completed', () => {
    const mine = events.filter((e) => e.videoId === videoId);
    expect(mine[0]).toMatchObject({ state: 'queued', progress: 0 });
    expect(mine.at(-1)).toMatchObject({ state: 'completed', progress: 1, step: 'join' });
    const steps = [...new Set(mine.map((e) => e.step).filter(Boolean))];
    // Published at 360p after the first pass; grow made 240p, join added it to the revision.
    expect(steps).toEqual(['probe', 'ladder', 'subtitles', 'thumbnails', 'publish', 'grow', 'join']);
    const progress = mine.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('has renditions no larger than the source, each a complete playlist', () => {
    const sizes = master.playlists!.filter((p) => p.uri.startsWith('video/')).map((p) => p.attributes.RESOLUTION!);
    expect(sizes).toEqual([
      { width: 640, height: 360 },
      { width: 426, height: 240 }
    ]);
    for (const p of master.playlists!) expect(fs.existsSync(path.join(revDir, p.uri))).toBe(true);
  });

  it('cuts video segments of segmentDuration (except the last) covering the clip', () => {
    for (const p of master.playlists!) {
      const media = parseM3u8(path.join(revDir, p.uri));
      const durations = media.segments!.map((s) => s.duration);
      expect(durations.length).toBe(Math.ceil(SECONDS / 4));
      for (const d of durations.slice(0, -1)) expect(d).toBeCloseTo(4, 1);
      expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(SECONDS, 0);
      expect(media.endList).toBe(true);
    }
  });

  it('lists the audio-only rendition after the video rungs: mono AAC-LC, no picture, as long as the video, cut with it', async () => {
    const text = fs.readFileSync(path.join(revDir, 'master.m3u8'), 'utf8');
    expect(text.endsWith('#EXT-X-STREAM-INF:BANDWIDTH=60000,CODECS="mp4a.40.2"\naudio/index.m3u8\n')).toBe(true);
    expect(master.playlists!.map((p) => p.uri)).toEqual(['video/360p/index.m3u8', 'video/240p/index.m3u8', 'audio/index.m3u8']);
    expect(master.playlists!.at(-1)!.attributes.RESOLUTION).toBeUndefined();

    const playlist = path.join(revDir, 'audio', 'index.m3u8');
    const audio = await probeAudioOnly(playlist);
    expect(audio.streams).toEqual(AUDIO_ONLY_STREAMS);
    expect(audio.seconds).toBeGreaterThan(SECONDS - 0.1);
    expect(audio.seconds).toBeLessThan(SECONDS + 0.1);

    // Segment boundaries within one AAC frame (1024 / 48000 s) of the video's, so a switch between
    // listening and watching lands on the same segment; the end differs by the last frames of
    // sound past the last picture (the video's last #EXTINF counts frames of picture only).
    const audioMedia = parseM3u8(playlist);
    const videoEnds = segmentEnds(parseM3u8(path.join(revDir, 'video', '240p', 'index.m3u8')));
    const audioEnds = segmentEnds(audioMedia);
    expect(audioEnds).toHaveLength(videoEnds.length);
    audioEnds.slice(0, -1).forEach((end, i) => expect(Math.abs(end - videoEnds[i])).toBeLessThanOrEqual(1024 / 48000 + 1e-3));
    expect(Math.abs(audioEnds.at(-1)! - videoEnds.at(-1)!)).toBeLessThan(0.1);
    expect(audioMedia.endList).toBe(true);

    // Every segment holds sound alone, and none runs above the BANDWIDTH the master promises.
    for (const seg of audioMedia.segments!) {
      const file = path.join(revDir, 'audio', seg.uri);
      expect((await probeAudioOnly(file)).streams.map((s) => s.codec_type)).toEqual(['audio']);
      expect((fs.statSync(file).size * 8) / seg.duration).toBeLessThanOrEqual(master.playlists!.at(-1)!.attributes.BANDWIDTH!);
    }
  });

  it('lists six subtitle renditions with language and own-language name, none default', () => {
    const group = master.mediaGroups!.SUBTITLES!.subs;
    expect(Object.keys(group)).toEqual(FIXTURES.map((f) => NAMES[f.lang]));
    for (const f of FIXTURES) {
      const track = group[NAMES[f.lang]];
      expect(track.language).toBe(f.lang);
      expect(track.default).toBe(false);
      expect(track.uri).toBe(`subs/${f.lang}.m3u8`);
    }
    expect(Object.keys(group)).toContain('Oʻzbekcha');
    expect(Object.keys(group)).toContain('Тоҷикӣ');
  });

  it('segments subtitles like the video', () => {
    for (const f of FIXTURES) {
      const media = parseM3u8(path.join(revDir, 'subs', `${f.lang}.m3u8`));
      expect(media.segments!.map((s) => s.uri)).toEqual([`${f.lang}/seg0.vtt`, `${f.lang}/seg1.vtt`]);
      expect(media.segments![0].duration).toBeCloseTo(4, 3);
      expect(media.segments![1].duration).toBeCloseTo(SECONDS - 4, 1);
      for (const s of media.segments!) expect(fs.existsSync(path.join(revDir, 'subs', s.uri))).toBe(true);
    }
  });

  it('keeps every cue text exactly as the producer wrote it', () => {
    for (const f of FIXTURES) {
      const oracle = parseSubtitles(fs.readFileSync(path.join(FIXTURES_DIR, f.file)), f.file).cues;
      const published = cuesFromWebVtt(fs.readFileSync(path.join(revDir, 'subs', `${f.lang}.vtt`), 'utf8'));
      expect(published.map((c) => c.text)).toEqual(oracle.map((c) => c.text));
      expect(published.map((c) => [c.start, c.end])).toEqual(oracle.map((c) => [c.start, c.end]));
      expect(published).toHaveLength(6);
    }
    const text = (lang: string) => fs.readFileSync(path.join(revDir, 'subs', `${lang}.vtt`), 'utf8');
    // Literal lines copied from the fixture files.
    expect(text('ru')).toContain('Здравствуйте! Сегодня расскажем, как получить патент на работу.');
    expect(text('uz')).toContain('Sizga pasport, migratsiya kartasi va tibbiy sugʻurta kerak boʻladi.');
    expect(text('tg')).toContain('Ҳуҷҷатҳоро дар давоми 30 рӯз пас аз ворид шудан ба Русия супоридан лозим.');
    expect(text('az')).toContain('Sualınız varsa, onları canlı efirdə verin. Biz cavab verəcəyik!');
    expect(text('ro')).toContain('Documentele trebuie depuse în termen de 30 de zile de la intrarea în Rusia.');
    expect(text('en')).toContain('Hello! Today we will explain how to get a work patent.');
    expect(text('uz').charCodeAt(0)).not.toBe(0xfeff); // the BOM is gone
    expect(text('ro')).not.toContain('\r');
  });

  it('maps WebVTT time to the first video segment’s PTS (X-TIMESTAMP-MAP)', async () => {
    const top = parseM3u8(path.join(revDir, master.playlists![0].uri));
    const firstTs = path.join(revDir, path.dirname(master.playlists![0].uri), top.segments![0].uri);
    const pts = await videoStartPts(firstTs);
    const seg0 = fs.readFileSync(path.join(revDir, 'subs', 'ru', 'seg0.vtt'), 'utf8');
    const m = /^X-TIMESTAMP-MAP=MPEGTS:(\d+),LOCAL:00:00:00\.000$/m.exec(seg0);
    expect(m).not.toBeNull();
    expect(Math.abs(Number(m![1]) - pts)).toBeLessThanOrEqual(90_000 / 30); // one frame
    expect(seg0).toContain('Здравствуйте!');
  });

  it('makes the poster and the seek-preview sprite', () => {
    for (const f of ['poster.jpg', 'sprite.jpg']) {
      const jpeg = fs.readFileSync(path.join(revDir, f));
      expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    }
    const vtt = fs.readFileSync(path.join(revDir, 'sprite.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('sprite.jpg#xywh=0,0,');
  });
});

describe('subtitle-only run', () => {
  it('replaces one language in a new revision that hard-links the video and thumbnails', async () => {
    const before = { video: fs.readdirSync(revDir).sort(), ru: fs.readFileSync(path.join(revDir, 'subs', 'ru.vtt'), 'utf8') };
    // A corrected Tajik file: same timing, one line changed.
    const corrected = path.join(t.dataDir, 'tg-fixed.vtt');
    const fixedLine = 'Салом! Имрӯз мегӯем, ки патенти кориро чӣ тавр гирифтан мумкин аст.';
    fs.writeFileSync(
      corrected,
      fs.readFileSync(path.join(FIXTURES_DIR, 'tg.vtt'), 'utf8').replace('Салом! Имрӯз мегӯем, ки чӣ тавр патенти корӣ гирифтан мумкин аст.', fixedLine)
    );
    await attachSubtitle(t.efir, t.dataDir, videoId, 'tg', corrected, 'tg-fixed.vtt');

    const started = await t.efir.pipeline.startSubtitleRun(videoId);
    expect(started).not.toBeNull();
    expect(started!.rev).toBe(rev + 1);
    expect(await t.efir.pipeline.waitForRun(started!.runId, 60_000)).toEqual({ state: 'completed', error: null });

    const v = await videoRow(t.efir, videoId);
    expect(v).toMatchObject({ state: 'ready', current_rev: rev + 1 });
    const newDir = path.join(t.dataDir, 'media', videoId, String(rev + 1));
    // The same files as before, not copies.
    for (const rel of ['video/360p/index.m3u8', 'video/240p/index.m3u8', 'audio/index.m3u8', 'audio/seg00000.ts', 'poster.jpg', 'sprite.jpg', 'sprite.vtt']) {
      expect(inode(path.join(newDir, rel)), rel).toBe(inode(path.join(revDir, rel)));
    }
    const segment = fs.readdirSync(path.join(revDir, 'video', '360p')).find((f) => f.endsWith('.ts'))!;
    expect(inode(path.join(newDir, 'video', '360p', segment))).toBe(inode(path.join(revDir, 'video', '360p', segment)));
    // Only the Tajik subtitles changed.
    expect(fs.readFileSync(path.join(newDir, 'subs', 'tg.vtt'), 'utf8')).toContain(fixedLine);
    expect(fs.readFileSync(path.join(newDir, 'subs', 'ru.vtt'), 'utf8')).toBe(before.ru);
    expect(fs.readdirSync(newDir).sort()).toEqual(before.video);
    const newMaster = parseM3u8(path.join(newDir, 'master.m3u8'));
    expect(Object.keys(newMaster.mediaGroups!.SUBTITLES!.subs)).toHaveLength(6);
    expect(newMaster.playlists!.map((p) => p.uri)).toEqual(master.playlists!.map((p) => p.uri));
    expect(newMaster.playlists!.at(-1)).toMatchObject({ uri: 'audio/index.m3u8', attributes: { CODECS: 'mp4a.40.2' } });
    // The old revision stays for players still reading it (grace period), until removed later.
    expect(fs.existsSync(revDir)).toBe(true);
  });

  it('is not started for a video that was never processed', async () => {
    const other = await insertVideo(t.efir, {
      sourcePath: path.join(revDir, 'poster.jpg'),
      sourceName: 'x.mp4',
      duration: 1
    });
    expect(await t.efir.pipeline.startSubtitleRun(other)).toBeNull();
  });
});
