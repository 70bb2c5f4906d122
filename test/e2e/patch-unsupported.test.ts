/**
 * A target that leaves PATCH out (RFC 7644 §3.5 makes it a SHOULD): the reference server advertising
 * patch.supported false. Answering a PATCH with 501 passes patch.unsupported-501 and leaves patch.supported
 * its one finding, a SHOULD; the checks that need PATCH skip; answering with 400 fails both.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type QuirkName } from '../../src/server/index.js';
import { readResults, runCli, temporaryFolder, type ResultsJson } from '../support/cli.js';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  folder = await temporaryFolder('patch-unsupported');
});
afterAll(() => folder.remove());

async function runPatchSuite(label: string, quirks: QuirkName[], grep?: string): Promise<{ code: number | null; results: ResultsJson }> {
  const server = await startReferenceServer({ partial: { noPatch: true }, quirks });
  try {
    const reportDir = join(folder.path, label);
    const run = await runCli(['run', '--url', server.url, '--suite', 'patch', '--report-dir', reportDir, ...(grep === undefined ? [] : ['--grep', grep])]);
    expect(run.stderr).toBe('');
    return { code: run.code, results: await readResults(reportDir) };
  } finally {
    await server.close();
  }
}

describe('a target without PATCH', () => {
  test('answering 501 has only the SHOULD finding patch.supported; the checks that need PATCH skip', async () => {
    const { code, results } = await runPatchSuite('501', []);
    const byStatus = (status: string): string[] => results.checks.filter((check) => check.status === status).map((check) => check.id).sort();
    expect(byStatus('failed')).toEqual(['patch.supported']);
    expect(byStatus('passed')).toEqual(['patch.unsupported-501']);
    expect(byStatus('errored')).toEqual([]);
    for (const check of results.checks.filter((candidate) => candidate.status === 'skipped')) {
      expect(check.message, check.id).toMatch(/does not advertise PATCH|patch\.supported is false/);
    }
    expect(code).toBe(0);
  }, 60_000);

  test('answering 400 fails patch.unsupported-501 too', async () => {
    const { results } = await runPatchSuite('400', ['patch-unsupported-400'], '^patch\\.(supported|unsupported-501)$');
    expect(results.checks.map((check) => `${check.id}: ${check.status}`).sort()).toEqual(['patch.supported: failed', 'patch.unsupported-501: failed']);
    expect(results.checks.find((check) => check.id === 'patch.unsupported-501')?.message).toMatch(/answered 400.*expected 501 Not Implemented/);
  }, 60_000);
});
