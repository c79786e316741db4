import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FontsMissingError, prepareFontsDir } from '../../../workers/steps/fonts.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-fonts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in for /usr/share/fonts/truetype/noto with the two files fonts-noto-core installs. */
function systemDir(files = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSerif-Regular.ttf']): string {
  const d = path.join(dir, 'system');
  fs.mkdirSync(d);
  for (const f of files) fs.writeFileSync(path.join(d, f), `font ${f}`);
  return d;
}

describe('prepareFontsDir', () => {
  it('fills DATA_DIR/fonts with Noto Sans Regular and Bold only, and leaves them alone once there', async () => {
    const managed = path.join(dir, 'data', 'fonts');
    const system = systemDir();
    expect(await prepareFontsDir({ configuredDir: null, managedDir: managed }, system)).toBe(managed);
    expect(fs.readdirSync(managed).sort()).toEqual(['NotoSans-Bold.ttf', 'NotoSans-Regular.ttf']);
    expect(fs.readFileSync(path.join(managed, 'NotoSans-Bold.ttf'), 'utf8')).toBe('font NotoSans-Bold.ttf');

    const before = fs.statSync(path.join(managed, 'NotoSans-Regular.ttf')).mtimeMs;
    await prepareFontsDir({ configuredDir: null, managedDir: managed }, system);
    expect(fs.statSync(path.join(managed, 'NotoSans-Regular.ttf')).mtimeMs).toBe(before);
  });

  it('replaces a copy that differs from the installed font (a package upgrade, a cut-short copy)', async () => {
    const managed = path.join(dir, 'fonts');
    fs.mkdirSync(managed);
    fs.writeFileSync(path.join(managed, 'NotoSans-Regular.ttf'), 'half');
    await prepareFontsDir({ configuredDir: null, managedDir: managed }, systemDir());
    expect(fs.readFileSync(path.join(managed, 'NotoSans-Regular.ttf'), 'utf8')).toBe('font NotoSans-Regular.ttf');
  });

  it('names the package to install when Noto Sans is missing', async () => {
    const err = await prepareFontsDir({ configuredDir: null, managedDir: path.join(dir, 'fonts') }, systemDir(['NotoSans-Regular.ttf'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FontsMissingError);
    expect((err as Error).message).toMatch(/NotoSans-Bold\.ttf not found: install the fonts-noto-core package .*SUBTITLE_FONTS_DIR/);
  });

  it('uses SUBTITLE_FONTS_DIR as it is, and refuses one without a font', async () => {
    const own = path.join(dir, 'own');
    fs.mkdirSync(own);
    await expect(prepareFontsDir({ configuredDir: own, managedDir: path.join(dir, 'fonts') })).rejects.toThrow(/SUBTITLE_FONTS_DIR=.* holds no font file/);
    fs.writeFileSync(path.join(own, 'NotoSans-Regular.otf'), 'x');
    expect(await prepareFontsDir({ configuredDir: own, managedDir: path.join(dir, 'fonts') })).toBe(own);
    expect(fs.existsSync(path.join(dir, 'fonts'))).toBe(false);
  });
});
