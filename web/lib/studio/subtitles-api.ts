/** Attaching and removing one language's subtitle file through the API (raw bytes, the parser detects the encoding). */
import { api } from '$lib/api.ts';
import type { StudioSubtitle } from '../../../server/services/studio.ts';

export function putSubtitle(videoId: string, lang: string, file: File, csrf: string | null): Promise<{ subtitle: StudioSubtitle }> {
  return api('PUT', `/api/studio/videos/${encodeURIComponent(videoId)}/subtitles/${lang}`, {
    csrf,
    body: file,
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) }
  });
}

export function deleteSubtitle(videoId: string, lang: string, csrf: string | null): Promise<unknown> {
  return api('DELETE', `/api/studio/videos/${encodeURIComponent(videoId)}/subtitles/${lang}`, { csrf });
}
