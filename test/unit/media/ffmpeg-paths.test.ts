import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPaths } from '../../../media/ffmpeg.js';

// Fake binaries in temp folders: resolution only checks that executable files exist.
const root = mkdtempSync(path.join(tmpdir(), 'efir-ffpaths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bin(dir: string, name: string, executable = true): string {
  const full = path.join(root, dir, name);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '#!/bin/sh\n');
  chmodSync(full, executable ? 0o755 : 0o644);
  return full;
}

const custom = { ffmpeg: bin('custom', 'ffmpeg'), ffprobe: bin('custom', 'ffprobe') };
const onPath = { ffmpeg: bin('path', 'ffmpeg'), ffprobe: bin('path', 'ffprobe') };
const staticBin = bin('static', 'ffmpeg');
const pathDir = path.dirname(onPath.ffmpeg);
const emptyDir = path.join(root, 'empty');
mkdirSync(emptyDir, { recursive: true });
const noStatic = () => null;

describe('resolveFfmpegPaths', () => {
  it('prefers FFMPEG_PATH with the ffprobe next to it', () => {
    expect(resolveFfmpegPaths({ ffmpegPath: custom.ffmpeg }, { PATH: pathDir }, () => staticBin)).toEqual({
      ffmpeg: custom.ffmpeg,
      ffprobe: custom.ffprobe,
      source: 'FFMPEG_PATH'
    });
  });

  it('takes FFPROBE_PATH over the sibling', () => {
    const r = resolveFfmpegPaths({ ffmpegPath: custom.ffmpeg, ffprobePath: onPath.ffprobe }, { PATH: '' }, noStatic);
    expect(r.ffprobe).toBe(onPath.ffprobe);
  });

  it('fails loudly when FFMPEG_PATH points at nothing', () => {
    expect(() => resolveFfmpegPaths({ ffmpegPath: path.join(root, 'nope/ffmpeg') }, { PATH: pathDir }, noStatic)).toThrow(
      /FFMPEG_PATH=.*not an executable file/
    );
  });

  it('uses ffmpeg-static when its binary was downloaded, with ffprobe from PATH', () => {
    expect(resolveFfmpegPaths({}, { PATH: pathDir }, () => staticBin)).toEqual({
      ffmpeg: staticBin,
      ffprobe: onPath.ffprobe,
      source: 'ffmpeg-static'
    });
  });

  it('skips ffmpeg-static when its download failed (package present, binary missing)', () => {
    const r = resolveFfmpegPaths({}, { PATH: pathDir }, () => path.join(root, 'static/missing-ffmpeg'));
    expect(r).toEqual({ ffmpeg: onPath.ffmpeg, ffprobe: onPath.ffprobe, source: 'PATH' });
  });

  it('looks binaries up on PATH like `which`, skipping non-executable files', () => {
    const shadow = path.dirname(bin('shadow', 'ffmpeg', false));
    const r = resolveFfmpegPaths({}, { PATH: [emptyDir, shadow, pathDir].join(path.delimiter) }, noStatic);
    expect(r).toEqual({ ffmpeg: onPath.ffmpeg, ffprobe: onPath.ffprobe, source: 'PATH' });
  });

  it('ignores FFMPEG_PATH in the environment: only the Config (config/index.ts) names the binaries', () => {
    const r = resolveFfmpegPaths({}, { FFMPEG_PATH: custom.ffmpeg, FFPROBE_PATH: custom.ffprobe, PATH: pathDir }, noStatic);
    expect(r).toEqual({ ffmpeg: onPath.ffmpeg, ffprobe: onPath.ffprobe, source: 'PATH' });
  });

  it('tells the operator to install ffmpeg when nothing is found', () => {
    expect(() => resolveFfmpegPaths({}, { PATH: emptyDir }, noStatic)).toThrow(/ffmpeg and ffprobe not found on PATH; install ffmpeg/);
    const onlyFfmpeg = path.dirname(bin('only', 'ffmpeg'));
    expect(() => resolveFfmpegPaths({}, { PATH: onlyFfmpeg }, noStatic)).toThrow(/^ffprobe not found/);
  });
});
