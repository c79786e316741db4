// The worker's LL-HLS output on hand-built fragmented MP4 (no ffmpeg): files renamed into place,
// each notification naming a part the renamed playlist lists, deletions, a restart's new init.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLlPlaylist, parseLl } from '../../../media/llhls/rules.js';
import { llTiming } from '../../../media/llhls/timing.js';
import { LlOutput } from '../../../workers/live/ll-output.js';
import { SYNC, NON_SYNC, fragment, initSegment } from './mp4-boxes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const init = initSegment([{ id: 1, timescale: 15360, handler: 'vide' }]);
/** Fragment k of a 30 fps rung: 6 frames (0.2 s), a keyframe every second. */
const frag = (k: number) => fragment(k + 1, [{ id: 1, tfdt: k * 3072, durations: Array(6).fill(512), firstSampleFlags: k % 5 === 0 ? SYNC : NON_SYNC, tfhdFlags: NON_SYNC }]);

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-ll-output-'));
  dirs.push(dir);
  const problems: string[] = [];
  const notes: { rung: string; msn: number; part: number }[] = [];
  const out = new LlOutput({
    outDir: dir, variants: ['240p'], timing: llTiming(30, false), audioVariant: null, dvrSegments: 3, copiedVariant: null, log: pino({ level: 'silent' }),
    notify: async (note) => {
      notes.push(note);
      // Published after the rename: the playlist on disk lists the part the note names.
      const text = fs.readFileSync(path.join(dir, '240p', 'index.m3u8'), 'utf8');
      const seg = parseLl(text).segments.find((s) => s.msn === note.msn);
      if (!seg || seg.parts.length !== note.part + 1) problems.push(`note ${JSON.stringify(note)} not what ${text} lists`);
      problems.push(...checkLlPlaylist(text));
    }
  });
  return { dir, out, notes, problems };
}

describe('LlOutput', () => {
  it('writes parts, segments and playlists whole, announces each part after the rename, and deletes what left the window', async () => {
    const { dir, out, notes, problems } = setup();
    const pipes = out.startEpoch([{ variant: '240p', pipe: 0 }]);
    const stream = Buffer.concat([init, ...Array.from({ length: 40 }, (_, k) => frag(k))]);
    // In odd-sized pieces, as a pipe delivers them.
    for (let at = 0; at < stream.length; at += 777) pipes.onData(0, stream.subarray(at, at + 777));
    await out.drain();
    expect(problems).toEqual([]);
    expect(notes).toHaveLength(40);
    expect(notes.at(-1)).toEqual({ rung: '240p', msn: 7, part: 4 });
    const files = fs.readdirSync(path.join(dir, '240p')).sort();
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // DVR window of 3 plus 2 segments of grace; parts only of the last few.
    expect(files.filter((f) => f.startsWith('seg'))).toEqual(['seg000003.m4s', 'seg000004.m4s', 'seg000005.m4s', 'seg000006.m4s', 'seg000007.m4s']);
    expect(files.filter((f) => f.startsWith('part')).map((f) => f.slice(0, 10))).not.toContain('part000002');
    expect(fs.readFileSync(path.join(dir, '240p', 'seg000007.m4s')).equals(Buffer.concat([35, 36, 37, 38, 39].map(frag)))).toBe(true);
  });

  it('a second ffmpeg writes init1.mp4 and goes on after a discontinuity; a half-written fragment is dropped', async () => {
    const { dir, out, problems } = setup();
    let pipes = out.startEpoch([{ variant: '240p', pipe: 0 }]);
    const first = Buffer.concat([init, frag(0), frag(1), frag(2)]);
    pipes.onData(0, first.subarray(0, first.length - 10)); // killed mid-fragment
    await out.drain();
    pipes = out.startEpoch([{ variant: '240p', pipe: 0 }]);
    pipes.onData(0, Buffer.concat([init, ...[0, 1, 2, 3, 4, 5].map(frag)]));
    await out.drain();
    expect(problems).toEqual([]);
    const text = fs.readFileSync(path.join(dir, '240p', 'index.m3u8'), 'utf8');
    expect(parseLl(text).segments.map((s) => [s.msn, s.discontinuity, s.map, s.duration])).toEqual([
      [0, false, 'init0.mp4', 0.4],
      [1, true, 'init1.mp4', 1],
      [2, false, 'init1.mp4', null]
    ]);
    expect(fs.existsSync(path.join(dir, '240p', 'init1.mp4'))).toBe(true);
  });
});
