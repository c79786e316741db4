/**
 * `npm run variants -- VIDEO_ID [LANG...]` inside an Efir: the script's own (scripts/variants.ts) or
 * the running web process's, which the script reaches over the control socket (op `variants`,
 * server/main.ts) when it holds the embedded database.
 */
import path from 'node:path';
import type { ControlOp } from '../backup/control.ts';
import type { Efir } from '../context.ts';

export interface VariantLine {
  lang: string;
  path?: string;
  bytes?: number;
  seconds?: number;
  error?: string;
}

class UsageError extends Error {}

/**
 * Makes and waits in this Efir (the CLI's own, or the running web process's through the control
 * socket); emits one line per language. Refusals (unknown id, no such track) throw EfirError.
 */
export async function makeVariants(efir: Efir, videoId: string, langs: string[], emit: (line: VariantLine) => void): Promise<number> {
  const { langs: batch } = await efir.variants.makeForCli(videoId, langs.length ? langs : null);
  const rows = await efir.variants.waitFor(videoId, batch);
  let failed = 0;
  for (const lang of batch) {
    const row = rows.find((r) => r.lang === lang);
    if (row?.state === 'ready' && row.filePath) {
      emit({ lang, path: path.resolve(efir.config.dataDir, row.filePath), bytes: row.bytes ?? 0, seconds: row.seconds ?? 0 });
    } else {
      failed++;
      emit({ lang, error: row?.error ?? 'not made' });
    }
  }
  return failed;
}

/** Op `variants` of the control socket (server/main.ts): `{"op":"variants","videoId":…,"langs":[…]}`. */
export function variantsOp(efir: Efir): ControlOp {
  return async (request, emit) => {
    const videoId = String(request.videoId ?? '');
    const langs = Array.isArray(request.langs) ? request.langs.map(String) : [];
    await makeVariants(efir, videoId, langs, emit);
  };
}

