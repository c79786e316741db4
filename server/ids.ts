import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Short URL-safe random id (video ids look like YouTube's: 11 characters, ~65 bits). */
export function newId(length = 11): string {
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}

/** Opaque secret token (sessions, CSRF), 256 bits. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
