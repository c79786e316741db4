/**
 * The colour theme a viewer chose in the header: "system" follows the device's
 * prefers-color-scheme; "light" and "dark" override it. Kept in a cookie so the server writes
 * <html data-theme> into the first byte of every page (no light flash before a script runs).
 */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = 'efir_theme';

export function isTheme(v: unknown): v is Theme {
  return typeof v === 'string' && (THEMES as readonly string[]).includes(v);
}

/** An absent or tampered cookie means "system". */
export function parseTheme(v: unknown): Theme {
  return isTheme(v) ? v : 'system';
}

/** The toggle cycles system → light → dark → system. */
export function nextTheme(t: Theme): Theme {
  return THEMES[(THEMES.indexOf(t) + 1) % THEMES.length];
}
