import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { VARIANT_MESSAGE_ROWS, megabytes, vm, vmError } from '../../../web/lib/variants/messages.ts';

describe('subtitled variants messages', () => {
  checkMessageRows(VARIANT_MESSAGE_ROWS);

  it('translates the variant service’s refusals; an unknown code gets the general words of the error table', () => {
    expect(vmError('tg', { code: 'no_subtitles', message: 'x' })).toBe('Ин видео бо ин забон субтитр надорад.');
    expect(vmError('en', { code: 'no_such_code', message: 'disk on fire' })).toMatch(/^The video could not be prepared: Something went wrong on the server/);
    expect(vm('xx', 'share')).toBe('Поделиться');
    expect(megabytes('ru', 16_000_000)).toBe('16 МБ');
    expect(megabytes('en', 4_240_000)).toBe('4.2 MB');
    expect(megabytes('ro', 4_240_000)).toBe('4,2 MB');
  });
});
