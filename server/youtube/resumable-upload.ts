/**
 * Google's resumable upload protocol for videos.insert, spoken through YoutubeApi.request (the one
 * place that talks to the Data API; @googleapis/youtube's media upload is multipart only and ignores
 * rootUrl). https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
 *
 *  1. POST {apiRoot}upload/youtube/v3/videos?uploadType=resumable&part=… with the video resource as
 *     JSON and X-Upload-Content-Length/-Type: the session URI comes back in Location. This is the
 *     call that costs videos.insert's 1600 units; the chunks after it are not booked again.
 *  2. PUT the bytes to the session URI in chunks whose size is a multiple of 256 KiB (the last one
 *     excepted), each with `Content-Range: bytes FIRST-LAST/TOTAL`; 308 Resume Incomplete with
 *     `Range: bytes=0-N` says what YouTube holds (N+1 bytes), 200/201 with the video resource ends it.
 *  3. After an interruption (a dropped connection, a 5xx, a process restart): PUT with no body and
 *     `Content-Range: bytes *\/TOTAL` (no body); the 308's Range tells where to go on from (no Range: from 0), a
 *     200/201 says the upload had in fact completed (its resource, so no second copy is made), a
 *     404/410 says the session expired (about a week) without making a video.
 * A chunk is never retried blindly: YouTube may have kept part of it, so the status query decides.
 */
import fs from 'node:fs/promises';
import type { RawResponse, YoutubeApi } from './api.ts';
import { YoutubeApiError } from './api.ts';

/** Chunks must be multiples of this (Google's rule for every chunk but the last). */
export const CHUNK_GRANULE = 256 * 1024;
/** 8 MiB: a weak uplink finishes each chunk, and few round trips are wasted. */
export const DEFAULT_CHUNK_SIZE = 32 * CHUNK_GRANULE;
/** Status queries in a row that may find no progress before the upload gives up (it is then retried as a job). */
const MAX_STALLS = 5;

export type Api = Pick<YoutubeApi, 'request'>;

/** The video resource YouTube answers when the upload completes (the fields Efir reads). */
export interface UploadedVideo {
  id: string;
  status?: { uploadStatus?: string; privacyStatus?: string };
  [more: string]: unknown;
}

export type SessionState = { done: false; offset: number } | { done: true; video: UploadedVideo } | { expired: true };

export interface StartSession {
  /** The resource to create: snippet (title, description, defaultLanguage), status, localizations. */
  resource: Record<string, unknown>;
  parts: string[];
  totalBytes: number;
  contentType: string;
}

/** Step 1: the session URI (booked as videos.insert, purpose 'publish'). */
export async function startSession(api: Api, s: StartSession): Promise<string> {
  const res = await api.request('videos.insert', 'publish', {
    method: 'POST',
    path: 'upload/youtube/v3/videos',
    query: { uploadType: 'resumable', part: s.parts.join(',') },
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      'X-Upload-Content-Length': String(s.totalBytes),
      'X-Upload-Content-Type': s.contentType
    },
    body: JSON.stringify(s.resource),
    // A retried session start after an answer lost in transit only leaves an unused session behind
    // (a video exists only once its bytes complete), so retrying it is safe.
    retry: true
  });
  const location = res.headers.get('location');
  if (!location) throw new YoutubeApiError('youtube_bad_answer', 'videos.insert: the resumable session answer has no Location header', 'noLocation', res.status);
  return location;
}

/** Step 3: what YouTube holds of this session. */
export async function querySession(api: Api, sessionUri: string, totalBytes: number): Promise<SessionState> {
  let res: RawResponse;
  try {
    res = await api.request('videos.insert', 'publish', {
      method: 'PUT',
      url: sessionUri,
      headers: { 'Content-Range': `bytes */${totalBytes}` },
      body: Buffer.alloc(0),
      units: 0,
      okStatuses: [308]
    });
  } catch (err) {
    if (err instanceof YoutubeApiError && (err.httpStatus === 404 || err.httpStatus === 410)) return { expired: true };
    throw err;
  }
  if (res.status === 308) return { done: false, offset: rangeEnd(res.headers.get('range')) };
  return { done: true, video: uploaded(res) };
}

export interface UploadOptions {
  sessionUri: string;
  file: string;
  totalBytes: number;
  /** Where YouTube's copy ends (querySession), 0 for a new session. */
  offset: number;
  chunkSize?: number;
  /** After each chunk YouTube confirmed: how many bytes it holds. */
  onProgress?: (bytesConfirmed: number) => Promise<void> | void;
}

/**
 * Step 2 from `offset` to the end, with step 3 after every interruption; resolves with the video
 * resource. Failures other than interruptions (quota, auth, a refusal) are thrown as they are.
 */
export async function uploadChunks(api: Api, o: UploadOptions): Promise<UploadedVideo> {
  const chunkSize = o.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (chunkSize <= 0 || chunkSize % CHUNK_GRANULE !== 0) throw new Error(`chunk size ${chunkSize} is not a multiple of 256 KiB`);
  const handle = await fs.open(o.file, 'r');
  try {
    let offset = o.offset;
    let stalls = 0;
    for (;;) {
      const end = Math.min(o.totalBytes, offset + chunkSize);
      const chunk = Buffer.alloc(end - offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      if (bytesRead !== chunk.length) throw new Error(`${o.file}: changed during the upload (read ${bytesRead} of ${chunk.length} bytes at ${offset})`);
      let res: RawResponse | null = null;
      try {
        res = await api.request('videos.insert', 'publish', {
          method: 'PUT',
          url: o.sessionUri,
          headers: { 'Content-Range': `bytes ${offset}-${end - 1}/${o.totalBytes}`, 'Content-Type': 'application/octet-stream' },
          body: chunk,
          units: 0,
          okStatuses: [308],
          retry: false,
          timeoutMs: 10 * 60_000
        });
      } catch (err) {
        if (!(err instanceof YoutubeApiError) || err.code !== 'youtube_unavailable') throw err;
      }
      if (res && res.status !== 308) return uploaded(res);
      // 308 after a chunk, or an interruption: YouTube's Range is the truth either way.
      const state = res ? ({ done: false, offset: rangeEnd(res.headers.get('range')) } as const) : await querySession(api, o.sessionUri, o.totalBytes);
      if ('expired' in state) throw new YoutubeApiError('youtube_not_found', 'videos.insert: the upload session expired; publishing again starts a new one', 'sessionExpired', 404);
      if (state.done) return state.video;
      stalls = state.offset > offset ? 0 : stalls + 1;
      if (stalls >= MAX_STALLS) {
        throw new YoutubeApiError('youtube_unavailable', `videos.insert: no progress after ${MAX_STALLS} tries at byte ${state.offset}`, 'stalled', null);
      }
      offset = state.offset;
      await o.onProgress?.(offset);
    }
  } finally {
    await handle.close();
  }
}

/** `Range: bytes=0-N` → N+1 (the next byte to send); no header: nothing kept yet. */
export function rangeEnd(header: string | null): number {
  if (!header) return 0;
  const m = /^bytes=0-(\d+)$/.exec(header.trim());
  if (!m) throw new YoutubeApiError('youtube_bad_answer', `videos.insert: unexpected Range header ${JSON.stringify(header)}`, 'badRange', 308);
  return Number(m[1]) + 1;
}

function uploaded(res: RawResponse): UploadedVideo {
  const video = res.json<UploadedVideo>();
  if (!video || typeof video.id !== 'string' || !video.id) {
    throw new YoutubeApiError('youtube_bad_answer', 'videos.insert: the completed upload answered no video id', 'noId', res.status);
  }
  return video;
}
