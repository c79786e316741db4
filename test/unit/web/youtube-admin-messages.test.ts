import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { YOUTUBE_MESSAGE_ROWS, ytError, ytm } from '../../../web/lib/admin/youtube-messages.ts';
import { ERROR_STATUS } from '../../../server/errors.ts';

describe('admin page: YouTube section messages', () => {
  // Names of things that stay in Latin letters in Tajik text: YouTube, API, OAuth, IDs, settings' names.
  checkMessageRows(YOUTUBE_MESSAGE_ROWS, { tajikLatin: /YouTube|Google|Efir|API|OAuth|ID|UC|YOUTUBE_[A-Z_]+/g });

  it('translates every youtube_* error code', () => {
    const codes = Object.keys(ERROR_STATUS).filter((c) => c.startsWith('youtube_'));
    expect(codes.length).toBeGreaterThanOrEqual(8);
    for (const code of codes) for (const lang of ['ru', 'uz', 'tg', 'az', 'ro', 'en']) expect(ytError(lang, code), `${lang} ${code}`).not.toBeNull();
    expect(ytError('en', 'youtube_auth')).toMatch(/connect the account again/);
    expect(ytError('en', 'no_such_code')).toBeNull();
    expect(ytm('xx', 'sync_now')).toBe('Синхронизировать сейчас');
    expect(ytm('en', 'quota_spent', { spent: 120, budget: 10000 })).toBe('120 of 10000 units');
  });
});
