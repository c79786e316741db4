/**
 * The video file over tus (tus-js-client), resumable across a dropped connection (retries with growing
 * pauses, and at once when the browser says it is back online) and across a page reload: the upload's
 * URL is kept in localStorage under a fingerprint of the file, so choosing the same file again
 * continues from the server's offset instead of starting over.
 */
import * as tus from 'tus-js-client';
import { retriesUpload } from './upload-messages.ts';

export const UPLOAD_ENDPOINT = '/api/uploads/';
/** Chunks small enough that a weak link finishes each, large enough not to waste round trips. */
const CHUNK_SIZE = 8 * 1024 * 1024;
/** Weak mobile links drop for minutes (a lift, the metro): keep trying for about ten. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000];

export type PreviousUpload = tus.PreviousUpload & { metadata: Record<string, string> };

/**
 * The browser-side identity of a file for this producer: name, size, type and modification time (what
 * survives a reload without reading gigabytes to hash them), prefixed by the user id.
 */
function fingerprintFor(userId: string) {
  return (file: File | Blob) => {
    const f = file as File;
    return Promise.resolve(['efir', userId, f.name, f.type, f.size, f.lastModified].join('/'));
  };
}

const keyPrefix = (userId: string) => `tus::efir/${userId}/`;

export interface UploadCallbacks {
  onProgress(sent: number, total: number): void;
  /** A request failed and will be retried after a pause. */
  onRetry(): void;
  onSuccess(): void;
  /**
   * Gave up: the server refused (4xx, or a stop such as 507 disk_full; message and code from its JSON
   * body) or the retries ran out. `code` is what the page translates (upload-messages.ts).
   */
  /** `params`: the refusal's values (file, problem…), for web/lib/i18n/errors.ts. */
  onError(message: string, status: number | null, code: string | null, params: Record<string, string | number>): void;
}

export interface VideoUpload {
  readonly upload: tus.Upload;
  /** Previous unfinished uploads of this same file by this producer (after a reload). */
  findPrevious(): Promise<PreviousUpload[]>;
  resume(previous: PreviousUpload): void;
  start(): void;
  pause(): void;
}

export function createVideoUpload(file: File, o: { userId: string; csrf: string | null; videoId: string | null } & UploadCallbacks): VideoUpload {
  const upload = new tus.Upload(file, {
    endpoint: UPLOAD_ENDPOINT,
    chunkSize: CHUNK_SIZE,
    retryDelays: RETRY_DELAYS,
    metadata: { videoId: o.videoId ?? '', filename: file.name, filetype: file.type },
    headers: o.csrf ? { 'x-csrf-token': o.csrf } : {},
    fingerprint: fingerprintFor(o.userId),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onProgress: o.onProgress,
    onShouldRetry(err) {
      const res = (err as tus.DetailedError).originalResponse;
      // The server's refusals (not yours, too large, not a video, the video already has its file)
      // will not change on retry; tus's own 409 and 423 (offset mismatch, locked) do (upload-messages.ts).
      const retry = retriesUpload(res?.getStatus() ?? 0, serverError(res?.getBody())?.code ?? null);
      if (retry) o.onRetry();
      return retry;
    },
    onSuccess: o.onSuccess,
    onError(err) {
      const res = (err as tus.DetailedError).originalResponse;
      const body = res?.getBody();
      const error = serverError(body);
      o.onError(error?.message ?? plainText(body) ?? err.message, res?.getStatus() ?? null, error?.code ?? null, error?.params ?? {});
    }
  });
  return {
    upload,
    findPrevious: () => upload.findPreviousUploads() as Promise<PreviousUpload[]>,
    resume: (previous) => upload.resumeFromPreviousUpload(previous),
    start: () => upload.start(),
    pause: () => void upload.abort()
  };
}

/** The API's `{error: {code, message, params}}` body; null for tus's plain-text answers and network failures. */
function serverError(body: string | undefined): { code: string | null; message: string | null; params: Record<string, string | number> } | null {
  if (!body) return null;
  try {
    const error = JSON.parse(body)?.error;
    return error
      ? {
          code: typeof error.code === 'string' ? error.code : null,
          message: typeof error.message === 'string' ? error.message : null,
          params: error.params && typeof error.params === 'object' ? error.params : {}
        }
      : null;
  } catch {
    return null;
  }
}

/** tus's own short plain-text answers ("Invalid Upload-Offset"), shown as they are. */
function plainText(body: string | undefined): string | null {
  if (!body || body.length >= 300) return null;
  try {
    JSON.parse(body);
    return null;
  } catch {
    return body;
  }
}

/** This producer's unfinished uploads remembered by this browser (for the "Unfinished uploads" list). */
export async function pendingUploads(userId: string): Promise<PreviousUpload[]> {
  if (!tus.canStoreURLs) return [];
  const all = (await tus.defaultOptions.urlStorage.findAllUploads()) as PreviousUpload[];
  return all.filter((u) => u.urlStorageKey.startsWith(keyPrefix(userId)));
}

/**
 * Forgets an unfinished upload: cancels it on the server too (tus termination), so its draft may take
 * another file at once (one upload per draft) and its declared size no longer counts against the quota.
 */
export async function forgetUpload(previous: PreviousUpload, csrf: string | null): Promise<void> {
  if (previous.uploadUrl) {
    // Already gone on the server (finished, expired) is fine: forgetting is what was asked.
    await tus.Upload.terminate(previous.uploadUrl, { headers: csrf ? { 'x-csrf-token': csrf } : {}, retryDelays: null }).catch(() => {});
  }
  await tus.defaultOptions.urlStorage.removeUpload(previous.urlStorageKey);
}
