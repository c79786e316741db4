import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptDir, commitAttempt, removePartials } from '../../../jobs/staging.ts';
import { estimatedBytes, isCutShort, playlistSeconds } from '../../../workers/steps/ladder.ts';
import { audioOnlyOf } from '../../../server/pipeline/publish.ts';
import { planLadder } from '../../../media/ladder.ts';
import type { LadderResult } from '../../../jobs/queues.ts';
import type { ProbeResult } from '../../../media/probe.ts';
import { posterTime, withoutKeyframeSkip } from '../../../workers/steps/thumbnails.ts';
import { etaSeconds } from '../../../workers/steps/context.ts';
import { bullConnection } from '../../../jobs/redis.ts';

describe('etaSeconds', () => {
  it('extrapolates the speed so far, none before 2% or once done', () => {
    expect(etaSeconds(30, 0.25)).toBe(90);
    expect(etaSeconds(10, 0.5)).toBe(10);
    expect(etaSeconds(1, 0.01)).toBeUndefined();
    expect(etaSeconds(60, 1)).toBeUndefined();
    expect(etaSeconds(0, 0.5)).toBeUndefined();
    expect(etaSeconds(5, Number.NaN)).toBeUndefined();
  });
});

describe('posterTime', () => {
  it('is 10% in, at least 1 s, inside the clip', () => {
    expect(posterTime(100)).toBe(10);
    expect(posterTime(6)).toBe(1);
    expect(posterTime(0.5)).toBeCloseTo(0.4);
    expect(posterTime(0.05)).toBe(0);
  });
});

describe('withoutKeyframeSkip', () => {
  it('drops -skip_frame and its value, nothing else', () => {
    expect(withoutKeyframeSkip(['-y', '-skip_frame', 'nokey', '-i', 'in.mp4'])).toEqual(['-y', '-i', 'in.mp4']);
    expect(withoutKeyframeSkip(['-i', 'in.mp4'])).toEqual(['-i', 'in.mp4']);
  });
});

describe('bullConnection', () => {
  it('reads host, port, credentials, database and TLS from the URL', () => {
    expect(bullConnection('redis://127.0.0.1:6379')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, maxRetriesPerRequest: null });
    expect(bullConnection('rediss://u:p%40ss@redis.example:6380/2')).toMatchObject({
      host: 'redis.example',
      port: 6380,
      username: 'u',
      password: 'p@ss',
      db: 2,
      tls: {}
    });
  });
});

const probe = (audio: boolean): ProbeResult => ({
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  duration: 60,
  sizeBytes: 1,
  bitRate: null,
  video: { codec: 'h264', profile: 'High', level: 31, pixFmt: 'yuv420p', width: 640, height: 360, fps: 30, bitRate: null, rotation: 0 },
  audio: audio ? { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 128000 } : null
});

describe('the audio-only rendition in the ladder step and publish', () => {
  it('counts its bytes in the disk estimate', () => {
    const plan = planLadder(probe(true));
    const rungs = plan.rungs.reduce((sum, r) => sum + r.videoBitrate + r.audioBitrate, 0);
    expect(estimatedBytes(plan, 10)).toBe(Math.ceil(((rungs + 48_000) * 10) / 8));
    expect(estimatedBytes({ ...plan, audioOnly: undefined }, 10)).toBe(Math.ceil((rungs * 10) / 8));
  });

  it('lists it only when the ladder made it: not for a silent source, nor a ladder stored before it existed', () => {
    const ladder = (audio: boolean): LadderResult => {
      const plan = planLadder(probe(audio));
      return { plan, rungs: plan.rungs, mpegtsOffset: 1.4, variantUris: {}, audioUri: audio ? 'audio/index.m3u8' : null };
    };
    expect(audioOnlyOf(ladder(true))).toEqual({ rendition: { name: 'audio', bitrate: 48_000, channels: 1, codecs: 'mp4a.40.2' }, uri: 'audio/index.m3u8' });
    expect(audioOnlyOf(ladder(false))).toBeNull();
    const { audioUri: _, ...stored } = ladder(true);
    const { audioOnly: __, ...oldPlan } = stored.plan;
    expect(audioOnlyOf(stored)).toBeNull();
    expect(audioOnlyOf({ ...stored, plan: oldPlan })).toBeNull();
  });
});

describe('playlistSeconds and isCutShort', () => {
  it('adds up a media playlist', () => {
    expect(playlistSeconds('#EXTM3U\n#EXTINF:4.000000,\nseg0.ts\n#EXTINF:2.5,\nseg1.ts\n#EXT-X-ENDLIST\n')).toBeCloseTo(6.5);
    expect(playlistSeconds('#EXTM3U\n')).toBe(0);
  });
  it('calls renditions short only when a real part is missing (over 1 s and 5%)', () => {
    expect(isCutShort(2, 4)).toBe(true);
    expect(isCutShort(3.2, 4)).toBe(false); // 0.8 s: rounding of the last segment, audio longer than video
    expect(isCutShort(95, 100)).toBe(false);
    expect(isCutShort(94, 100)).toBe(true);
  });
});

describe('attempt folders', () => {
  it('gives each attempt its own folder, removes stale ones, and commits over the old output', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-attempt-'));
    try {
      const final = path.join(root, 'video');
      fs.mkdirSync(final);
      fs.writeFileSync(path.join(final, 'old.ts'), 'old');
      const killed = await attemptDir(final);
      fs.writeFileSync(path.join(killed, 'half.ts'), 'half');
      const next = await attemptDir(final);
      expect(next).not.toBe(killed);
      expect(fs.existsSync(killed)).toBe(false);
      fs.writeFileSync(path.join(next, 'new.ts'), 'new');
      await commitAttempt(next, final);
      expect(fs.readdirSync(root)).toEqual(['video']);
      expect(fs.readdirSync(final)).toEqual(['new.ts']);
      await attemptDir(path.join(root, 'thumbnails'));
      await removePartials(root);
      expect(fs.readdirSync(root)).toEqual(['video']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
