/**
 * A failed upload does not stay in "My videos" forever (issue 13): its producer may delete it (and
 * nobody else), and FAILED_DRAFT_DAYS after it failed the sweep removes it with its files, one
 * instance at a time; drafts still in their grace, published videos and mirrored ones stay.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { FailedDraftSweeper } from '../../../server/services/failed-drafts.ts';
import { api, createDraft, signIn, upload, type Session } from './helpers.ts';

let t: TestEfir;
let p: Session;
let other: Session;
beforeAll(async () => {
  t = await startTestEfir({ worker: false, env: { FAILED_DRAFT_DAYS: '7' } });
  p = await signIn(t, 'producer');
  other = await signIn(t, 'producer');
});
afterAll(async () => t?.close());

const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** A draft whose upload was refused (state failed, as the producer sees it). */
async function failedUpload(title: string): Promise<string> {
  const id = await createDraft(t, p, title);
  expect((await upload(t, p, id, 'manual.mp4', pdf)).status).toBe(422);
  expect((await t.efir.videos.get(id))!.state).toBe('failed');
  return id;
}

/** Files the video would have had (a subtitle kept for the retry, a staging folder). */
function leaveFiles(id: string): string[] {
  const files = [path.join(t.efir.paths.sources, id, 'subtitles', 'uz.srt'), path.join(t.efir.paths.work, id, '1', 'x.ts')];
  for (const f of files) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, 'x');
  }
  return files;
}

const daysAgo = (id: string, days: number) => t.efir.db.query(`update videos set updated_at = now() - ($2 || ' days')::interval where id = $1`, [id, String(days)]);

describe('deleting a failed upload', () => {
  test('only its producer may; the row and files go', async () => {
    const id = await failedUpload('Refused clip');
    const files = leaveFiles(id);
    expect((await api(t, other, 'DELETE', `/api/studio/videos/${id}`)).status).toBe(404);
    expect(await t.efir.videos.get(id)).not.toBeNull();
    expect((await api(t, p, 'DELETE', `/api/studio/videos/${id}`)).status).toBe(204);
    expect(await t.efir.videos.get(id)).toBeNull();
    for (const f of files) expect(fs.existsSync(f), f).toBe(false);
  });
});

describe('the failed-draft sweep', () => {
  test(`removes drafts failed over FAILED_DRAFT_DAYS ago with their files, keeps the rest, one instance at a time`, async () => {
    expect(t.efir.config.failedDraftDays).toBe(7);
    const old = await failedUpload('Old refused clip');
    const files = leaveFiles(old);
    await daysAgo(old, 8);
    const recent = await failedUpload('Refused yesterday');
    await daysAgo(recent, 1);
    // Old too, but not failed drafts: a ready video never published, and a failed mirrored one.
    const ready = await createDraft(t, p, 'Ready, not published');
    await t.efir.videos.setState(ready, 'ready');
    const mirrored = await failedUpload('Mirrored');
    await t.efir.db.query(`update videos set origin = 'youtube' where id = $1`, [mirrored]);
    for (const id of [ready, mirrored]) await daysAgo(id, 30);

    // The pipeline's reconcile swept at its start (nothing to remove then) and holds this hour's turn.
    expect(await t.efir.failedDrafts.sweep()).toBeNull();
    // Instances of another Efir prefix take their own turns (the database is the same).
    const prefix = `${t.efir.config.queuePrefix}-t`;
    const sweeper = (days = 7) =>
      new FailedDraftSweeper({ redis: t.efir.redis, prefix, videos: t.efir.videos, remove: (id, before) => t.efir.studio.removeFailedDraft(id, before), days: () => days, log: pino({ level: 'silent' }) });
    expect(await sweeper(0).sweep()).toBeNull(); // 0: turned off
    expect(await sweeper().sweep()).toEqual([old]);
    expect(await t.efir.videos.get(old)).toBeNull();
    for (const f of files) expect(fs.existsSync(f), f).toBe(false);
    for (const id of [recent, ready, mirrored]) expect(await t.efir.videos.get(id), id).not.toBeNull();
    // Another instance within the hour: not its turn.
    await daysAgo(recent, 9);
    expect(await sweeper().sweep()).toBeNull();
    expect(await t.efir.videos.get(recent)).not.toBeNull();
  });

  test('keeps a draft that took a new upload after the list was read', async () => {
    const id = await failedUpload('Retried');
    await daysAgo(id, 10);
    await t.efir.videos.setState(id, 'uploading');
    expect(await t.efir.studio.removeFailedDraft(id, new Date(Date.now() - 7 * 86_400_000))).toBe(false);
    expect(await t.efir.videos.get(id)).not.toBeNull();
  });
});
