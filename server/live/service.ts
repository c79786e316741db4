/**
 * Broadcasts as producers and viewers see them outside the Q&A: scheduling with translations and a
 * poster, the stream key for OBS, the home page's "live now" and "next". What happens when a
 * publisher connects, drops and ends is server/live/ingest-service.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, DataPaths } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import { canManageBroadcast } from '../qa/service.ts';
import { hasRole } from '../services/auth.ts';
import { broadcastView, type BroadcastRow } from '../qa/views.ts';
import { LANGS, type BroadcastView } from '../qa/protocol.ts';
import { cleanName, cleanText } from '../qa/text.ts';
import { writeAtomically } from '../services/studio-files.ts';
import { LiveRepository, type BroadcastFields, type I18n } from './repository.ts';

export interface BroadcastInput {
  title: string;
  description?: string;
  /** Translations: { uz: { title, description }, … }; Russian is title/description. */
  i18n?: I18n;
  /** ISO 8601, or null for "no time set". */
  scheduledAt?: string | null;
  /** Hold the replay in the studio for review instead of publishing it by itself. */
  replayReview?: boolean;
  /** The live rewind window (DVR), minutes: 1 to 240, default 30. */
  dvrMinutes?: number;
}

/** What the producer's studio shows of a broadcast: the public view and the producer's settings. */
export interface ProducerBroadcast extends BroadcastView {
  replayReview: boolean;
  dvrSeconds: number;
  ingestState: BroadcastRow['ingest_state'];
  /** Why the last publish could not be transcoded (e.g. "the stream has no video"), else null. */
  ingestError: string | null;
}

export interface IngestInfo {
  /** OBS: Settings → Stream → Service "Custom…" → Server. */
  rtmpUrl: string;
  /** OBS: Stream Key. A secret: whoever has it can go live as this broadcast. */
  streamKey: string;
  rotatedAt: string | null;
}

