// recording/parts.json: the pieces of a broadcast's recording, one per ffmpeg the live worker ran.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RecordedPart } from '../../jobs/queues.ts';
import { writeAtomically } from '../../jobs/staging.ts';
import { probeFile } from '../../media/ffmpeg.ts';

const PARTS_FILE = 'parts.json';


export async function readParts(dir: string): Promise<RecordedPart[]> {
  const text = await fs.readFile(path.join(dir, PARTS_FILE), 'utf8').catch(() => '[]');
  return JSON.parse(text) as RecordedPart[];
}

export async function addPart(dir: string, part: RecordedPart): Promise<void> {
  await writeAtomically(path.join(dir, PARTS_FILE), JSON.stringify([...(await readParts(dir)), part], null, 1));
}

export async function setPartDuration(dir: string, file: string): Promise<void> {
  const duration = await probeFile(path.join(dir, file)).then((p) => p.duration).catch(() => null);
  const parts = await readParts(dir);
  await writeAtomically(path.join(dir, PARTS_FILE), JSON.stringify(parts.map((p) => (p.file === file ? { ...p, duration } : p)), null, 1));
}
