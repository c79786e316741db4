/**
 * Every message table of the web app, in one place (issue 13, "six languages, everywhere"): a key
 * missing or empty in any of the six languages fails, and so does a Uzbek, Tajik, Azerbaijani or
 * Romanian value identical to the Russian or the English one — the usual trace of a word copied in
 * and never translated. Words that really are the same (brand names, loanwords, unit symbols) are in
 * SAME_ON_PURPOSE with the reason; strings with no letters besides their {placeholders} pass.
 *
 * The tables are the catalogues' namespaces (MESSAGE_TABLES, test/helpers/lang-leaks.ts, which the
 * pages' language tests read too); the last test fails on a row of six languages written anywhere
 * else in web/, so no message escapes these checks.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UI_LANGS } from '../../../web/lib/i18n/index.ts';
import { MESSAGE_TABLES as TABLES, wrongScript } from '../../helpers/lang-leaks.ts';

type CheckedLang = 'uz' | 'tg' | 'az' | 'ro';
const CHECKED: readonly CheckedLang[] = ['uz', 'tg', 'az', 'ro'];

/**
 * `table.key` → the languages whose value may equal the Russian or English one, and why. Keep it
 * small: an entry here is a claim that a reader of that language writes the word exactly so.
 */
const SAME_ON_PURPOSE: Record<string, { langs: CheckedLang[]; reason: string }> = {
  'site.site_name': { langs: ['uz', 'tg', 'az', 'ro'], reason: 'the brand: Efir in Latin scripts, Эфир in Cyrillic' },
  'site.nav_library': { langs: ['tg'], reason: 'Видеотека is the Tajik loanword (as Videoteka in Uzbek and Azerbaijani)' },
  'site.library_title': { langs: ['tg'], reason: 'Видеотека, as site.nav_library' },
  'site.nav_studio': { langs: ['tg', 'ro'], reason: 'Студия (Tajik) and Studio (Romanian) are those languages’ words' },
  'studio.title': { langs: ['tg', 'ro'], reason: 'as site.nav_studio' },
  'studio.column_file': { langs: ['tg'], reason: 'Файл is the Tajik word' },
  'admin.role_producer': { langs: ['tg'], reason: 'Продюсер is the Tajik word' },
  'admin.role_moderator': { langs: ['uz', 'tg', 'az', 'ro'], reason: 'Moderator / Модератор is the word in all four' },
  'admin_youtube.channel': { langs: ['tg'], reason: 'Канал is the Tajik word' },
  'library.collection_count': { langs: ['tg'], reason: '“Видео: {n}” — видео is the Tajik word' },
  'site.player_tap_back': { langs: ['uz', 'tg', 'ro'], reason: 'a number and the unit symbol of seconds: s in Latin scripts, с in Cyrillic' },
  'site.player_tap_forward': { langs: ['uz', 'tg', 'ro'], reason: 'a number and the unit symbol of seconds: s in Latin scripts, с in Cyrillic' },
  'variants.mb': { langs: ['uz', 'tg', 'az', 'ro'], reason: 'the unit symbol: MB in Latin scripts, МБ in Cyrillic' },
  'live.st_server': { langs: ['uz', 'tg', 'az', 'ro'], reason: 'Server / Сервер is the word in all four' },
  'live.live_badge': { langs: ['tg'], reason: 'ЭФИР: эфир is the Tajik word (the broadcasts are Эфирҳо)' },
  'live.cd_minutes': { langs: ['ro'], reason: 'min is the Romanian abbreviation of minute' },
  'live.cd_seconds': { langs: ['ro'], reason: 'sec is the Romanian abbreviation of secunde' },
  'editor.text': { langs: ['ro'], reason: 'Text is the Romanian word' },
  'errors.field.text': { langs: ['ro'], reason: 'Text is the Romanian word' },
  'editor.kind_upload': { langs: ['tg'], reason: 'файл is the Tajik word' },
  'studio_youtube.privacy_public': { langs: ['ro'], reason: 'Public is the Romanian word (YouTube’s Romanian label too)' }
};