const POSTER_MAX_BYTES = 5 * 1024 * 1024;
const POSTER_TYPES: { ext: string; test: (b: Buffer) => boolean }[] = [
  { ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' }
];

export const newStreamKey = () => crypto.randomBytes(18).toString('base64url');

/** What the producer's side of broadcasts uses: its tables, the posters' folder, the public URLs. */
export interface LiveDeps {
  db: Db;
  config: Config;
  paths: DataPaths;
}

export class LiveService {
  readonly repo: LiveRepository;

  constructor(private readonly efir: LiveDeps) {
    this.repo = new LiveRepository(efir.db);
  }

  // ------------------------------------------------------------ producers

  async createBroadcast(user: User, input: BroadcastInput): Promise<ProducerBroadcast> {
    requireProducer(user);
    const fields = this.fields(input, null);
    const row = await this.repo.create(user.id, fields, newStreamKey());
    return producerView(row);
  }

  async updateBroadcast(user: User, id: string, input: Partial<BroadcastInput>): Promise<ProducerBroadcast> {
    const b = await this.owned(user, id);
    if (b.state === 'ended' && input.dvrMinutes !== undefined) {
      throw new EfirError('invalid_state', 'dvrMinutes: the broadcast has ended', { field: 'dvrMinutes' });
    }
    await this.repo.update(id, this.fields({ title: b.title, ...input }, b));
    return producerView((await this.repo.get(id))!);
  }

  /** A JPEG, PNG or WebP of at most 5 MB, recognised by its bytes (not its name). */
  async setPoster(user: User, id: string, file: { bytes: Buffer; fileName: string }): Promise<ProducerBroadcast> {
    await this.owned(user, id);
    if (file.bytes.length === 0) throw new EfirError('invalid_poster', `${file.fileName}: the file is empty`, { file: file.fileName });
    if (file.bytes.length > POSTER_MAX_BYTES) {
      throw new EfirError('poster_too_large', `${file.fileName}: ${(file.bytes.length / 1048576).toFixed(1)} MB; a poster may be at most 5 MB`, { file: file.fileName });
    }
    const type = POSTER_TYPES.find((t) => t.test(file.bytes));
    if (!type) throw new EfirError('invalid_poster', `${file.fileName}: not a JPEG, PNG or WebP image`, { file: file.fileName });
    const hash = crypto.createHash('sha256').update(file.bytes).digest('base64url').slice(0, 16);
    const rel = `${id}/${hash}.${type.ext}`;
    const abs = path.join(this.efir.paths.posters, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await writeAtomically(abs, file.bytes);
    const old = await this.repo.setPoster(id, rel);
    if (old && old !== rel) await fs.rm(path.join(this.efir.paths.posters, old), { force: true });
    return producerView((await this.repo.get(id))!);
  }

  async listMine(user: User): Promise<ProducerBroadcast[]> {
    requireProducer(user);
    const rows = await this.repo.listFor(user.role === 'admin' ? null : user.id);
    return rows.map(producerView);
  }

  async getMine(user: User, id: string): Promise<ProducerBroadcast> {
    return producerView(await this.owned(user, id));
  }

  /** The RTMP server and stream key to paste into OBS. `host`: the page's host, when RTMP_PUBLIC_URL is unset. */
  async ingestInfo(user: User, id: string, host?: string): Promise<IngestInfo> {
    let b = await this.owned(user, id);
    if (!b.stream_key) b = await this.repo.setStreamKey(id, newStreamKey());
    return this.info(b, host);
  }

  /** A new key: the old one stops working at once (a publisher using it is refused from its next connection). */
  async rotateKey(user: User, id: string, host?: string): Promise<IngestInfo> {
    const b = await this.owned(user, id);
    if (b.ingest_state === 'publishing') {
      throw new EfirError('publishing', 'The broadcast is live from this key now; end the stream in OBS first, then rotate the key');
    }
    return this.info(await this.repo.setStreamKey(id, newStreamKey()), host);
  }

  rtmpUrl(host?: string): string {
    const { rtmpPublicUrl, publicUrl, rtmpPort } = this.efir.config;
    if (rtmpPublicUrl) return rtmpPublicUrl.replace(/\/$/, '');
    const hostname = (host ?? new URL(publicUrl).host).replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    const port = rtmpPort > 0 ? rtmpPort : 1935;
    return `rtmp://${hostname.includes(':') ? `[${hostname}]` : hostname}${port === 1935 ? '' : `:${port}`}/live`;
  }

  private info(b: BroadcastRow, host?: string): IngestInfo {
    return { rtmpUrl: this.rtmpUrl(host), streamKey: b.stream_key!, rotatedAt: b.stream_key_rotated_at ? new Date(b.stream_key_rotated_at).toISOString() : null };
  }

  // ------------------------------------------------------------ viewers

  async home(): Promise<{ live: BroadcastView[]; next: BroadcastView | null }> {
    const { live, next } = await this.repo.home();
    return { live: live.map((b) => broadcastView(b, false)), next: next ? broadcastView(next, false) : null };
  }

  // ------------------------------------------------------------ helpers

  /** The broadcast, if this user may manage it (its producer or an admin; moderators only curate its Q&A). */
  private async owned(user: User, id: string): Promise<BroadcastRow> {
    const b = await this.repo.get(id);
    if (!b) throw new EfirError('unknown_broadcast', `No broadcast "${id}"`);
    if (!canManageBroadcast(user, b)) throw new EfirError('forbidden', 'Only the producer of this broadcast or an admin may do that');
    return b;
  }

  private fields(input: BroadcastInput, before: BroadcastRow | null): BroadcastFields {
    const title = cleanName(input.title ?? '');
    if (!title) throw new EfirError('invalid_field', 'title: must not be empty', { field: 'title', params: { rule: 'required' } });
    if (title.length > 200) throw new EfirError('invalid_field', 'title: at most 200 characters', { field: 'title', params: { rule: 'too_long', max: 200 } });
    const description = input.description === undefined ? (before?.description ?? '') : cleanText(input.description);
    if (description.length > 5000) throw new EfirError('invalid_field', 'description: at most 5000 characters', { field: 'description', params: { rule: 'too_long', max: 5000 } });
    let scheduledAt = before?.scheduled_at ?? null;
    if (input.scheduledAt !== undefined) {
      scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
      if (scheduledAt && Number.isNaN(+scheduledAt)) throw new EfirError('invalid_field', `scheduledAt: "${input.scheduledAt}" is not a date and time`, { field: 'scheduledAt', params: { rule: 'format' } });
    }
    const dvrMinutes = input.dvrMinutes ?? (before ? before.dvr_seconds / 60 : 30);
    if (!Number.isInteger(dvrMinutes) || dvrMinutes < 1 || dvrMinutes > 240) {
      throw new EfirError('invalid_field', 'dvrMinutes: a whole number of minutes from 1 to 240', { field: 'dvrMinutes', params: { rule: 'range', min: 1, max: 240 } });
    }
    return {
      title,
      description,
      i18n: input.i18n === undefined ? (before?.i18n ?? {}) : cleanI18n(input.i18n),
      scheduledAt,
      replayReview: input.replayReview ?? before?.replay_review ?? false,
      dvrSeconds: dvrMinutes * 60
    };
  }
}

function requireProducer(user: User): void {
  if (!hasRole(user, 'producer')) throw new EfirError('forbidden', 'Only producers and admins have broadcasts to manage');
}

/** Translations cleaned like the original; empty ones dropped; Russian lives in title/description. */
function cleanI18n(i18n: I18n): I18n {
  const out: I18n = {};
  for (const [lang, t] of Object.entries(i18n)) {
    if (!(LANGS as readonly string[]).includes(lang) || lang === 'ru') {
      throw new EfirError('invalid_field', `i18n.${lang}: not one of ${LANGS.filter((l) => l !== 'ru').join(', ')}`, { field: `i18n.${lang}` });
    }
    const title = cleanName(t?.title ?? '');
    const description = cleanText(t?.description ?? '');
    if (title.length > 200) throw new EfirError('invalid_field', `i18n.${lang}.title: at most 200 characters`, { field: `i18n.${lang}.title`, params: { rule: 'too_long', max: 200 } });
    if (description.length > 5000) throw new EfirError('invalid_field', `i18n.${lang}.description: at most 5000 characters`, { field: `i18n.${lang}.description`, params: { rule: 'too_long', max: 5000 } });
    if (title || description) out[lang] = { ...(title ? { title } : {}), ...(description ? { description } : {}) };
  }
  return out;
}

export function producerView(b: BroadcastRow): ProducerBroadcast {
  return { ...broadcastView(b, true), replayReview: b.replay_review, dvrSeconds: b.dvr_seconds, ingestState: b.ingest_state, ingestError: b.ingest_error };
}
