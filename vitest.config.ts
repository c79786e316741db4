import { defineConfig } from 'vitest/config';

// Three projects, run in this order by scripts/test.ts: unit (pure, fast), integration (real Redis,
// ffmpeg, PGlite/PostgreSQL), browser (Debian's chromium through playwright-core).
export default defineConfig({
  test: {
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
