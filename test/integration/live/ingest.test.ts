/**
 * The live path end to end with real parts: ffmpeg publishes a lavfi test pattern with tone over
 * RTMP (as OBS would) to the ingest; the live worker transcodes it; the live HLS is served; a
 * publisher that drops and returns within the grace period continues the same broadcast; at the
 * end the recording becomes a replay with the answered questions as chapters.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { TestPublishers, until } from '../../helpers/rtmp-publisher.ts';
import { probeFile } from '../../../media/ffmpeg.ts';
import { tempDir } from '../../helpers/env.ts';
import { AUDIO_ONLY_STREAMS, probeAudioOnly } from '../../helpers/audio-only.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { User } from '../../../server/repositories/users.ts';
import type { Actor } from '../../../server/qa/service.ts';

let t: TestEfir;
let producer: User;
const publishers = new TestPublishers();
const publish = (url: string, seconds?: number) => publishers.publish(url, seconds);

beforeAll(async () => {
  // Today's MPEG-TS path (the LL-HLS one is ll-ingest.test.ts).
  t = await startTestEfir({ live: true, env: { INGEST_GRACE_SECONDS: '6', LIVE_LOW_LATENCY: 'false' } });
  producer = await t.efir.auth.createUser({ email: 'live-producer@example.test', displayName: 'Продюсер', role: 'producer', password: 'producer-password' });
}, 60_000);

afterAll(async () => {
  publishers.killAll();
  await t?.close();
});



const get = async (p: string) => fetch(new URL(p, t.baseUrl));

test('a wrong key is refused; a publish goes live with the ladder; a drop within the grace period continues; the end makes a replay with chapters', async () => {
  // Translated in four languages (en left to Russian): the replay speaks them all.
  const I18N = {
    uz: { title: 'Patent: savol-javob', description: 'Efir yozuvi' },
    tg: { title: 'Патент: савол ва ҷавоб' },
    az: { title: 'Patent: sual-cavab' },
    ro: { title: 'Patenta: întrebări și răspunsuri', description: 'Înregistrarea emisiunii' }
  };
  const b = await t.efir.live.createBroadcast(producer, {
    title: 'Патент: вопросы и ответы',
    description: 'Запись эфира',
    i18n: I18N,
    scheduledAt: new Date(Date.now() + 60_000).toISOString()
  });
  const { streamKey } = await t.efir.live.ingestInfo(producer, b.id);
  const base = `rtmp://127.0.0.1:${t.efir.liveIngest.port}/live`;

  // A wrong key: refused, the publisher's ffmpeg fails, nothing changes.
  const wrong = publish(`${base}/not-a-key-${Date.now()}`, 5);
  expect(await wrong.exited).not.toBe(0);
  expect((await t.efir.live.repo.get(b.id))!.state).toBe('scheduled');

  // The right key: live, and once the worker has segments, the stream's URL.
  const first = publish(`${base}/${streamKey}`);
  const live = await until('the live stream', async () => {
    const row = await t.efir.live.repo.get(b.id);
    return row?.state === 'live' && row.live_run ? row : null;
  });
  expect(live.ingest_state).toBe('publishing');
  const view = (await t.efir.live.home()).live.find((x) => x.id === b.id)!;
  expect(view.live?.hlsUrl).toMatch(new RegExp(`^/media/live/${b.id}/${live.live_run}/master.m3u8$`));
  expect(JSON.stringify(view)).not.toContain(streamKey); // viewers never see the key

  const master = await (await get(view.live!.hlsUrl!)).text();
  expect(master).toContain('#EXT-X-STREAM-INF');
  // A 640x360 H.264/AAC source is passed through, with the 240p rung below it.
  expect(master).toMatch(/RESOLUTION=640x360/);
  expect(master).toMatch(/RESOLUTION=426x240/);
  // Listen only: the audio-only rendition from the same ffmpeg, listed after the video rungs.
  expect(master.endsWith('#EXT-X-STREAM-INF:BANDWIDTH=60000,CODECS="mp4a.40.2"\naudio/index.m3u8\n')).toBe(true);
  const variants = master.split('\n').filter((l) => l && !l.startsWith('#'));
  expect(variants).toEqual(['source/index.m3u8', '240p/index.m3u8', 'audio/index.m3u8']);
  const hlsBase = view.live!.hlsUrl!.replace(/master\.m3u8$/, '');
  for (const v of variants) {
    const media = await until(`segments in ${v}`, async () => {
      const r = await get(hlsBase + v);
      const text = r.ok ? await r.text() : '';
      return (text.match(/#EXTINF/g) ?? []).length >= 2 ? text : null;
    });
    expect(media).toContain('#EXT-X-PROGRAM-DATE-TIME');
    expect(media).not.toContain('#EXT-X-ENDLIST');
    const seg = media.split('\n').find((l) => l.endsWith('.ts'))!;
    const file = path.join(tempDir(), 'seg.ts');
    fs.writeFileSync(file, Buffer.from(await (await get(hlsBase + v.replace(/index\.m3u8$/, '') + seg)).arrayBuffer()));
    if (v === 'audio/index.m3u8') {
      // Sound alone, about as long as the segment says (1 s segments, like the rungs').
      const audio = await probeAudioOnly(file);
      expect(audio.streams).toEqual(AUDIO_ONLY_STREAMS);
      const extinf = Number(/#EXTINF:([\d.]+)/.exec(media.slice(media.indexOf('#EXTINF')))![1]);
      expect(extinf).toBeLessThanOrEqual(1.1);
      expect(Math.abs(audio.seconds - extinf)).toBeLessThan(0.05);
      continue;
    }
    const probe = await probeFile(file);
    expect(probe.video?.codec).toBe('h264');
    expect(probe.audio?.codec).toBe('aac');
  }

  // A second publisher on the same key is refused while the first sends.
  const second = publish(`${base}/${streamKey}`, 5);
  expect(await second.exited).not.toBe(0);
  expect((await t.efir.live.repo.get(b.id))!.ingest_state).toBe('publishing');

  // The transcoder dies mid-stream: it is started again and the stream goes on, with a discontinuity.
  execFileSync('pkill', ['-KILL', '-f', `${b.id}/${live.live_run}/%v/index.m3u8`]);
  const resumed = await until('the stream after the transcoder restarted', async () => {
    const r = await get(hlsBase + variants[0]);
    const text = r.ok ? await r.text() : '';
    const after = text.split('#EXT-X-DISCONTINUITY')[1] ?? '';
    return (after.match(/#EXTINF/g) ?? []).length >= 2 ? text : null;
  });
  expect(resumed).toContain('#EXT-X-DISCONTINUITY');
  // The audio-only playlist goes on through the restart as the rungs' do.
  const audioResumed = await until('the audio-only playlist after the restart', async () => {
    const r = await get(hlsBase + 'audio/index.m3u8');
    const text = r.ok ? await r.text() : '';
    return (text.split('#EXT-X-DISCONTINUITY')[1]?.match(/#EXTINF/g) ?? []).length >= 2 ? text : null;
  });
  expect(audioResumed.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(1);
  expect((await t.efir.live.repo.get(b.id))!).toMatchObject({ state: 'live', ingest_state: 'publishing', live_run: live.live_run });

  // A question answered on air becomes a chapter.
  const answerOne = async (text: string) => {
    const viewer: Actor = { viewerId: `viewer-${text.length}-${Date.now()}`, ipHash: 'ip', user: null, moderator: false };
    const mod: Actor = { viewerId: 'mod', ipHash: 'ip', user: producer, moderator: true };
    const { id } = await t.efir.qa.service.ask(viewer, b.id, { type: 'ask', ref: `r-${Date.now()}`, text, lang: 'ru' });
    await t.efir.qa.service.moderate(mod, b.id, { type: 'approve', ref: 'a', questionId: id! });
    await t.efir.qa.service.moderate(mod, b.id, { type: 'answer', ref: 'b', questionId: id! });
  };
  await answerOne('Как продлить патент?');

  // The publisher drops and comes back within the grace period: the same broadcast, the same run.
  const partsFile = path.join(t.efir.paths.live, b.id, 'recording', 'parts.json');
  const partCount = () => (JSON.parse(fs.readFileSync(partsFile, 'utf8')) as unknown[]).length;
  const partsBefore = partCount();
  first.child.kill('SIGKILL');
  await until('reconnecting', async () => (await t.efir.live.repo.get(b.id))?.ingest_state === 'reconnecting');
  const again = publish(`${base}/${streamKey}`, 10);
  await until('publishing again', async () => (await t.efir.live.repo.get(b.id))?.ingest_state === 'publishing');
  expect((await t.efir.live.repo.get(b.id))!).toMatchObject({ state: 'live', live_run: live.live_run });
  // The answer has to fall inside the new publish's recording part: wait until the worker records it
  // (on a busy machine its ffmpeg starts seconds after the publish does).
  await until('the new publish recorded', async () => partCount() > partsBefore);
  await new Promise((r) => setTimeout(r, 1000));
  await answerOne('Нужна ли регистрация после амнистии?');

  // The publisher stops and does not return: after the grace period the broadcast ends by itself.
  await again.exited;
  await until('the end', async () => {
    const row = await t.efir.live.repo.get(b.id);
    return row?.state === 'ended' && row.ingest_state === 'idle' ? row : null;
  }, 40_000);
  expect((await get(view.live!.hlsUrl!)).status).toBe(404); // live HLS only while live

  // The replay: the recording's parts through the on-demand pipeline, published by itself.
  const replayId = await until('the replay', async () => (await t.efir.live.repo.get(b.id))?.replay_video_id, 60_000);
  const video = await until('the replay published', async () => {
    const v = await t.efir.videos.get(replayId);
    return v?.publishedAt ? v : null;
  }, 120_000);
  expect(video.origin).toBe('live');
  expect([video.title, video.description, video.i18n]).toEqual(['Патент: вопросы и ответы', 'Запись эфира', I18N]);
  expect(video.duration).toBeGreaterThan(5);
  const chapters = video.chapters!;
  expect(chapters.map((c) => c.title)).toEqual(['Начало', 'Как продлить патент?', 'Нужна ли регистрация после амнистии?']);
  expect(chapters[1]!.start).toBeGreaterThan(0);
  expect(chapters[2]!.start).toBeGreaterThan(chapters[1]!.start);
  expect(chapters[2]!.start).toBeLessThan(video.duration!);
  const watch = await t.efir.library.getWatch(replayId, null);
  expect(watch?.chapters).toEqual(chapters);
  // The replay went through the on-demand ladder: it has its audio-only rendition too.
  expect(await (await get(watch!.masterUrl!)).text()).toContain('CODECS="mp4a.40.2"\naudio/index.m3u8\n');
  expect((await t.efir.live.repo.get(b.id))!.replay_published_at).toBeTruthy();
}, 300_000);

test('an audio-only stream is refused with a reason the producer sees, and the ingest goes on serving', async () => {
  const b = await t.efir.live.createBroadcast(producer, { title: 'Только звук' });
  const { streamKey } = await t.efir.live.ingestInfo(producer, b.id);
  const port = t.efir.liveIngest.port!;
  // A tone with no picture: there is nothing to show; the producer is told why and cut off.
  const child = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '30',
    '-c:a', 'aac', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/${streamKey}`
  ], { stdio: 'ignore' });
  const { exited } = publishers.track(child);
  const row = await until('the refusal', async () => {
    const r = await t.efir.live.repo.get(b.id);
    return r?.ingest_error ? r : null;
  });
  expect(row.ingest_error).toMatch(/no video/i);
  expect((await t.efir.live.getMine(producer, b.id)).ingestError).toMatch(/no video/i);
  expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).not.toBe('still running');

  // Another broadcast still goes live on the same ingest.
  const ok = await t.efir.live.createBroadcast(producer, { title: 'После мусора' });
  const key = (await t.efir.live.ingestInfo(producer, ok.id)).streamKey;
  const p = publish(`rtmp://127.0.0.1:${port}/live/${key}`, 8);
  await until('the other broadcast live', async () => (await t.efir.live.repo.get(ok.id))?.live_run);
  p.child.kill('SIGKILL');
}, 120_000);
