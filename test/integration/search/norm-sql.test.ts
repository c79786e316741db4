/**
 * efir_norm (migration 009), THE normalising function of search, on the database this pass runs
 * (PGlite, or PostgreSQL with DATABASE_URL): every spelling variant people type folds to the same
 * text as the proper spelling, so the index and the query meet; and its TypeScript mirror
 * (server/search/normalize.ts, which places the marks) gives the same text on the six languages'
 * subtitle fixtures, titles and what people type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { openDb, type Db } from '../../../server/db/index.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { dataPaths } from '../../../config/index.ts';
import { freshDatabase, tempDir } from '../../helpers/env.ts';
import { parseSubtitles } from '../../../media/subtitles/index.ts';
import { efirNorm, foldChar } from '../../../server/search/normalize.ts';

let db: Db;
let drop: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  const fresh = await freshDatabase(dir);
  drop = fresh.drop;
  db = await openDb({ databaseUrl: fresh.url, pgliteDir: dataPaths(dir).db });
  await migrate(db);
});

afterAll(async () => {
  await db?.close();
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

const norm = async (s: string) => (await db.query<{ n: string }>('select efir_norm($1) as n', [s]))[0]!.n;

describe('efir_norm', () => {
  // [what people type, the proper spelling]: both must normalise to the same text
  const variants: [string, string][] = [
    // Uzbek oʻ gʻ (U+02BB) typed with ' ‘ ` ʼ ’ or without the apostrophe
    ["o'zbek", 'oʻzbek'],
    ['o‘zbek', 'oʻzbek'],
    ['o`zbek', 'oʻzbek'],
    ['oʼzbek', 'oʻzbek'],
    ['o’zbek', 'oʻzbek'],
    ['ozbek', 'oʻzbek'],
    ["tog'", 'togʻ'],
    ['tog', 'togʻ'],
    ["MAʼLUMOT G'ALABA", 'maʼlumot gʻalaba'],
    // Romanian cedilla ş ţ for comma ș ț, and no diacritics at all
    ['şcoală', 'școală'],
    ['ţară', 'țară'],
    ['scoala', 'școală'],
    ['tara', 'țară'],
    ['INVĂŢĂMÂNT', 'învățământ'],
    ['invatamant', 'învățământ'],
    // Russian е for ё
    ['елка', 'ёлка'],
    ['ЕЩЕ', 'ещё'],
    // Tajik typed with Russian letters
    ['хуччат', 'ҳуҷҷат'],
    ['кисми', 'қисмӣ'],
    ['гулом', 'ғулом'],
    ['рузи', 'рӯзи'],
    ['ХУҶҶАТ', 'ҳуҷҷат'],
    // Azerbaijani on phones without ə ı, and the rest of its letters without diacritics
    ['elaqe', 'əlaqə'],
    ['isiq', 'işıq'],
    ['cox', 'çox'],
    ['gozel', 'gözəl'],
    ['ISIQ', 'IŞIQ']
  ];
  it.each(variants)('%s and %s meet', async (typed, proper) => {
    const [a, b] = [await norm(typed), await norm(proper)];
    expect(a).toBe(b);
  });

  it('folds to plain letters: lower case, no marks, no apostrophe-likes, Tajik and Azerbaijani letters folded', async () => {
    expect(await norm('ЁЛКА Ҳуҷҷати қисмӣ ғ ӯ')).toBe('елка хуччати кисми г у');
    expect(await norm("Oʻzbekiston o'g'il ‘x’ `y`")).toBe('ozbekiston ogil x y');
    expect(await norm('Şcoala Ţării ȘȚ ĂÂÎ')).toBe('scoala tarii st aai');
    expect(await norm('Əlaqə IŞIQ çğöü')).toBe('elaqe isiq cgou');
    // what has no variant stays: Russian й, digits, other punctuation
    expect(await norm('Й 2024 & | ! ( ) : *')).toBe('й 2024 & | ! ( ) : *');
  });

  it('is immutable (usable in generated columns and indexes) and strict', async () => {
    const rows = await db.query<{ proname: string; provolatile: string; proisstrict: boolean }>(
      `select proname, provolatile, proisstrict from pg_proc where proname in ('efir_norm', 'efir_unaccent') order by proname`
    );
    expect(rows).toEqual([
      { proname: 'efir_norm', provolatile: 'i', proisstrict: true },
      { proname: 'efir_unaccent', provolatile: 'i', proisstrict: true }
    ]);
    expect((await db.query<{ n: string | null }>('select efir_norm(null) as n'))[0]!.n).toBeNull();
  });
});

describe('the TypeScript mirror of efir_norm', () => {
  const FIXTURES = path.resolve(import.meta.dirname, '../../unit/subtitles/fixtures');
  const cues = fs
    .readdirSync(FIXTURES)
    .filter((f) => !f.endsWith('.md'))
    .flatMap((f) => parseSubtitles(fs.readFileSync(path.join(FIXTURES, f)), f).cues.map((c) => c.text));
  const typed = [
    "Oʻzbekiston o'g'il O‘ZBEK o`zbek Gʻalaba MAʼLUMOT",
    'Şcoală ŞŢĂÂÎ ȘȚ învățământ Moldova',
    'ЁЛКА Ёж ещё, «Патент» — 2024… “quoted” ‘single’',
    'ҲУҶҶАТ Ҳуҷҷатҳои қисмӣ Ғулом Рӯзи Ӯ Ӣ Қ Ғ Ҳ Ҷ',
    'Əlaqə İŞIQ işıq ÇÖÜĞ çöüğ',
    // (not ½ ¼ ¾: PostgreSQL 15's unaccent gives '1/2', 17's ' 1/2')
    'Straße Æ œ ø ł đ × ÷ © ®',
    'Mixed: patentпатентҳуҷҷат 😀🔥 & | ! ( ) : * \' %_ \\',
    'Ελληνικά άέήίόύώ Ñandú Ångström Čeština ŽŠČ'
  ];

  it('gives the same text as SQL on every cue of the six languages\' fixtures and on what people type', async () => {
    const corpus = [...cues, ...typed];
    expect(cues.length).toBeGreaterThanOrEqual(36);
    const rows = await db.query<{ n: string }>('select efir_norm(s) as n from unnest($1::text[]) with ordinality as t(s, i) order by i', [corpus]);
    const differ = corpus.map((s, i) => ({ s, sql: rows[i]!.n, ts: efirNorm(s) })).filter((d) => d.sql !== d.ts);
    expect(differ).toEqual([]);
  });

  it('folds each character of the six alphabets as SQL does, one by one', async () => {
    const alphabets =
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' +
      'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ' +
      'ғӣқӯҳҷҒӢҚӮҲҶ' + 'ʻʼ‘’`\'' + 'şşţţșțăâîŞŢȘȚĂÂÎ' + 'əıçğöüşƏIİÇĞÖÜŞ';
    const chars = [...alphabets];
    const rows = await db.query<{ n: string }>('select efir_norm(s) as n from unnest($1::text[]) with ordinality as t(s, i) order by i', [chars]);
    const differ = chars.map((c, i) => ({ c, sql: rows[i]!.n, ts: foldChar(c) })).filter((d) => d.sql !== d.ts);
    expect(differ).toEqual([]);
  });
});
