import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** SESSION_SECRET, else one generated once into dataDir/secret so restarts keep viewers' cookies valid. */
export function loadSecret(configured: string | null, file: string): string {
  if (configured) return configured;
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(48).toString('base64url');
    try {
      fs.writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim(); // another process wrote it first
    }
  }
}
