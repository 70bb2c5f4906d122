/**
 * A real third-party server as a target: the harness runs against it once, and every deviation it
 * reports there is pinned in a findings file with the requirement it breaks, checked against the RFC
 * text, and the checks that only repeat a finding with the root they repeat. A new finding, a vanished
 * one, or an errored check fails the suite until the pin is changed on purpose.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findCheck } from '../../src/checks/catalog.js';
import { PACKAGE_ROOT } from '../../src/package-files.js';
import { readResults, runCli, temporaryFolder, type CliRun, type ResultsJson } from './cli.js';

export interface PinnedFindings {
  target: string;
  /**
   * `defects`: for a property check, the defects its failure names, when which it finds does not depend on
   * the seed.
   */
  findings: Array<{ check: string; requirement: string; reason: string; defects?: string[] }>;
  /** Checks that fail or are skipped only as another finding's consequence: check id -> the root's id. */
  consequences?: Record<string, string>;
  /** What the run learns the target requires of a new resource, as the console prints it. */
  learned?: string[];
}

/** A whole run against a real target: every suite, on a machine that may be busy. */
const RUN_TIMEOUT_MS = 180_000;

export interface RealTarget {
  url: string;
  close(): Promise<void>;
}

export interface RealTargetSuite {
  /** How the suite and its report folder are named. */
  name: string;
  /** test/fixtures/<file>: the pinned findings. */
  findingsFile: string;
  token: string;
  start(token: string): Promise<RealTarget>;
  /** Flags besides the target's (e.g. a fixed seed, so a property's shrunk case is the same on every run). */
  args?: string[];
}

export function describeRealTarget(suite: RealTargetSuite): void {
  let target: RealTarget;
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let run: CliRun;
  let results: ResultsJson;
  let pinned: PinnedFindings;

  beforeAll(async () => {
    // With a token, so the auth checks judge the target's answers to requests without it.
    [target, folder] = await Promise.all([suite.start(suite.token), temporaryFolder(suite.name)]);
    pinned = JSON.parse(await readFile(join(PACKAGE_ROOT, 'test/fixtures', suite.findingsFile), 'utf8')) as PinnedFindings;
    run = await runCli(['run', '--url', target.url, '--token', suite.token, '--report-dir', folder.path, ...(suite.args ?? [])]);
    results = await readResults(folder.path);
  }, RUN_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([target.close(), folder.remove()]);
  });

  describe(`${suite.name} as a target`, () => {
    test('the findings are exactly the pinned ones, and no check errored', () => {
      expect(run.stderr).toBe('');
      const found = results.checks.filter((check) => check.consequenceOf === undefined && (check.status === 'failed' || check.status === 'errored'));
      expect(found.map((check) => `${check.id}: ${check.status}`).sort()).toEqual(
        pinned.findings.map((finding) => `${finding.check}: failed`).sort(),
      );
    });

    test('the checks that repeat a finding are marked as its consequences, and not counted', () => {
      const marked = Object.fromEntries(results.checks.flatMap((check) => (check.consequenceOf === undefined ? [] : [[check.id, check.consequenceOf]])));
      expect(marked).toEqual(pinned.consequences ?? {});
      expect(results.summary.consequences).toBe(Object.keys(marked).length);
    });

    test('each finding carries its evidence and cites a requirement of its check', () => {
      for (const finding of pinned.findings) {
        const check = results.checks.find((candidate) => candidate.id === finding.check);
        expect(check?.message, finding.check).toBeTruthy();
        expect(check?.evidence?.length, finding.check).toBeGreaterThan(0);
        expect(findCheck(finding.check)?.requirements, finding.check).toContain(finding.requirement);
      }
    });

    test('a property finding names each of its pinned defects', () => {
      for (const finding of pinned.findings) {
        if (finding.defects === undefined) continue;
        const message = results.checks.find((candidate) => candidate.id === finding.check)?.message ?? '';
        expect(defectsNamed(message), finding.check).toEqual([...finding.defects].sort());
      }
    });

    test('the learned tenant rules are printed and recorded', () => {
      const printed = run.stdout.split('\n').filter((line) => line.startsWith('Learned: ')).map((line) => line.slice('Learned: '.length));
      expect(printed).toEqual(pinned.learned ?? []);
      expect(results.tenantRules.length).toBe(printed.length);
    });

    test('the exit code reflects a MUST-level finding', () => {
      const mustFinding = pinned.findings.some((finding) => findCheck(finding.check)?.level === 'MUST');
      expect(run.code).toBe(mustFinding ? 1 : 0);
    });
  });
}

/** The defects a property's failure names: on its first line, after their number when there are several. */
function defectsNamed(message: string): string[] {
  const [first = ''] = message.split('\n');
  const several = /^\d+ distinct defects(?: \([^)]*\))?: (.*)$/.exec(first);
  return (several?.[1]?.split('; ') ?? [first.slice(0, first.indexOf(': '))]).sort();
}
