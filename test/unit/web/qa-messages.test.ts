import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { QA_MESSAGE_ROWS, qt } from '../../../web/lib/qa/messages.ts';

describe('Q&A and console messages', () => {
  checkMessageRows(QA_MESSAGE_ROWS);

  it('after a broadcast says questions are closed, never invites a first one', () => {
    expect(qt('en', 'qa_closed_ended')).toMatch(/closed/);
    for (const lang of ['ru', 'uz', 'tg', 'az', 'ro', 'en']) expect(qt(lang, 'qa_none_answered')).not.toBe(qt(lang, 'qa_empty'));
  });
});
