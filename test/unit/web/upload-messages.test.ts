import { describe, expect, it } from 'vitest';
import { FINAL_UPLOAD_CODES, UPLOAD_MESSAGE_ROWS, runProblem, uploadProblem } from '../../../web/lib/studio/upload-messages.ts';

const ORDER = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;

describe('upload and disk messages of the studio', () => {
  it('has every string in the six languages, none empty, same placeholders', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, row] of Object.entries(UPLOAD_MESSAGE_ROWS)) {
      expect(row, key).toHaveLength(6);
      for (const text of row) expect(text.trim(), key).not.toBe('');
      for (const text of row) expect(names(text), key).toEqual(names(row[0]));
    }
  });

  it('writes each language in its own letters', () => {
    const all = (lang: (typeof ORDER)[number]) => Object.values(UPLOAD_MESSAGE_ROWS).map((r) => r[ORDER.indexOf(lang)]).join('\n');
    expect(all('uz')).toMatch(/[og]\u02BB/);
    expect(all('uz')).not.toMatch(/[og]['\u2018\u2019`]/);
    expect(all('ro')).toMatch(/[\u0219\u021B]/);
    expect(all('ro')).not.toMatch(/[\u015F\u0163\u015E\u0162]/);
    expect(all('tg')).toMatch(/[ӣӯҳҷқғ]/);
    expect(all('tg').replace(/\{\w+\}/g, '')).not.toMatch(/[A-Za-z]/);
    expect(all('az')).toMatch(/ə/);
    expect(all('az')).toMatch(/ı/);
  });

  it('has words for every code the upload refuses with for good, and none for others', () => {
    for (const code of FINAL_UPLOAD_CODES) expect(uploadProblem('en', code, 'a.mp4'), code).not.toBeNull();
    expect(uploadProblem('uz', 'quota_exceeded', 'dars.mp4')).toMatch(/^dars\.mp4: bu fayl/);
    expect(uploadProblem('ru', 'bad_media', 'a.mp4')).toBeNull();
    expect(uploadProblem('ru', null, 'a.mp4')).toBeNull();
  });

  it("translates a run stopped by the disk reserve, and leaves other errors as the server wrote them", () => {
    expect(runProblem('ro', "disk_full: the server's disk is nearly full (1 GB free, 4 GB must stay free)")).toMatch(/^Procesarea s-a oprit/);
    expect(runProblem('en', 'clip.mp4: audio only: no video stream')).toBe('clip.mp4: audio only: no video stream');
    expect(runProblem('en', null)).toBeNull();
  });
});
