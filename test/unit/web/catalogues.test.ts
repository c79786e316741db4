/**
 * The six catalogues (web/lib/i18n/catalogues), namespace by namespace: every key in every language,
 * none empty, the same {placeholders} in all six, each language in its own letters (message-rows.ts).
 * That no value is left in Russian or English is catalogue-coverage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkMessageRows, type MessageRowsOptions } from './message-rows.ts';
import { CATALOGUES } from '../../../web/lib/i18n/catalogues.server.ts';
import { PAGE_NAMESPACES, UI_LANGS, type Namespace } from '../../../web/lib/i18n/index.ts';
import { pluralCategory } from '../../../web/lib/i18n/plural.ts';

/** Latin names of things a Tajik message may hold, per namespace; `letters: false` for a namespace too short to show ə, ș… */
const OPTIONS: Partial<Record<Namespace, MessageRowsOptions>> = {
  site: { tajikLatin: /JavaScript/g },
  studio: { tajikLatin: /MP4|MOV|MKV|SRT|VTT|ASS|dars\.tg\.srt|YouTube/g },
  editor: { tajikLatin: /ASS|<[biu]>/g },
  library: { tajikLatin: /YouTube/g },
  live: { tajikLatin: /OBS|H\.264|AAC|x264|Custom|Start Streaming|JPEG|PNG|WebP|LIVE/g },
  auth: { letters: false },
  errors: { tajikLatin: /SubRip|WebVTT|WEBVTT|ASS\/SSA|ASS|UTF-8|MP4|H\.264|MOV|MKV|WebM|WebP|JPEG|PNG|AVI|MPEG-TS|Dialogue|Format|YouTube|API|\.srt|\.vtt|\.ass|<[biu]>/g },
  upload: { letters: false },
  failed_draft: { letters: false },
  studio_youtube: { tajikLatin: /YouTube|Efir|API|OAuth|Google|private/g },
  admin_youtube: { tajikLatin: /YouTube|Google|Efir|API|OAuth|ID|UC|YOUTUBE_[A-Z_]+/g }
};

const rowsOf = (ns: Namespace) =>
  Object.fromEntries(Object.keys(CATALOGUES.ru[ns]).map((key) => [key, UI_LANGS.map((lang) => (CATALOGUES[lang][ns] as Record<string, string>)[key]!)]));

const NAMESPACES = (Object.keys(CATALOGUES.ru) as Namespace[]).filter((ns) => ns !== 'plural');

describe.each(NAMESPACES)('catalogue namespace %s', (ns) => {
  checkMessageRows(rowsOf(ns), OPTIONS[ns]);
});

describe('the catalogues', () => {
  it('have the same namespaces and keys in all six languages', () => {
    for (const lang of UI_LANGS) {
      expect(Object.keys(CATALOGUES[lang]), lang).toEqual(Object.keys(CATALOGUES.ru));
      for (const ns of NAMESPACES) expect(Object.keys(CATALOGUES[lang][ns]).sort(), `${lang} ${ns}`).toEqual(Object.keys(CATALOGUES.ru[ns]).sort());
    }
  });

  it('send every namespace to the pages of exactly one part of the site', () => {
    const sent = Object.values(PAGE_NAMESPACES).flat();
    expect([...sent].sort()).toEqual(Object.keys(CATALOGUES.ru).sort());
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('give each unit the plural forms its language’s rules pick, and `other` always', () => {
    const units = new Set(Object.keys(CATALOGUES.ru.plural).map((k) => k.split('.')[0]!));
    for (const lang of UI_LANGS) {
      const forms = CATALOGUES[lang].plural as Record<string, string | undefined>;
      const categories = new Set(Array.from({ length: 200 }, (_, n) => pluralCategory(lang, n)));
      for (const unit of units) {
        expect(forms[`${unit}.other`], `${lang} ${unit}.other`).toBeTruthy();
        for (const category of categories) expect(forms[`${unit}.${category}`] ?? forms[`${unit}.other`], `${lang} ${unit}.${category}`).toMatch(/\{n\}/);
        for (const key of Object.keys(forms).filter((k) => k.startsWith(`${unit}.`))) {
          expect(categories.has(key.split('.')[1] as never) || key.endsWith('.other'), `${lang} ${key}: a form the language never uses`).toBe(true);
        }
      }
    }
  });
});
