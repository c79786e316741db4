import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { AUTH_MESSAGE_ROWS, throttledMessage } from '../../../web/lib/auth/messages.ts';

describe('sign-in messages', () => {
  // Two short rows: too little text for every letter check, but the scripts must still be right.
  checkMessageRows(AUTH_MESSAGE_ROWS, { letters: false });

  it('says the wait in seconds under a minute and in whole minutes (rounded up) from a minute on', () => {
    expect(throttledMessage('en', 12)).toBe('Too many sign-in attempts. Try again in 12 s.');
    expect(throttledMessage('en', 61)).toBe('Too many sign-in attempts. Try again in 2 min.');
    expect(throttledMessage('tg', 600)).toMatch(/10 дақиқа/);
    expect(throttledMessage('xx', 0)).toMatch(/через 1 с\.$/);
  });
});
