import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { LIVE_MESSAGE_ROWS, lt } from '../../../web/lib/live/messages.ts';

describe('live broadcast messages', () => {
  checkMessageRows(LIVE_MESSAGE_ROWS, { tajikLatin: /OBS|H\.264|AAC|x264|Custom|Start Streaming|JPEG|PNG|WebP|LIVE/g });

  it('fills placeholders and falls back to Russian', () => {
    expect(lt('en', 'st_rotated_at', { time: '10:00' })).toBe('Key issued 10:00');
    expect(lt('xx', 'home_live_now')).toBe('Сейчас в эфире');
    expect(lt('tg', 'live_ended')).toBe('Эфир ба охир расид');
  });
});
