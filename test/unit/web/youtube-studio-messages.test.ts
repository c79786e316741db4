import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { YOUTUBE_STUDIO_ROWS, publishProblem, yts } from '../../../web/lib/studio/youtube-messages.ts';

describe('studio YouTube messages', () => {
  checkMessageRows(YOUTUBE_STUDIO_ROWS, { tajikLatin: /YouTube|Efir|API|OAuth|Google|private/g });

  it('translates the publish refusals, and only those', () => {
    expect(publishProblem('en', 'youtube_quota')).toMatch(/quota/);
    expect(publishProblem('uz', 'youtube_not_connected')).toMatch(/OAuth/);
    expect(publishProblem('en', 'no_such_code')).toBeNull();
    expect(yts('xx', 'publish_button')).toBe('Опубликовать на YouTube');
    expect(yts('ro', 'publish_uploading', { percent: 40 })).toBe('Se încarcă pe YouTube: 40%');
  });
});
