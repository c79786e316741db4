import { describe, expect, it } from 'vitest';
import { THEMES, isTheme, nextTheme, parseTheme } from '../../../web/lib/theme/theme.ts';

describe('theme cookie', () => {
  it('reads the three choices and takes anything else for "system"', () => {
    for (const t of THEMES) expect(parseTheme(t)).toBe(t);
    for (const bad of [undefined, '', 'Dark', 'dark; path=/', '<script>', 42]) expect(parseTheme(bad)).toBe('system');
    expect(isTheme('light')).toBe(true);
    expect(isTheme('sepia')).toBe(false);
  });

  it('the toggle cycles system → light → dark → system', () => {
    expect(nextTheme('system')).toBe('light');
    expect(nextTheme('light')).toBe('dark');
    expect(nextTheme('dark')).toBe('system');
  });
});
