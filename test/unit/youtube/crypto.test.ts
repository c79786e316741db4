import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealError, open, seal } from '../../../server/youtube/crypto.ts';

const key = crypto.randomBytes(32);

describe('seal/open (AES-256-GCM)', () => {
  it('round-trips, with a fresh iv each time, and never holds the plaintext', () => {
    const secret = '1//0gRefreshTokenÄöü-токен';
    const a = seal(key, secret);
    const b = seal(key, secret);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('RefreshToken');
    expect(open(key, a)).toBe(secret);
    expect(open(key, b)).toBe(secret);
    expect(open(key, seal(key, ''))).toBe('');
  });

  it('refuses changed text: any flipped bit of iv, tag or ciphertext', () => {
    const sealed = seal(key, 'the refresh token');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    for (const i of [0, 12, 28, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[i] ^= 1;
      expect(() => open(key, `v1.${bad.toString('base64')}`), `byte ${i}`).toThrow(SealError);
    }
    expect(() => open(key, `v1.${raw.subarray(0, 20).toString('base64')}`)).toThrow(/truncated/);
    expect(() => open(key, 'plain text')).toThrow(SealError);
  });

  it('refuses another key and another context', () => {
    const sealed = seal(key, 'api key', 'api_key');
    expect(() => open(crypto.randomBytes(32), sealed, 'api_key')).toThrow(/YOUTUBE_TOKEN_KEY/);
    expect(() => open(key, sealed, 'refresh_token')).toThrow(SealError);
    expect(open(key, sealed, 'api_key')).toBe('api key');
    expect(() => seal(Buffer.alloc(16), 'x')).toThrow(/32-byte/);
  });
});
