import { defineConfig } from 'vitest/config';

// The project's own tests. The conformance suites in suites/ are not run by this config: the
// harness runs them through the Node API against a target.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The clean run several end-to-end tests read (test/support/clean-run.ts).
    globalSetup: ['test/support/clean-run-setup.ts'],
  },
});
