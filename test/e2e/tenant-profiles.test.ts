/**
 * The reference server as tenants real services resemble (src/server/tenant-profiles.ts): the harness
 * adapts to each with no configuration, errors nowhere, reports exactly the profile's root findings with
 * the checks they explain marked as consequences, and says why it skips what it cannot judge.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type TenantProfileName } from '../../src/server/index.js';
import { readResults, runCli, temporaryFolder } from '../support/cli.js';

interface Expected {
  findings: string[];
  consequences: Record<string, string>;
  /** What some root findings say, where the id alone would also pass on another defect. */
  rootMessages?: Record<string, RegExp>;
  learned: string;
  /** Every skip of the run gives one of these reasons. */
  skipReasons: RegExp[];
  /** The exit code, where it is not 1 for findings and 0 without: SHOULD findings alone exit 0. */
  exitCode?: number;
}

/** Skips any run of the reference server without configuration has: opt-in probes, and limits no config gives. */
const UNCONFIGURED = [/^probes\.rateLimit\.enabled is not set/, /^limits\.maxPayloadBytes is not set/, /^the target advertises PATCH as supported/];
const JSON_BODY_ROOT = {
  'errors.error-schema': 'errors.json-body',
  'errors.status-string': 'errors.json-body',
  'errors.status-matches-http': 'errors.json-body',
  'errors.every-error-body': 'errors.json-body',
};

const EXPECTED: Record<TenantProfileName, Expected> = {
  'saas-tenant': {
    // Declining every operator but eq is allowed per filter (RFC 7644 Table 9), and reported once, as a SHOULD.
    findings: ['filter.advertised-filters-served'],
    consequences: {},
    rootMessages: {
      'filter.advertised-filters-served': /^the target filters, yet does not serve operator ne, operator co, operator sw, operator ew, operator gt, operator lt, operator ge, operator le, operator pr, and, or, not \(/,
    },
    learned: 'the target requires of a new User: an e-mail address as userName',
    skipReasons: [
      ...UNCONFIGURED,
      /^GET \/scim\/v2\/Users\?filter=userName%20sw%20.* answered 400: "only filters of one comparison with eq are supported" to the filter that confines queries to the run's own users/,
      // The filter checks judge what selects by a run-prefixed value alone; these have nothing of the kind.
      /^no filter of this check can be judged on this target: /,
      /^random filters select users outside the suite's own unless a scope filter confines them/,
      /^the target does not advertise bulk\.supported/,
    ],
    exitCode: 0,
  },
  gateway: {
    findings: ['discovery.resource-type-endpoint-relative', 'errors.json-body', 'schema.every-resource-location'],
    consequences: JSON_BODY_ROOT,
    learned: 'the target requires nothing of a new User beyond its /Schemas',
    skipReasons: UNCONFIGURED,
  },
  'partial-implementation': {
    findings: ['discovery.resource-types-served'],
    consequences: {},
    learned: 'the target requires nothing of a new User beyond its /Schemas',
    // The Credential type, the only one with an immutable string, is left out of the checks.
    skipReasons: [...UNCONFIGURED, /^no advertised resource type has an immutable single-valued string attribute/],
  },
  'count-zero-fails': {
    findings: ['pagination.window-slice'],
    // The audit of server errors sees the same 500s to count=0, and nothing else.
    consequences: { 'errors.no-other-server-errors': 'pagination.window-slice' },
    // count=0 is the one defect the property names: a second one would come before its smallest case.
    rootMessages: {
      'pagination.window-slice': /^count=0 or below: GET \/scim\/v2\/Users\?\S*&count=0 answered 500: "the server failed to page the results"[^\n]*\nsmallest failing case/,
    },
    learned: 'the target requires nothing of a new User beyond its /Schemas',
    skipReasons: UNCONFIGURED,
  },
};

const TOKEN = 'tenant-profile-token';
/** A fixed seed: the property checks draw the same cases on every run. */
const SEED = '20261203';
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder('tenants');
});
afterAll(() => folder.remove());

describe.concurrent('tenant profiles of the reference server', () => {
  test.each(Object.keys(EXPECTED) as TenantProfileName[])('as %s: the root findings, their consequences, no error, every skip explained', async (tenant) => {
    const expected = EXPECTED[tenant];
    const server = await startReferenceServer({ tenant, token: TOKEN });
    const reportDir = `${folder.path}/${tenant}`;
    try {
      const run = await runCli(['run', '--url', server.url, '--token', TOKEN, '--seed', SEED, '--report-dir', reportDir]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`Learned: ${expected.learned}\n`);
      const results = await readResults(reportDir);
      expect(results.checks.filter((check) => check.status === 'errored').map((check) => `${check.id}: ${check.message ?? ''}`)).toEqual([]);
      const roots = results.checks.filter((check) => check.status === 'failed' && check.consequenceOf === undefined).map((check) => check.id);
      expect(roots.sort()).toEqual([...expected.findings].sort());
      for (const [id, message] of Object.entries(expected.rootMessages ?? {})) {
        expect(results.checks.find((check) => check.id === id)?.message, id).toMatch(message);
      }
      const consequences = Object.fromEntries(results.checks.flatMap((check) => (check.consequenceOf === undefined ? [] : [[check.id, check.consequenceOf]])));
      expect(consequences).toEqual(expected.consequences);
      // A consequence counts once, under its root, never as a failure of its own.
      expect(results.summary).toMatchObject({ failed: expected.findings.length, errored: 0, consequences: Object.keys(expected.consequences).length });
      for (const check of results.checks.filter((candidate) => candidate.status === 'skipped')) {
        expect(expected.skipReasons.some((reason) => reason.test(check.message ?? '')), `${check.id}: ${check.message ?? ''}`).toBe(true);
      }
      expect(run.code).toBe(expected.exitCode ?? (expected.findings.length > 0 ? 1 : 0));
    } finally {
      await server.close();
    }
  }, 180_000);
});
