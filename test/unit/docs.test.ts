import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checksMarkdown, coverageMarkdown } from '../../src/checks/docs.js';
import { PACKAGE_ROOT } from '../../src/package-files.js';

describe('the generated docs are current', () => {
  test.each([
    ['docs/checks.md', checksMarkdown],
    ['docs/coverage.md', coverageMarkdown],
  ])('%s matches the catalog (regenerate with npm run docs)', async (file, generate) => {
    expect(await readFile(join(PACKAGE_ROOT, file), 'utf8')).toBe(generate());
  });
});
