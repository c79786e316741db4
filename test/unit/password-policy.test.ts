import { expect, test } from 'vitest';
import { passwordProblem } from '../../config/password-policy.ts';
import { loadConfig } from '../../config/index.ts';

test('the password policy: length, the common-password list, one repeated character, the email itself', () => {
  expect(passwordProblem('1234567')).toMatch(/at least 8 characters/);
  expect(passwordProblem('12345678')).toMatch(/most common/);
  expect(passwordProblem('QWERTYUIOP')).toMatch(/most common/);
  expect(passwordProblem('йцукенгш')).toMatch(/most common/);
  expect(passwordProblem('aaaaaaaaaaab')).toMatch(/one or two different characters/);
  expect(passwordProblem('ivan.petrov', 'Ivan.Petrov@example.test')).toMatch(/email/);
  expect(passwordProblem('correct horse battery', 'ivan@example.test')).toBeNull();
  expect(passwordProblem('пароль для эфира')).toBeNull();
});

test('ADMIN_PASSWORD goes through the same policy at start', () => {
  expect(() => loadConfig({ ADMIN_EMAIL: 'a@example.test', ADMIN_PASSWORD: '12345678' })).toThrow(/ADMIN_PASSWORD: is one of the most common passwords/);
  expect(loadConfig({ ADMIN_EMAIL: 'a@example.test', ADMIN_PASSWORD: 'a long admin passphrase' }).adminPassword).toBe('a long admin passphrase');
});
