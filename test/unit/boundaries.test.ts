/**
 * The folders' boundaries (docs/architecture.md): the web process (server/) and the workers
 * (workers/) agree through the contract in jobs/ only, and neither imports the other; jobs/,
 * media/ and config/ (the settings both read) import neither of them. Imports are read with TypeScript's own pre-processor, so
 * `export … from` and dynamic `import()` count too.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Handlers, LiveJobs } from '../../jobs/queues.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Which top-level folders each folder must not import. */
const FORBIDDEN: Record<string, string[]> = {
  server: ['workers'],
  workers: ['server'],
  jobs: ['server', 'workers', 'web'],
  media: ['server', 'workers', 'jobs', 'web'],
  // The one configuration loader, read by the web process, the workers and the scripts alike.
  config: ['server', 'workers', 'jobs', 'web']
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f).split(path.sep).join('/'));
}

/** Every relative import of a file, as a path from the repository's root. */
export function importsOf(file: string, text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
}

function crossings(): string[] {
  const found: string[] = [];
  for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
    for (const file of sourceFiles(folder)) {
      for (const target of importsOf(file, fs.readFileSync(path.join(ROOT, file), 'utf8'))) {
        const edge = `${file} -> ${target}`;
        if (forbidden.includes(target.split('/')[0]!)) found.push(edge);
      }
    }
  }
  return found;
}

describe('folder boundaries', () => {
  it('server/ and workers/ import each other only through jobs/; jobs/, media/ and config/ import neither', () => {
    expect(crossings()).toEqual([]);
  });

  it('sees every kind of import, so the check above can fail', () => {
    const text = [
      "import { a } from '../workers/a.ts';",
      "import type { B } from '../workers/b.ts';",
      "export { c } from '../workers/c.ts';",
      "const d = await import('../workers/d.ts');",
      "import fs from 'node:fs';"
    ].join('\n');
    expect(importsOf('server/x.ts', text)).toEqual(['workers/a.ts', 'workers/b.ts', 'workers/c.ts', 'workers/d.ts']);
  });
});

describe('the live queue handlers', () => {
  it('need one handler per job name (checked by the compiler: npx tsc)', () => {
    // @ts-expect-error: `finish` has no handler
    const missing: Handlers<LiveJobs> = { transcode: async () => ({ parts: 0 }) };
    expect(Object.keys(missing)).toEqual(['transcode']);
  });
});
