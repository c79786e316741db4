/**
 * The embedded database belongs to one process (server/db: a lock file), so `npm run backup` cannot
 * open it while Efir runs. The web process therefore answers on a Unix socket in the data directory
 * (`control.sock`, mode 0600: only the account that runs Efir, which can read the data directory
 * anyway) with a consistent dump of its PGlite. No TCP port, no credentials: the file's permissions
 * are the access check. With PostgreSQL there is no socket; pg_dump reads the database itself.
 *
 * Protocol: the client writes one line `{"op":"dump-db"}`; the server answers one JSON line
 * (`{"ok":true,"bytes":N}` or `{"ok":false,"error":"..."}`), then N bytes of gzipped tar.
 *
 * `{"op":"youtube-sync","full":bool}` (`npm run youtube:sync`) answers `{"ok":true,"result":SyncResult}`.
 * Streaming operations (`ops`, given by server/main.ts: `import-youtube` hands `npm run import --
 * --youtube DIR` to this process, which holds the database) answer a stream of JSON lines:
 * `{"ok":true,"line":…}` for each line the script prints, then `{"ok":true,"done":true}` (or
 * `{"ok":false,"error":…}`).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';

export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'control.sock');

export interface ControlSocket {
  close(): Promise<void>;
}

/** A streaming operation: `emit` sends one line to the client; it resolves when the work is done. */
export type ControlOp = (request: Record<string, unknown>, emit: (line: object) => void) => Promise<void>;

export async function startControlSocket(opts: {
  dataDir: string;
  db: Db;
  log: Logger;
  /** Op `youtube-sync` ({"op":"youtube-sync","full":bool} → {"ok":true,"result":SyncResult}): `npm run youtube:sync` while Efir runs. */
  youtubeSync?: (req: { full: boolean }) => Promise<unknown>;
  /** Streaming operations by name (`import-youtube`: `npm run import -- --youtube DIR` while Efir runs). */
  ops?: Record<string, ControlOp>;
}): Promise<ControlSocket | null> {
  const { db, log } = opts;
  if (!db.dumpDataDir) return null;
  const file = controlSocketPath(opts.dataDir);
  // A socket file left by a process that died: we hold the database's lock, so it is not in use.
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    let line = '';
    const onData = (chunk: Buffer) => {
      line += chunk.toString('utf8');
      const end = line.indexOf('\n');
      if (end < 0) {
        if (line.length > 1024) socket.destroy();
        return;
      }
      socket.off('data', onData);
      void answer(line.slice(0, end), socket);
    };
    socket.on('data', onData);
  });
  const answer = async (request: string, socket: net.Socket) => {
    try {
      const parsed = JSON.parse(request) as { op?: string; full?: unknown } & Record<string, unknown>;
      const { op } = parsed;
      if (op === 'youtube-sync' && opts.youtubeSync) {
        // the running process syncs (through its youtube queue, one job at a time) and answers the figures
        const result = await opts.youtubeSync({ full: parsed.full === true });
        socket.end(`${JSON.stringify({ ok: true, result })}\n`);
        return;
      }
      const streaming = typeof op === 'string' && op !== 'dump-db' ? opts.ops?.[op] : undefined;
      if (streaming) {
        await streaming(parsed, (line) => socket.write(`${JSON.stringify({ ok: true, line })}\n`));
        socket.end(`${JSON.stringify({ ok: true, done: true })}\n`);
        return;
      }
      if (op !== 'dump-db') throw new Error(`unknown operation ${JSON.stringify(op)}`);
      const started = Date.now();
      const bytes = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
      log.info({ bytes: bytes.length, ms: Date.now() - started }, 'database dumped for a backup');
      socket.write(`${JSON.stringify({ ok: true, bytes: bytes.length })}\n`);
      socket.end(bytes);
    } catch (err) {
      socket.end(`${JSON.stringify({ ok: false, error: (err as Error).message })}\n`);
    }
  };
  const oldMask = process.umask(0o177); // the socket file is created 0600
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
  } finally {
    process.umask(oldMask);
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(file, { force: true });
      })
  };
}

/** Asks the Efir running on this data directory for its database dump (the backup script). */
export function requestDatabaseDump(dataDir: string): Promise<Buffer> {
  const file = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = net.connect(file);
    const chunks: Buffer[] = [];
    socket.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot reach the running Efir at ${file} (${err.code ?? err.message}): is it started on this DATA_DIR?`))
    );
    socket.on('connect', () => socket.write(`${JSON.stringify({ op: 'dump-db' })}\n`));
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const nl = all.indexOf(0x0a);
      if (nl < 0) return reject(new Error('The running Efir closed the control socket without an answer'));
      const head = JSON.parse(all.subarray(0, nl).toString('utf8')) as { ok: boolean; bytes?: number; error?: string };
      if (!head.ok) return reject(new Error(`The running Efir could not dump its database: ${head.error}`));
      const body = all.subarray(nl + 1);
      if (body.length !== head.bytes) return reject(new Error(`Database dump cut short: ${body.length} of ${head.bytes} bytes`));
      resolve(body);
    });
  });
}

/**
 * Runs a streaming operation (`ops`) on the Efir running on this data directory: `onLine` gets each
 * line it sends; resolves when it is done, rejects with its error or when no Efir answers (the
 * message then says ECONNREFUSED or ENOENT: a socket file left by a killed Efir, or none).
 */
export function requestControlOp(dataDir: string, request: { op: string } & Record<string, unknown>, onLine: (line: unknown) => void): Promise<void> {
  const file = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = net.connect(file);
    let buffered = '';
    let done = false;
    socket.setEncoding('utf8');
    socket.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot reach the running Efir at ${file} (${err.code ?? err.message}): is it started on this DATA_DIR?`))
    );
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buffered.slice(0, nl)) as { ok: boolean; line?: unknown; done?: boolean; error?: string };
        buffered = buffered.slice(nl + 1);
        if (!msg.ok) {
          done = true;
          reject(new Error(`The running Efir refused ${request.op}: ${msg.error}`));
        } else if (msg.done) {
          done = true;
          resolve();
        } else onLine(msg.line);
      }
    });
    socket.on('end', () => {
      if (!done) reject(new Error(`The running Efir closed the control socket before ${request.op} was done`));
    });
  });
}

/** Asks the Efir running on this data directory to run one YouTube sync; its SyncResult (scripts/youtube-sync.ts). */
export function requestYoutubeSync(dataDir: string, full: boolean): Promise<Record<string, unknown>> {
  const file = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = net.connect(file);
    let text = '';
    socket.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot reach the running Efir at ${file} (${err.code ?? err.message}): is it started on this DATA_DIR?`))
    );
    socket.on('connect', () => socket.write(`${JSON.stringify({ op: 'youtube-sync', full })}\n`));
    socket.on('data', (c) => (text += c.toString('utf8')));
    socket.on('end', () => {
      const line = text.split('\n')[0];
      if (!line) return reject(new Error('The running Efir closed the control socket without an answer'));
      const answer = JSON.parse(line) as { ok: boolean; result?: Record<string, unknown>; error?: string };
      if (!answer.ok) return reject(new Error(`The running Efir could not sync: ${answer.error}`));
      resolve(answer.result!);
    });
  });
}
