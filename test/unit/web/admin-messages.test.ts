import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { ADMIN_MESSAGE_ROWS, adm, admError } from '../../../web/lib/admin/messages.ts';

describe('admin page messages', () => {
  checkMessageRows(ADMIN_MESSAGE_ROWS);

  it('translates the accounts service’s error codes, and only those', () => {
    expect(admError('en', 'own_account')).toMatch(/your own account/);
    expect(admError('uz', 'weak_password')).toMatch(/8/);
    expect(admError('en', 'no_such_code')).toBeNull();
    expect(adm('xx', 'disable')).toBe('Отключить');
  });
});
