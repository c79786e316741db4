import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * vitest's order (what failed last time, then the slowest first), reversed. scripts/test.ts runs
 * the PostgreSQL pass of the integration tests alongside the PGlite pass with EFIR_TEST_ORDER=reverse,
 * so each pass's slowest files (the RTMP ingest, `npm start`) meet the other's quickest.
 */
class ReverseSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).reverse();
  }
}

// Three projects, run in this order by scripts/test.ts: unit (pure, fast), integration (real Redis,
// ffmpeg, PGlite/PostgreSQL), browser (Debian's chromium through playwright-core).
export default defineConfig({
  test: {
    sequence: process.env.EFIR_TEST_ORDER === 'reverse' ? { sequencer: ReverseSequencer } : {},
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // One process for the whole pass: each file no longer pays for importing Fastify, BullMQ,
          // PGlite's WebAssembly and the server's modules again (in a side-by-side run of the same six
          // files, 10 s of import instead of 48 s). Every test Efir is still its own (data folder,
          // queue prefix, database, ports); module-level state is limited to settings that are the
          // same for every test (media/ffmpeg.ts paths, node-media-server's logger).
          isolate: false
        }
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          isolate: false // as the integration project: one import of the server for every file
        }
      }
    ]
  }
});
