import { describe, expect, it } from 'vitest';
import { posterTime, withoutKeyframeSkip } from '../../../workers/steps/thumbnails.ts';
import { bullConnection } from '../../../workers/redis-options.ts';

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
