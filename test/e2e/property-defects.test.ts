/**
 * A property reports every defect it finds, not only the first it shrinks to: the reference server runs
 * two quirks of one area at once, and the property's failure names the defect each quirk shows, each with
 * a smallest case of its own that isolates it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type QuirkName } from '../../src/server/index.js';
import { readResults, temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

interface QuirkPair {
  suite: string;
  check: string;
  quirks: [QuirkName, QuirkName];
  /** The defect each quirk shows, as the check's message names it. */
  defects: [string, string];
  /** How every smallest case must read: one comparison, one window. */
  smallestCase: RegExp;
}

const PAIRS: QuirkPair[] = [
  {
    suite: 'filter',
    check: 'filter.matches-oracle',
    quirks: ['filter-username-case-sensitive', 'filter-co-as-sw'],
    defects: ['a caseExact:false string compared case-sensitively', 'co on a caseExact:false string'],
    // One comparison: no and, or, not, nor the conjunct that scopes the query to the suite's users.
    smallestCase: /^[\w.]+ (?:(?:eq|ne|co|sw|ew|gt|ge|lt|le) (?:"(?:[^"\\]|\\.)*"|[\w.:+-]+)|pr)$/,
  },
  {
    suite: 'pagination',
    check: 'pagination.window-slice',
    quirks: ['paging-items-per-page-requested', 'paging-start-index-past-end-first-page'],
    defects: ['itemsPerPage', 'startIndex past the end'],
    smallestCase: /^startIndex (-?\d+|absent), count (-?\d+|absent)$/,
  },
];

/** A fixed seed keeps the cases, and so the defects found first, the same on every run. */
const SEED = '20261122';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  folder = await temporaryFolder('property-defects');
});
afterAll(() => folder.remove());

describe('a property with two defects', () => {
  test.each(PAIRS)('$check names both under $quirks.0 and $quirks.1', async ({ suite, check, quirks, defects, smallestCase }) => {
    const server = await startReferenceServer({ quirks });
    const reportDir = `${folder.path}/${suite}`;
    try {
      const run = await scimprobe(['run', '--url', server.url, '--suite', suite, '--grep', `^${check.replace(/\./g, '\\.')}$`, '--seed', SEED, '--report-dir', reportDir]);
      expect(run.stderr).toBe('');
      const result = (await readResults(reportDir)).checks.find((candidate) => candidate.id === check);
      expect(result?.status).toBe('failed');
      const lines = (result?.message ?? '').split('\n');
      const found = /^(\d+) distinct defects(?: \(the most one run searches for\))?: (.*)$/.exec(lines[0] ?? '');
      expect(found, lines[0]).not.toBeNull();
      const named = found?.[2]?.split('; ') ?? [];
      expect(named).toHaveLength(Number(found?.[1]));
      expect(named).toEqual(expect.arrayContaining(defects));
      for (const defect of named) {
        const at = lines.findIndex((line) => line.startsWith(`${defect}: `));
        expect(at, defect).toBeGreaterThan(0);
        const shown = /^smallest failing case \(\d+ cases tried, \d+ shrinks\): (.*)$/.exec(lines[at + 1] ?? '')?.[1];
        expect(shown, defect).toMatch(smallestCase);
      }
      expect(lines.at(-1)).toBe(`replay: the same scimprobe run with --seed ${SEED} --num-runs 100 --grep '^${check.replace(/\./g, '\\.')}$'`);
      // The evidence holds the requests of each smallest case.
      expect(result?.evidence?.length).toBeGreaterThanOrEqual(named.length);
    } finally {
      await server.close();
    }
  }, 120_000);
});
