/**
 * A real third-party server: scimmy + scimmy-routers. Every deviation the harness reports there is pinned
 * in test/fixtures/scimmy-findings.json with the requirement it breaks, checked against the RFC text; a
 * new finding or a vanished one fails here until the pin is changed on purpose.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findCheck } from '../../src/checks/catalog.js';
import { PACKAGE_ROOT } from '../../src/package-files.js';
import { runCli, temporaryFolder, type CliRun } from '../support/cli.js';
import { startScimmyTarget, type ScimmyTarget } from '../support/scimmy-target.js';

interface PinnedFindings {
  findings: Array<{ check: string; requirement: string; reason: string }>;
}

interface ResultsWithEvidence {
  checks: Array<{ id: string; status: string; message?: string; evidence?: unknown[] }>;
}

const TOKEN = 'scimmy-target-token';
let target: ScimmyTarget;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let run: CliRun;
let results: ResultsWithEvidence;
let pinned: PinnedFindings;

beforeAll(async () => {
  // With a token, so the auth checks judge scimmy's answers to requests without it.
  [target, folder] = await Promise.all([startScimmyTarget({ token: TOKEN }), temporaryFolder('scimmy')]);
  pinned = JSON.parse(await readFile(join(PACKAGE_ROOT, 'test/fixtures/scimmy-findings.json'), 'utf8')) as PinnedFindings;
  run = await runCli(['run', '--url', target.url, '--token', TOKEN, '--report-dir', folder.path]);
  results = JSON.parse(await readFile(join(folder.path, 'results.json'), 'utf8')) as ResultsWithEvidence;
});
afterAll(async () => {
  await Promise.all([target.close(), folder.remove()]);
});

describe('scimmy as a target', () => {
  test('the findings are exactly the pinned ones', () => {
    expect(run.stderr).toBe('');
    const found = results.checks.filter((check) => check.status === 'failed' || check.status === 'errored');
    expect(found.map((check) => `${check.id}: ${check.status}`).sort()).toEqual(
      pinned.findings.map((finding) => `${finding.check}: failed`).sort(),
    );
  });

  test('each finding carries its evidence', () => {
    for (const finding of pinned.findings) {
      const check = results.checks.find((candidate) => candidate.id === finding.check);
      expect(check?.message, finding.check).toBeTruthy();
      expect(check?.evidence?.length, finding.check).toBeGreaterThan(0);
    }
  });

  test('each pinned finding cites a requirement of its check', () => {
    for (const finding of pinned.findings) {
      expect(findCheck(finding.check)?.requirements, finding.check).toContain(finding.requirement);
    }
  });

  test('the exit code reflects a MUST-level finding', () => {
    const mustFinding = pinned.findings.some((finding) => findCheck(finding.check)?.level === 'MUST');
    expect(run.code).toBe(mustFinding ? 1 : 0);
  });
});
