/**
 * Messages for components: the root layout's data carries the catalogue of the request's language
 * (only that one reaches the browser), and reading it through `page` keeps templates reactive when
 * the language changes.
 */
import { page } from '$app/state';
import { fmt, type MessageKey, type Messages, type UiLang } from './index.ts';

export const ui = {
  get lang(): UiLang {
    return page.data.lang as UiLang;
  },
  get m(): Messages {
    return page.data.m as Messages;
  },
  t(key: MessageKey, params?: Record<string, string | number>): string {
    const m = page.data.m as Messages | undefined;
    return fmt(m?.[key] ?? key, params);
  }
};