const norm = (s: string) => s.trim().toLocaleLowerCase('en');
/** Only placeholders, digits and punctuation: nothing a language could translate. */
const hasWords = (s: string) => /\p{L}/u.test(s.replace(/\{\w+\}/g, ''));

describe('every message table', () => {
  it.each(Object.keys(TABLES))('%s: every key in all six languages, none empty', (name) => {
    const problems: string[] = [];
    for (const [key, row] of Object.entries(TABLES[name]!.rows)) {
      UI_LANGS.forEach((lang, i) => {
        const text = row[i];
        if (typeof text !== 'string' || text.trim() === '') problems.push(`${name}.${key} ${lang}: missing or empty`);
      });
    }
    expect(problems).toEqual([]);
  });

  it.each(Object.keys(TABLES))('%s: nothing left in Russian or English in uz, tg, az, ro', (name) => {
    const untranslated: string[] = [];
    for (const [key, row] of Object.entries(TABLES[name]!.rows)) {
      const [ru, en] = [row[0] ?? '', row[5] ?? ''];
      const allowed = SAME_ON_PURPOSE[`${name}.${key}`]?.langs ?? [];
      for (const lang of CHECKED) {
        const text = row[UI_LANGS.indexOf(lang)] ?? '';
        if (!hasWords(text) || allowed.includes(lang)) continue;
        if (norm(text) === norm(ru)) untranslated.push(`${name}.${key} ${lang}: ${JSON.stringify(text)} is the Russian`);
        else if (norm(text) === norm(en)) untranslated.push(`${name}.${key} ${lang}: ${JSON.stringify(text)} is the English`);
      }
    }
    expect(untranslated).toEqual([]);
  });

  it.each(Object.keys(TABLES))('%s: each language in its own script (no Russian left in a Latin one, no English in a Cyrillic one)', (name) => {
    const wrong: string[] = [];
    for (const [key, row] of Object.entries(TABLES[name]!.rows)) {
      UI_LANGS.forEach((lang, i) => {
        // Placeholders, settings' names (YOUTUBE_OAUTH_CLIENT_ID, UC…) and markup (<u>) are not words.
        const text = (row[i] ?? '').replace(/\{\w+\}/g, ' ').replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ').replace(/<\/?\w+>/g, ' ');
        const words = wrongScript(lang, text);
        if (words.length) wrong.push(`${name}.${key} ${lang}: ${words.join(', ')}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('allows only real sameness: every SAME_ON_PURPOSE entry names a key and is still needed', () => {
    const stale: string[] = [];
    for (const [id, { langs }] of Object.entries(SAME_ON_PURPOSE)) {
      const name = id.slice(0, id.indexOf('.'));
      const key = id.slice(id.indexOf('.') + 1);
      const row = TABLES[name]?.rows[key];
      if (!row) { stale.push(`${id}: no such key`); continue; }
      for (const lang of langs) {
        const text = norm(row[UI_LANGS.indexOf(lang)] ?? '');
        if (text !== norm(row[0]!) && text !== norm(row[5]!)) stale.push(`${id} ${lang}: translated now, drop it`);
      }
    }
    expect(stale).toEqual([]);
  });

  it('keeps every message in the catalogues: no other file of web/ holds a row of words in six languages', () => {
    const root = join(import.meta.dirname, '../../../web');
    // A row as the old per-part tables wrote them: six quoted strings in brackets, Cyrillic and Latin words among them.
    const row = /\[\s*(?:'(?:[^'\\\n]|\\.)*'\s*,\s*){5}'(?:[^'\\\n]|\\.)*'\s*,?\s*\]/g;
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|svelte)$/.test(entry.name) && !relative(root, path).startsWith(join('lib', 'i18n', 'catalogues'))) {
          for (const m of readFileSync(path, 'utf8').matchAll(row)) {
            if (/\p{Script=Cyrillic}/u.test(m[0]) && /\p{Script=Latin}{3}/u.test(m[0])) found.push(`${relative(root, path)}: ${m[0].slice(0, 60)}…`);
          }
        }
      }
    };
    walk(root);
    expect(found).toEqual([]);
    expect(readdirSync(join(root, 'lib/i18n/catalogues')).sort()).toEqual(UI_LANGS.map((l) => `${l}.ts`).sort());
  });
});
