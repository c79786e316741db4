import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptDir, commitAttempt, removePartials } from '../../../jobs/staging.ts';
import { isCutShort, playlistSeconds } from '../../../workers/steps/ladder.ts';
import { posterTime, withoutKeyframeSkip } from '../../../workers/steps/thumbnails.ts';
import { bullConnection } from '../../../jobs/redis.ts';

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
