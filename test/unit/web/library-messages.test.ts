import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { LIBRARY_MESSAGE_ROWS, lm, lmError } from '../../../web/lib/library/messages.ts';

describe('library (YouTube side, collections) messages', () => {
  checkMessageRows(LIBRARY_MESSAGE_ROWS, { tajikLatin: /YouTube/g });

  it('translates the collections service’s refusals; an unknown code keeps the service’s message', () => {
    expect(lmError('en', { code: 'invalid_state', message: 'x' })).toMatch(/on YouTube only/);
    expect(lmError('uz', { code: 'invalid_field', message: 'title: must not be empty', params: { field: 'title', rule: 'required' } })).toBe('Nomi: bu maydonni toʻldiring.');
    // Never the server's English: an unknown code gets the language's general sentence.
    expect(lmError('ru', { code: 'no_such_code', message: 'as is' })).toMatch(/^На сервере произошла ошибка/);
    expect(lm('xx', 'collections')).toBe('Подборки');
    expect(lm('tg', 'next_in', { title: 'Патент' })).toBe('Баъдӣ дар маҷмӯаи «Патент»');
  });
});
