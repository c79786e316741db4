/**
 * Attaching the originals of mirrored videos from a folder (`npm run import -- --youtube DIR`): a
 * Google Takeout export of the channel or files named by YouTube id. Each file is matched
 * (takeout.ts), then handed to the studio as a finished upload would be (probe, full run), so it
 * goes through the same pipeline as a file attached in the studio. Runs where the database is: in
 * the import script with DATABASE_URL or a stopped Efir, else in the running web process, which the
 * script asks over the control socket (server/backup/control.ts, op `import-youtube`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, DataPaths } from '../../config/index.ts';
import type { PipelineService } from '../pipeline/index.ts';
import type { User, UsersRepository } from '../repositories/users.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import type { StudioService } from '../services/studio.ts';
import { awaitsOriginal } from '../services/studio.ts';
import { isEfirError } from '../errors.ts';
import { MediaInputError, probeFile } from '../../media/index.ts';
import { MirrorIndex, isVideoFileName, matchFiles, type MirroredCandidate } from './takeout.ts';

/** One JSON line of the import's output. */
export type OriginalLine = { file: string; id: string; youtubeId: string; error?: string } | { file: string; error: string };

export interface OriginalsDeps {
  config: Pick<Config, 'mediaLimits'>;
  paths: Pick<DataPaths, 'uploads'>;
  videos: VideosRepository;
  users: UsersRepository;
  studio: StudioService;
  pipeline: Pick<PipelineService, 'waitForRun'>;
}

/** The video files under `dir`, in sub-folders too (Takeout nests them), sorted; hidden entries skipped. */
export async function listVideoFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && isVideoFileName(entry.name)) out.push(full);
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * Matches and attaches every video file under `dir`, then waits for each run; `emit` gets one line
 * per file as its outcome is known (refusals first, then runs as they finish). Returns how many failed.
 */
export async function importOriginals(deps: OriginalsDeps, dir: string, emit: (line: OriginalLine) => void): Promise<number> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`${root}: no such folder`);
  // An admin acts for the organisation: mirrored videos are everybody's, the subtitles and the run are its.
  const admin = (await deps.users.list()).find((u) => u.role === 'admin' && !u.disabledAt);
  if (!admin) throw new Error('no admin account: create one with `npm run user:add -- EMAIL admin` (or ADMIN_EMAIL/ADMIN_PASSWORD)');

  const mirrored = await deps.videos.listMirrored();
  const index = new MirrorIndex(
    mirrored.map((v): MirroredCandidate => ({ id: v.id, youtubeId: v.youtubeId!, title: v.title, duration: v.duration }))
  );
  const files = await listVideoFiles(root);
  // Only a file its name does not tie to a video by id needs its duration (a probe: tens of ms).
  const probed = new Map<string, string>();
  const withDurations = [];
  for (const file of files) {
    let duration: number | null = null;
    if (!index.matchById(path.basename(file))) {
      try {
        duration = (await probeFile(file, path.basename(file), { limits: deps.config.mediaLimits })).duration;
      } catch (err) {
        if (!(err instanceof MediaInputError)) throw err;
        probed.set(file, `${path.basename(file)}: ${err.reason}`);
      }
    }
    withDurations.push({ file, duration });
  }

  let failed = 0;
  const runs: { file: string; id: string; youtubeId: string; runId: string }[] = [];
  for (const m of matchFiles(index, withDurations)) {
    if (!('video' in m)) {
      failed++;
      // A file that is not a video says so, rather than "no title matches".
      emit({ file: m.file, error: probed.get(m.file) ?? m.error });
      continue;
    }
    const { id, youtubeId } = m.video;
    try {
      const runId = await attach(deps, admin, id, m.file);
      runs.push({ file: m.file, id, youtubeId, runId });
    } catch (err) {
      if (!isEfirError(err) && !(err instanceof AttachError)) throw err;
      failed++;
      emit({ file: m.file, id, youtubeId, error: (err as Error).message });
    }
  }
  await Promise.all(
    runs.map(async (r) => {
      const outcome = await deps.pipeline.waitForRun(r.runId);
      if (outcome.state === 'completed') emit({ file: r.file, id: r.id, youtubeId: r.youtubeId });
      else {
        failed++;
        emit({ file: r.file, id: r.id, youtubeId: r.youtubeId, error: outcome.error ?? 'processing failed' });
      }
    })
  );
  return failed;
}

class AttachError extends Error {}

/** One matched file: staged beside the tus uploads (a hard link, else a copy: the folder stays as it was) and attached. */
async function attach(deps: OriginalsDeps, admin: User, videoId: string, file: string): Promise<string> {
  const v = await deps.videos.get(videoId);
  if (!v) throw new AttachError(`${path.basename(file)}: its video was deleted meanwhile`);
  if (!awaitsOriginal(v) && v.state !== 'failed') {
    throw new AttachError(`${path.basename(file)}: "${v.title}" already has its original (state: ${v.state})`);
  }
  const size = (await fs.stat(file)).size;
  const staged = path.join(deps.paths.uploads, `${videoId}-import${path.extname(file).toLowerCase()}`);
  await fs.rm(staged, { force: true });
  await fs.link(file, staged).catch(() => fs.copyFile(file, staged));
  const outcome = await deps.studio.attachFile(admin, videoId, staged, path.basename(file), size);
  if (!outcome.ok) throw new AttachError(outcome.error);
  return outcome.runId;
}

/**
 * The web process's side of `npm run import -- --youtube DIR` with the embedded database: the
 * control socket's `import-youtube` operation ({dir}: an absolute path on this machine, readable by
 * the account Efir runs as).
 */
export function importOriginalsOp(deps: OriginalsDeps) {
  return async (request: Record<string, unknown>, emit: (line: object) => void): Promise<void> => {
    const dir = request.dir;
    if (typeof dir !== 'string' || !path.isAbsolute(dir)) throw new Error('import-youtube: dir must be an absolute path');
    await importOriginals(deps, dir, emit);
  };
}
