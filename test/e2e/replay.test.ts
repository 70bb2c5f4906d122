/**
 * Replay: the same seed against the same server state sends the same requests and reaches the same
 * verdicts. Two runs against two fresh reference servers with the same token are compared check by check:
 * the shared clean run (test/support/clean-run.ts) and one made here with its seed. Only what must
 * differ between runs is normalised: the port, the run prefix, the ids and timestamps the server
 * assigns, and the content of quoted strings, which generated cases cut from those (a prefix, an infix of an
 * id). What the seed decides stays compared: every method and path, and in filters and bodies every
 * attribute, operator and number.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, statusById, temporaryFolder } from '../support/cli.js';
import { cleanRun } from '../support/clean-run.js';

interface HarEntry {
  comment?: string;
  request: { method: string; url: string; postData?: { text: string } };
}

/** A server-assigned id in a path. */
const SERVER_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

/** The requests of each check, in order, with the per-run parts replaced by stable placeholders. */
function requestsByCheck(entries: HarEntry[], baseUrl: string): Map<string, string[]> {
  const byCheck = new Map<string, string[]>();
  for (const entry of entries) {
    const check = entry.comment ?? '(none)';
    const normalise = (text: string): string =>
      text
        .replaceAll(baseUrl, '<base>')
        // A request outside the base path (a protocol version probed beside it) still names the server's origin.
        .replaceAll(new URL(baseUrl).origin, '<origin>')
        .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
        .replace(/scimprobe-[0-9a-f]{8}/gi, '<run>')
        .replace(TIMESTAMP, '<time>')
        .replace(SERVER_ID, '<id>');
    const line = normalise(`${entry.request.method} ${decodeURIComponent(entry.request.url)} ${entry.request.postData?.text ?? ''}`);
    byCheck.set(check, [...(byCheck.get(check) ?? []), line]);
  }
  // Suite files run in parallel and checks send some requests concurrently, so only which requests were
  // sent is stable, not their order.
  for (const requests of byCheck.values()) requests.sort();
  return byCheck;
}

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  folder = await temporaryFolder('replay');
});
afterAll(() => folder.remove());

interface Replayable {
  statuses: Map<string, string>;
  requests: Map<string, string[]>;
}

async function readRun(reportDir: string, baseUrl: string): Promise<Replayable> {
  const har = JSON.parse(await readFile(join(reportDir, 'exchanges.har'), 'utf8')) as { log: { entries: HarEntry[] } };
  return { statuses: statusById(await readResults(reportDir)), requests: requestsByCheck(har.log.entries, baseUrl) };
}

async function runOnFreshServer(token: string, seed: string): Promise<Replayable> {
  const server = await startReferenceServer({ token });
  try {
    const reportDir = join(folder.path, 'replayed');
    const run = await runCli(['run', '--url', server.url, '--token', token, '--seed', seed, '--report-dir', reportDir]);
    expect(run.stderr).toBe('');
    return await readRun(reportDir, server.url);
  } finally {
    await server.close();
  }
}

describe('replaying a run with its seed', () => {
  test('sends the same requests and reaches the same verdicts', async () => {
    const clean = await cleanRun();
    expect(clean.run.stderr).toBe('');
    const first = await readRun(clean.reportDir, clean.url);
    const second = await runOnFreshServer(clean.token, clean.seed);
    expect(second.statuses).toEqual(first.statuses);
    expect([...second.requests.keys()].sort()).toEqual([...first.requests.keys()].sort());
    for (const [check, requests] of first.requests) expect(second.requests.get(check), check).toEqual(requests);
  });
});
