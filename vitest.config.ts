import { defineConfig } from 'vitest/config';

// CI (.ci/run) sets MIPNET_VITEST_JSON to also get a machine-readable report for its summary line.
const jsonReport = process.env.MIPNET_VITEST_JSON;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
  },
});
