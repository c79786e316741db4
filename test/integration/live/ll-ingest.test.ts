/**
 * Low-Latency HLS end to end on the media side: ffmpeg publishes a lavfi test pattern with tone over
 * RTMP (as OBS would); the live worker makes parts and playlists (workers/live/); every playlist it
 * writes passes RFC 8216bis's rules (media/llhls/rules.ts), each new part is announced on Redis,
 * the rungs and the audio-only rendition carry the same numbers for the same media time, a stalled
 * publisher just stops the playlists, a killed ffmpeg and a publisher that returns are followed by a
 * discontinuity and new parts, and the recording still becomes the replay.
 * (Blocking reloads and the player are LL-serve's: test/integration/api/live-media*.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { livePartsChannel, type LivePartsMessage } from '../../../jobs/queues.ts';
import { checkLlPlaylist, checkLlSuccession, parseLl } from '../../../media/llhls/rules.ts';
import { parseFragment, parseInit } from '../../../media/mp4/fragments.ts';
import { testRedisUrl } from '../../helpers/env.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { TestPublishers, until } from '../../helpers/rtmp-publisher.ts';
import type { User } from '../../../server/repositories/users.ts';

let t: TestEfir;
let producer: User;
let sub: Redis;
const publishers = new TestPublishers();
const publish = (url: string, seconds?: number) => publishers.publish(url, seconds);

beforeAll(async () => {
  t = await startTestEfir({ live: true, env: { INGEST_GRACE_SECONDS: '6', LIVE_LOW_LATENCY: 'true' } });
  producer = await t.efir.auth.createUser({ email: 'll-producer@example.test', displayName: 'Продюсер', role: 'producer', password: 'producer-password' });
  sub = new Redis(testRedisUrl());
}, 60_000);

afterAll(async () => {
  publishers.killAll();
  sub?.disconnect();
  await t?.close();
});



const VARIANTS = ['source', '240p', 'audio'];

test('parts appear and are announced, every playlist follows the rules, rungs and audio stay aligned, a killed ffmpeg continues after a discontinuity, the recording joins', async () => {
  const b = await t.efir.live.createBroadcast(producer, { title: 'LL-HLS' });
  const { streamKey } = await t.efir.live.ingestInfo(producer, b.id);
  const notes: LivePartsMessage[] = [];
  await sub.subscribe(livePartsChannel(t.efir.config.queuePrefix, b.id));
  sub.on('message', (_channel, message) => notes.push(JSON.parse(message) as LivePartsMessage));

  const pub = publish(`rtmp://127.0.0.1:${t.efir.liveIngest.port}/live/${streamKey}`, 40);
  const live = await until('the live stream', async () => {
    const row = await t.efir.live.repo.get(b.id);
    return row?.state === 'live' && row.live_run ? row : null;
  });
  const runDir = path.join(t.efir.paths.live, b.id, live.live_run!);
  const file = (variant: string, name: string) => path.join(runDir, variant, name);
  const read = (variant: string) => fs.readFileSync(file(variant, 'index.m3u8'), 'utf8');
  expect(fs.readFileSync(path.join(runDir, 'master.m3u8'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(VARIANTS.map((v) => `${v}/index.m3u8`));

  // Watch the playlists as players would: every version we see passes the rules and follows the one before.
  const seen = new Map<string, string[]>(VARIANTS.map((v) => [v, []]));
  const look = () => {
    for (const v of VARIANTS) {
      let text: string;
      try {
        text = read(v);
      } catch {
        continue;
      }
      const list = seen.get(v)!;
      if (list.at(-1) !== text) list.push(text);
    }
  };
  const watcher = setInterval(look, 50);
  try {
    await until('three segments in every variant', () => {
      look();
      return VARIANTS.every((v) => (seen.get(v)!.at(-1)?.match(/#EXTINF/g) ?? []).length >= 3);
    });
    for (const v of VARIANTS) {
      const text = read(v);
      expect(checkLlPlaylist(text, { reports: 2, read: (u) => fs.readFileSync(file(v, u)) }), text).toEqual([]);
    }
    // Announced: the newest part of the playlist just renamed, for each variant.
    expect(new Set(notes.map((n) => n.rung))).toEqual(new Set(VARIANTS));
    expect(notes.every((n) => n.run === live.live_run && n.msn >= 0 && n.part >= 0)).toBe(true);

    // Aligned: the same msn.part starts at the same media time in each rung, the audio within one fragment.
    const times = (v: string) => {
      const p = parseLl(read(v));
      const out = new Map<string, number>();
      for (const s of p.segments) {
        const init = parseInit(fs.readFileSync(file(v, s.map!)));
        const main = init.tracks.find((x) => x.handler === 'vide') ?? init.tracks[0]!;
        for (const [i, part] of s.parts.entries()) {
          try {
            const f = parseFragment(fs.readFileSync(file(v, part.uri)), init);
            out.set(`${s.msn}.${i}`, f.tracks.find((x) => x.trackId === main.trackId)!.baseDecodeTime / main.timescale);
          } catch {
            // deleted since the playlist was read
          }
        }
      }
      return out;
    };
    const [top, low, audio] = VARIANTS.map(times);
    let compared = 0;
    for (const [key, at] of low!) {
      if (top!.has(key)) {
        expect(Math.abs(top!.get(key)! - at), key).toBeLessThan(0.04);
        compared++;
      }
      if (audio!.has(key)) expect(Math.abs(audio!.get(key)! - at), key).toBeLessThan(0.2);
    }
    expect(compared).toBeGreaterThan(3);

    // The publisher stalls (a frozen OBS: connected, sending nothing): the playlists just stop
    // advancing, no half part is listed; when it sends again, so do they.
    pub.child.kill('SIGSTOP');
    // Once the worker has caught up with what was sent, nothing changes, and what is listed is whole.
    let frozen = VARIANTS.map(read);
    let quietSince = Date.now();
    await until('the playlists to stop advancing', () => {
      const now = VARIANTS.map(read);
      if (now.some((text, i) => text !== frozen[i])) [frozen, quietSince] = [now, Date.now()];
      return Date.now() - quietSince > 1500;
    }, 8000);
    for (const [i, v] of VARIANTS.entries()) {
      const p = parseLl(frozen[i]!);
      const last = p.segments.at(-1)!;
      const init = parseInit(fs.readFileSync(file(v, last.map!)));
      for (const part of last.parts) expect(parseFragment(fs.readFileSync(file(v, part.uri)), init).tracks.length).toBeGreaterThan(0);
    }
    pub.child.kill('SIGCONT');
    await until('parts again after the stall', () => VARIANTS.every((v, i) => read(v) !== frozen[i]), 15_000);

    // The transcoder dies mid-stream: a new one continues the same playlists after a discontinuity.
    execFileSync('pkill', ['-KILL', '-f', `${b.id}/recording/part-`]);
    await until('new parts after the restart in every variant', () => {
      look();
      return VARIANTS.every((v) => {
        const after = seen.get(v)!.at(-1)!.split('#EXT-X-DISCONTINUITY')[1] ?? '';
        return (after.match(/#EXTINF/g) ?? []).length >= 2;
      });
    }, 45_000);
    for (const v of VARIANTS) {
      const text = read(v);
      expect(checkLlPlaylist(text, { reports: 2 }), text).toEqual([]);
      expect(text).toContain('#EXT-X-MAP:URI="init1.mp4"');
      expect(text.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(1);
    }
    // The discontinuity is at the same number in every variant.
    const discontinuityAt = VARIANTS.map((v) => parseLl(read(v)).segments.find((s) => s.discontinuity)!.msn);
    expect(new Set(discontinuityAt).size).toBe(1);
  } finally {
    clearInterval(watcher);
  }
  for (const v of VARIANTS) {
    const list = seen.get(v)!;
    expect(list.length).toBeGreaterThan(10);
    for (const [i, text] of list.entries()) {
      expect(checkLlPlaylist(text), `${v} #${i}:\n${text}`).toEqual([]);
      if (i > 0) expect(checkLlSuccession(list[i - 1]!, text), `${v} #${i - 1} -> #${i}\n${list[i - 1]}\n---\n${text}`).toEqual([]);
    }
  }
  expect((await t.efir.live.repo.get(b.id))!).toMatchObject({ state: 'live', live_run: live.live_run });

  // The publisher drops and comes back within the grace period: a new job resumes the same
  // playlists from disk, after a second discontinuity, with init2.mp4.
  pub.child.kill('SIGKILL');
  await until('reconnecting', async () => (await t.efir.live.repo.get(b.id))?.ingest_state === 'reconnecting');
  const again = publish(`rtmp://127.0.0.1:${t.efir.liveIngest.port}/live/${streamKey}`, 30);
  await until('the resumed playlists', () => VARIANTS.every((v) => {
    const after = read(v).split('#EXT-X-DISCONTINUITY')[2] ?? '';
    return (after.match(/#EXTINF/g) ?? []).length >= 2;
  }), 45_000);
  for (const v of VARIANTS) {
    const text = read(v);
    expect(checkLlPlaylist(text, { reports: 2, read: (u) => fs.readFileSync(file(v, u)) }), text).toEqual([]);
    expect(text).toContain('#EXT-X-MAP:URI="init2.mp4"');
  }
  expect((await t.efir.live.repo.get(b.id))!).toMatchObject({ state: 'live', live_run: live.live_run });

  // The publisher leaves: the broadcast ends and its recorded parts are joined into the replay's source.
  again.child.kill('SIGKILL');
  await until('the end', async () => (await t.efir.live.repo.get(b.id))?.state === 'ended', 40_000);
  const parts = JSON.parse(fs.readFileSync(path.join(t.efir.paths.live, b.id, 'recording', 'parts.json'), 'utf8')) as unknown[];
  expect(parts.length).toBeGreaterThanOrEqual(3);
  await until('the replay', async () => (await t.efir.live.repo.get(b.id))?.replay_video_id, 60_000);
}, 240_000);
