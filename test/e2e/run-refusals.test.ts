/** A run that cannot be useful stops before any check, with one line and exit 2. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, temporaryFolder } from '../support/cli.js';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder('refusals');
});
afterAll(() => folder.remove());

describe('scimprobe run refuses early', () => {
  test('a report folder that cannot be written', async () => {
    const blocker = join(folder.path, 'not-a-folder');
    await writeFile(blocker, '');
    const run = await runCli(['run', '--report-dir', join(blocker, 'reports')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`scimprobe: cannot write reports to ${join(blocker, 'reports')}: a file is in the way; choose another --report-dir\n`);
  });

  test('a selection that matches no check', async () => {
    const run = await runCli(['run', '--grep', '^nothing-matches-this$', '--report-dir', folder.path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^scimprobe: no check matches the --suite and --grep given; `scimprobe list` shows every check id\n$/);
  });
});
