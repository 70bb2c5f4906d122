import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const MATRIX = 'test/e2e/quirk-matrix.test.ts';

/**
 * The quirk matrix takes several times longer than any other file: started first, it runs beside all of
 * them rather than after them. The rest keep vitest's order.
 */
class MatrixFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isMatrix = (file: TestSpecification): boolean => file.moduleId.endsWith(MATRIX);
    return [...sorted.filter(isMatrix), ...sorted.filter((file) => !isMatrix(file))];
  }
}

// The project's own tests. The conformance suites in suites/ are not run by this config: the
// harness runs them through the Node API against a target.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at a time whatever the machine (vitest's default leaves one core to itself, which on two
    // cores runs one file at a time): most files spend their time waiting for CLI processes.
    maxWorkers: 2,
    // No test file changes what other files see (environment, mocks, global dispatcher), so the files a
    // worker runs share its modules rather than loading them again each.
    isolate: false,
    sequence: { sequencer: MatrixFirst },
    // Runs of the harness share the machine with the matrix's: a hang is still caught, a slow machine is not
    // taken for one.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // The clean run several end-to-end tests read (test/support/clean-run.ts).
    globalSetup: ['test/support/clean-run-setup.ts'],
  },
});
