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
          fileParallelism: false
        }
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false
        }
      }
    ]
  }
});
