/**
 * Who may upload how much, where: the admission rules of tus uploads (server/plugins/uploads.ts asks
 * here before it hands a request to tus, and again when an upload finishes).
 *
 *  - one active upload per draft, and a per-producer quota (UPLOAD_QUOTA_BYTES: their sources plus the
 *    declared lengths of their unfinished uploads). Both are decided from the `uploads` table in one
 *    transaction that locks the producer's row, so two instances (or two tabs) cannot both get in;
 *  - a free-space reserve (DISK_RESERVE_BYTES) checked at creation for the whole declared length and
 *    at each PATCH for what is still to come;
 *  - the draft's owner checked again when the upload finishes, whoever sends the last bytes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, DataPaths } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import type { Video, VideosRepository } from '../repositories/videos.ts';
import { UploadsRepository, type UploadRow } from '../repositories/uploads.ts';
import { DiskSpaceError, ensureDiskSpace, formatBytes } from '../../media/disk-space.ts';
import { canManage } from './library.ts';

/** Unfinished uploads older than this are removed with their files (the plugin's hourly sweep). */
export const UPLOAD_EXPIRE_MS = 7 * 24 * 3600 * 1000;
/**
 * An upload into a draft that received nothing for this long (its browser forgot it, the phone was
 * lost) gives way to a new one into the same draft, instead of blocking the draft for a week. Longer
 * than the studio's retries after a dropped connection (about ten minutes).
 */
export const UPLOAD_IDLE_MS = 3600 * 1000;

export interface StudioUploadsDeps {
  db: Db;
  videos: VideosRepository;
  config: Pick<Config, 'uploadQuotaBytes' | 'diskReserveBytes'>;
  paths: Pick<DataPaths, 'uploads'>;
}

export class StudioUploads {
  readonly repo: UploadsRepository;

  constructor(private readonly deps: StudioUploadsDeps) {
    this.repo = new UploadsRepository(deps.db);
  }

  /**
   * Admits a new upload of `length` bytes into draft `video` (already checked to be the caller's and
   * awaiting its file) and returns its tus id. Refusals: 409 `upload_in_progress`, 413
   * `quota_exceeded`, 507 `disk_full`, each naming the file.
   */
  async admit(video: Video, user: User, fileName: string, length: number): Promise<string> {
    await this.checkDisk(fileName, length);
    const ownerId = video.ownerId ?? user.id;
    const id = `${video.id}-${crypto.randomBytes(12).toString('hex')}`;
    const stale = await this.idleUpload(video.id);
    const admitted = await this.deps.db.transaction(async (tx) => {
      // Serialises the admissions of one producer, on every instance: the quota sum below and the
      // insert after it see each other's rows.
      await tx.query('select id from users where id = $1 for update', [ownerId]);
      if (stale) await this.repo.delete(stale.id, tx);
      const used = await this.repo.usedBy(ownerId, expiredBefore(), tx);
      const quota = this.deps.config.uploadQuotaBytes;
      if (used + length > quota) {
        throw new EfirError('quota_exceeded',
          `${fileName}: ${formatBytes(length)} would go over the storage quota of ${formatBytes(quota)} (${formatBytes(used)} in use); ` +
            'delete videos you no longer need, or ask an administrator for more',
          { file: fileName }
        );
      }
      return this.repo.insert({ id, videoId: video.id, ownerId, declaredLength: length }, tx);
    });
    if (!admitted) throw inProgress(video, fileName);
    if (stale) await this.removeFiles(stale.id);
    return id;
  }

  /** Before a PATCH: what this upload still has to receive must fit above the reserve. */
  async checkPatch(uploadId: string): Promise<void> {
    const row = await this.repo.get(uploadId);
    const received = await fileSize(this.fileOf(uploadId));
    const remaining = row ? Math.max(0, row.declaredLength - received) : 0;
    await this.checkDisk(null, remaining);
  }

  /**
   * Whether `user` may have this finished upload as the draft's file: the draft still exists, is
   * theirs to manage, and this is still its upload (not one replaced after going idle).
   * Refused: the file is removed. The row goes either way.
   */
  async finishAllowed(user: User | null, uploadId: string, videoId: string): Promise<'ok' | 'not_found' | 'conflict'> {
    const [video, row] = await Promise.all([this.deps.videos.get(videoId), this.repo.get(uploadId)]);
    await this.repo.delete(uploadId);
    if (video && canManage(user, video)) {
      // No row: an upload begun before migration 006 (allowed), or one that gave way to a newer one.
      if (row || !(await this.repo.forVideo(videoId))) return 'ok';
      await this.removeFiles(uploadId);
      return 'conflict';
    }
    await this.removeFiles(uploadId);
    return 'not_found';
  }

  /** The upload ended without finishing (cancelled, refused): its draft may take another. */
  async release(uploadId: string): Promise<void> {
    await this.repo.delete(uploadId);
  }

  /** Forgets uploads past their expiry (tus's own sweep removes their files). */
  async sweep(): Promise<void> {
    const ids = await this.repo.deleteExpired(expiredBefore());
    await Promise.all(ids.map((id) => this.removeFiles(id)));
  }

  private async checkDisk(fileName: string | null, needed: number): Promise<void> {
    try {
      await ensureDiskSpace(this.deps.paths.uploads, this.deps.config.diskReserveBytes, needed);
    } catch (err) {
      if (err instanceof DiskSpaceError) {
        throw new EfirError(err.code, fileName ? `${fileName}: ${err.reason}` : err.reason, fileName ? { file: fileName } : {});
      }
      throw err;
    }
  }

  /** The draft's current upload if it has received nothing for UPLOAD_IDLE_MS (or its file is gone). */
  private async idleUpload(videoId: string): Promise<UploadRow | null> {
    const row = await this.repo.forVideo(videoId);
    if (!row) return null;
    const stat = await fs.stat(this.fileOf(row.id)).catch(() => null);
    const lastActive = stat ? stat.mtimeMs : row.createdAt.getTime();
    return Date.now() - lastActive > UPLOAD_IDLE_MS ? row : null;
  }

  private fileOf(uploadId: string): string {
    return path.join(this.deps.paths.uploads, uploadId);
  }

  private async removeFiles(uploadId: string): Promise<void> {
    await Promise.all([fs.rm(this.fileOf(uploadId), { force: true }), fs.rm(`${this.fileOf(uploadId)}.json`, { force: true })]);
  }
}

function inProgress(video: Video, fileName: string): EfirError {
  return new EfirError('upload_in_progress',
    `${fileName}: "${video.title}" is already receiving a file; continue that upload or cancel it first (an upload idle for an hour gives way)`,
    { file: fileName }
  );
}

function expiredBefore(): Date {
  return new Date(Date.now() - UPLOAD_EXPIRE_MS);
}

async function fileSize(file: string): Promise<number> {
  return (await fs.stat(file).catch(() => null))?.size ?? 0;
}
