/**
 * Installed from its tarball into an empty project, the package runs every suite: the compiled suites
 * are found under node_modules and vitest does not skip them.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/catalog.js';
import { PACKAGE_ROOT } from '../../src/package-files.js';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, temporaryFolder } from '../support/cli.js';
import { OPT_IN_CHECKS } from '../support/opt-in.js';

const exec = promisify(execFile);
/** With a token, so the auth checks apply and every check can pass. */
const TOKEN = 'package-test-token';
let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer({ token: TOKEN }), temporaryFolder('package')]);
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', folder.path], { cwd: PACKAGE_ROOT });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>;
  await writeFile(join(folder.path, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(folder.path, packed!.filename)], { cwd: folder.path });
}, 300_000);
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

describe('the installed package', () => {
  test('npx scimprobe run --url runs every suite', async () => {
    const reportDir = join(folder.path, 'reports');
    const run = await runCli(['scimprobe', 'run', '--url', server.url, '--token', TOKEN, '--report-dir', reportDir], {
      cwd: folder.path,
      command: ['npx', '--no-install'],
    });
    // npx may warn about the machine's npm configuration; only scimprobe's own output is judged.
    expect(run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('npm warn'))).toEqual([]);
    expect(run.code).toBe(0);
    const results = await readResults(reportDir);
    expect(results.checks.map((check) => check.id)).toEqual(CHECKS.map((check) => check.id));
    expect(results.summary.passed).toBe(CHECKS.length - OPT_IN_CHECKS.size);
  });
});
