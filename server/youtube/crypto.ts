/**
 * Secrets at rest (the OAuth refresh token, an API key saved on the admin page): AES-256-GCM under
 * YOUTUBE_TOKEN_KEY (config.youtube.tokenKey, 32 bytes). A database dump or backup then holds nothing
 * that reaches the channel without the key, which lives in the environment, not in the database.
 *
 * Sealed text: "v1." + base64(iv 12 bytes | tag 16 bytes | ciphertext). A fresh random iv per seal
 * (GCM must never reuse one under a key); the tag makes any change to the text, or a different key,
 * fail to open instead of yielding garbage. The optional `context` is bound as associated data, so a
 * sealed refresh token pasted into the API key's column does not open as an API key.
 */
import crypto from 'node:crypto';

const VERSION = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed secret that does not open: another key (YOUTUBE_TOKEN_KEY changed), changed text, or not ours. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new SealError(`AES-256-GCM needs a 32-byte key, got ${key.length} bytes`);
}

export function seal(key: Buffer, plaintext: string, context = ''): string {
  checkKey(key);
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function open(key: Buffer, sealed: string, context = ''): string {
  checkKey(key);
  if (!sealed.startsWith(VERSION)) throw new SealError('not a sealed secret (no v1. prefix)');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SealError('sealed secret is truncated');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // GCM's "unsupported state or unable to authenticate data": the one answer for a wrong key or changed text.
    throw new SealError('sealed secret does not open: YOUTUBE_TOKEN_KEY differs from the one that sealed it, or the text was changed');
  }
}
