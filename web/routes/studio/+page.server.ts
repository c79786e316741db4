import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { actionFailure } from '$lib/server/action-error.ts';
import { requireRole } from '$lib/server/guard.ts';
import { textsFromForm } from '$lib/studio/texts-form.ts';
import { EfirError } from '../../../server/errors.ts';
import { PRIVACY_STATUSES, type PrivacyStatus } from '../../../server/youtube/publish.ts';

/**
 * The producer's videos (an admin's: everybody's) and the channel's mirrored ones, newest first, with
 * state, run progress, subtitles, and where each stands with YouTube (publications).
 */
export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'producer');
  const { searchParams } = event.url;
  // ?q=: "My videos" narrowed to what the search finds among them (scope 'studio': the producer's
  // own, an admin's all, drafts and videos in processing too), a page of hits at a time (?page=N).
  const q = searchParams.get('q') ?? '';
  const page = Number(searchParams.get('page') ?? 1);
  // The channel's videos a page at a time (?channel=N): a channel has thousands.
  const [{ videos, channel }, found] = await Promise.all([
    event.locals.efir.studio.listWithChannel(user, Number(searchParams.get('channel') ?? 1)),
    q.trim() === ''
      ? Promise.resolve(null)
      : event.locals.efir.search.search({ q, page: Number.isSafeInteger(page) && page >= 1 ? page : 1, lang: event.locals.lang, scope: 'studio' }, user)
  ]);
  const publications = await event.locals.efir.youtube.publish.views(videos.map((v) => v.id));
  // How long a failed upload stays before the sweep removes it (the page says when).
  return {
    videos,
    channel,
    search: found ? { q, result: found, pages: Math.max(1, Math.ceil(found.total / found.pageSize)) } : null,
    publications: Object.fromEntries(publications),
    failedDraftDays: event.locals.efir.config.failedDraftDays
  };
};

/**
 * Form actions for what a form does well (works without JavaScript too). Each checks the role itself
 * (no layout load runs before an action); the service checks ownership of each video again.
 */
export const actions: Actions = {
  /** A draft to upload into: the page then sends subtitle files and the video over tus (JavaScript). */
  create: async (event) => {
    const user = requireRole(event, 'producer');
    const { locals, request } = event;
    const form = await request.formData();
    // Title and description in Russian, and the five translations (i18n.<lang>.title/description).
    const texts = textsFromForm(form);
    if (!texts.title.trim()) return fail(400, { action: 'create' as const, problem: { code: 'invalid_request' as const, message: 'title: must not be empty', field: 'title', params: { field: 'title', rule: 'required' } } });
    try {
      const video = await locals.efir.studio.createDraft(user, { ...texts, publishWhenReady: form.get('publishWhenReady') === 'on', holdFullLadder: form.get('holdFullLadder') === 'on' });
      return { action: 'create' as const, created: { id: video.id } };
    } catch (err) {
      return actionFailure(err, { action: 'create' as const });
    }
  },
  /** Publish to YouTube: queues the `publish` job (server/youtube/publish.ts); the page then follows its progress. */
  publishYoutube: async (event) => {
    const user = requireRole(event, 'producer');
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const privacy = String(form.get('privacyStatus') ?? 'public');
    try {
      if (!(PRIVACY_STATUSES as readonly string[]).includes(privacy)) throw new EfirError('invalid_field', `privacyStatus: one of ${PRIVACY_STATUSES.join(', ')}`, { field: 'privacyStatus' });
      const publication = await event.locals.efir.youtube.publish.request(user, id, privacy as PrivacyStatus);
      return { action: 'publishYoutube' as const, id, publication };
    } catch (err) {
      return actionFailure(err, { action: 'publishYoutube' as const, id });
    }
  },
  /** Every subtitle track's MP4 for messengers in one batch (server/variants/); the service checks the video is this producer's. */
  variants: async (event) => {
    const user = requireRole(event, 'producer');
    const id = String((await event.request.formData()).get('id') ?? '');
    try {
      const overview = await event.locals.efir.variants.makeAll(user, id, null, event.getClientAddress());
      return { action: 'variants' as const, id, langs: overview.variants.map((v) => v.lang) };
    } catch (err) {
      return actionFailure(err, { action: 'variants' as const, id });
    }
  },
  publish: async (event) => videoAction(event, 'publish'),
  unpublish: async (event) => videoAction(event, 'unpublish'),
  delete: async (event) => videoAction(event, 'delete')
};

async function videoAction(event: RequestEvent, action: 'publish' | 'unpublish' | 'delete') {
  const user = requireRole(event, 'producer');
  const id = String((await event.request.formData()).get('id') ?? '');
  try {
    await event.locals.efir.studio[action](user, id);
    return { action, id };
  } catch (err) {
    return actionFailure(err, { action, id });
  }
}
