/**
 * The fonts folder libass may use for burned-in subtitles. libass, given `fontsdir`, still asks
 * fontconfig for anything that folder lacks, and fontconfig answers "Arial" with Liberation Sans,
 * which has no Tajik letters, no U+02BB and no ə: text would mix typefaces letter by letter. So the
 * folder holds Noto Sans only (every letter of the six languages), the style names it, and the
 * variants step fails when the log shows any other font (media/variants.ts libassFontProblems).
 *
 * SUBTITLE_FONTS_DIR names a folder the operator filled; unset, the worker keeps DATA_DIR/fonts/
 * filled with Noto Sans Regular and Bold copied from Debian's fonts-noto-core.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { dataPaths, type Config } from '../../config/index.ts';

/** Where fonts-noto-core installs Noto Sans. */
export const SYSTEM_NOTO_DIR = '/usr/share/fonts/truetype/noto';
export const NOTO_SANS_FILES = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf'] as const;

export interface FontsSetting {
  /** SUBTITLE_FONTS_DIR, used as it is; null: `managedDir`, filled by the worker. */
  configuredDir: string | null;
  /** DATA_DIR/fonts */
  managedDir: string;
}

export function fontsSetting(config: Pick<Config, 'dataDir' | 'variants'>): FontsSetting {
  return { configuredDir: config.variants.fontsDir, managedDir: dataPaths(config.dataDir).fonts };
}

/** No usable fonts folder: the operator must install a package or set SUBTITLE_FONTS_DIR (retrying cannot help). */
export class FontsMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontsMissingError';
  }
}

/**
 * The folder to pass as `fontsdir`, ready: SUBTITLE_FONTS_DIR if set (it must hold a font), else
 * DATA_DIR/fonts/ with the two Noto Sans files, copied from `systemDir` when missing or different
 * (each copied aside and renamed in, so a worker beside this one never sees half a font).
 */
export async function prepareFontsDir(setting: FontsSetting, systemDir = SYSTEM_NOTO_DIR): Promise<string> {
  if (setting.configuredDir !== null) {
    const dir = path.resolve(setting.configuredDir);
    const names = await fs.readdir(dir).catch(() => null);
    if (!names?.some((n) => /\.(ttf|otf|ttc)$/i.test(n))) {
      throw new FontsMissingError(`SUBTITLE_FONTS_DIR=${dir} holds no font file; put NotoSans-Regular.ttf and NotoSans-Bold.ttf there`);
    }
    return dir;
  }

  const dir = setting.managedDir;
  await fs.mkdir(dir, { recursive: true });
  for (const name of NOTO_SANS_FILES) {
    const from = path.join(systemDir, name);
    const source = await fs.stat(from).catch(() => null);
    if (!source?.isFile()) {
      throw new FontsMissingError(
        `${from} not found: install the fonts-noto-core package (apt-get install fonts-noto-core), ` +
          'or set SUBTITLE_FONTS_DIR to a folder holding NotoSans-Regular.ttf and NotoSans-Bold.ttf'
      );
    }
    const to = path.join(dir, name);
    const present = await fs.stat(to).catch(() => null);
    if (present?.size === source.size) continue;
    const aside = `${to}.${process.pid}.tmp`;
    await fs.copyFile(from, aside);
    await fs.rename(aside, to);
  }
  return dir;
}
