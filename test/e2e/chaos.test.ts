/**
 * A broken server or network never crashes a run: resets, hangs, cut-off bodies, bodies that are not JSON,
 * HTML error pages and bursts of 500/503 end the checks they hit as failed or errored with the reason, the
 * run still writes all four reports, and it still deletes everything it created.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, temporaryFolder, type CliRun, type ResultsJson } from '../support/cli.js';
import { FAULT_HEADER, startProxy, type Fault, type Proxy, type ProxiedRequest } from '../support/proxy.js';
import { parseXml } from '../support/xml.js';

/** A fault every FAULT_EVERY requests, taking the kinds in turn; discovery is spared so the run gets going. */
const FAULT_EVERY = 13;
const REQUEST_TIMEOUT_MS = 1_000;
/** Requests from here on are answered 500 or 503 in a row, longer than the harness's retries last. */
const BURST_START = 400;
const BURST_LENGTH = 8;

const ERROR_BODY = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'injected' });
const FAULTS: readonly Fault[] = [
  { kind: 'reset' },
  { kind: 'truncate' },
  { kind: 'answer', status: 200, body: 'this is not JSON {', headers: { 'content-type': 'application/scim+json' } },
  { kind: 'answer', status: 502, body: '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } },
  { kind: 'hang' },
  { kind: 'answer', status: 500, body: ERROR_BODY },
  { kind: 'answer', status: 503, body: ERROR_BODY, headers: { 'retry-after': '0' } },
];

const DISCOVERY = /\/(ServiceProviderConfig|ResourceTypes|Schemas)(\/|\?|$)/;

/**
 * The same plan for the same sequence of requests. A DELETE of one URL is broken at most once: a transient
 * fault, which the run's final sweep must get past.
 */
function faultPlan(): (request: ProxiedRequest) => Fault | undefined {
  const brokenDeletes = new Set<string>();
  let planned = 0;
  return ({ seq, method, path }) => {
    if (DISCOVERY.test(path)) return undefined;
    if (seq >= BURST_START && seq < BURST_START + BURST_LENGTH) {
      return { kind: 'answer', status: seq % 2 === 0 ? 503 : 500, body: ERROR_BODY, headers: { 'retry-after': '0' } };
    }
    if (seq % FAULT_EVERY !== 0) return undefined;
    if (method === 'DELETE') {
      if (brokenDeletes.has(path)) return undefined;
      brokenDeletes.add(path);
    }
    return FAULTS[planned++ % FAULTS.length];
  };
}

let server: ReferenceServer;
let proxy: Proxy;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let run: CliRun;
let results: ResultsJson;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('chaos')]);
  proxy = await startProxy(server.url, { fault: faultPlan() });
  run = await runCli(['run', '--url', proxy.url, '--timeout', String(REQUEST_TIMEOUT_MS), '--report-dir', folder.path]);
  results = await readResults(folder.path);
}, 600_000);
afterAll(async () => {
  await Promise.all([proxy.close(), server.close(), folder.remove()]);
});

interface HarEntry {
  comment: string;
  request: { method: string; url: string };
  response: { status: number; headers: Array<{ name: string; value: string }>; comment?: string };
}

/** Total resources of a type on the server itself, not through the proxy. */
/** What the server still holds, asked directly: each resource whole, so a failure shows what was left. */
async function resourcesOnServer(endpoint: string): Promise<unknown[]> {
  const answer = await fetch(`${server.url}${endpoint}`);
  return ((await answer.json()) as { Resources?: unknown[] }).Resources ?? [];
}

describe('a run through a faulty network to a faulty server', () => {
  test('ends with exit 1 and one verdict per check, without crashing', () => {
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code, run.stderr).toBe(1);
    expect(results.checks.length).toBeGreaterThan(0);
    expect(results.summary.failed + results.summary.errored).toBeGreaterThan(0);
  });

  test('fails or errors every check a fault reached, with a reason, or skips it as the consequence of the fault it met in its set-up', async () => {
    const har = JSON.parse(await readFile(join(folder.path, 'exchanges.har'), 'utf8')) as { log: { entries: HarEntry[] } };
    const status = new Map(results.checks.map((check) => [check.id, check]));
    const hit = new Set<string>();
    for (const entry of har.log.entries) {
      const injected = entry.response.status === 0 || entry.response.headers.some((header) => header.name.toLowerCase() === FAULT_HEADER);
      if (injected && status.has(entry.comment)) hit.add(entry.comment);
    }
    expect(hit.size).toBeGreaterThan(2);
    for (const id of hit) {
      const check = status.get(id);
      expect(check?.message ?? '', id).not.toBe('');
      if (check?.status === 'skipped') {
        // A fault in a set-up request stops the check, which says so; a server error there is the
        // server-fault audit's finding, and the check is marked as its consequence.
        expect(check.message, id).toMatch(/^set-up: .* answered /);
        if (check.consequenceOf !== undefined) expect(status.get(check.consequenceOf)?.status, id).toBe('failed');
        continue;
      }
      // A check judging several resource types may pass on the others, saying which answer it did not judge.
      if (check?.status === 'passed') {
        expect(check.message, id).toMatch(/not judged for .*answered/);
        continue;
      }
      expect(check?.status, id).toMatch(/^(failed|errored)$/);
    }
  });

  test('writes all four reports, each well-formed', async () => {
    const read = (name: string): Promise<string> => readFile(join(folder.path, name), 'utf8');
    JSON.parse(await read('exchanges.har'));
    expect(parseXml(await read('junit.xml')).name).toBe('testsuites');
    const html = await read('report.html');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<\/html>\s*$/);
  });

  test('deletes everything it created, and leaves no ledger', async () => {
    expect(await resourcesOnServer('/Users')).toEqual([]);
    expect(await resourcesOnServer('/Groups')).toEqual([]);
    expect((await readdir(folder.path)).filter((file) => file.includes('ledger'))).toEqual([]);
  });
});
