/**
 * Replay: the same seed against the same server state sends the same requests and reaches the same
 * verdicts. Two runs against two fresh reference servers are compared check by check; only what must
 * differ between runs is normalised: the port, the run prefix, and the ids the server assigns.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, statusById, temporaryFolder } from '../support/cli.js';

interface HarEntry {
  comment?: string;
  request: { method: string; url: string; postData?: { text: string } };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The requests of each check, in order, with the per-run parts replaced by stable placeholders. */
function requestsByCheck(entries: HarEntry[], baseUrl: string): Map<string, string[]> {
  const byCheck = new Map<string, string[]>();
  for (const entry of entries) {
    const check = entry.comment ?? '(none)';
    const uuids = new Map<string, string>();
    const normalise = (text: string): string =>
      text
        .replaceAll(baseUrl, '<base>')
        .replace(/scimprobe-[0-9a-f]{8}/g, '<run>')
        .replace(UUID, (uuid) => {
          if (!uuids.has(uuid)) uuids.set(uuid, `<id${uuids.size}>`);
          return uuids.get(uuid)!;
        });
    const line = normalise(`${entry.request.method} ${entry.request.url} ${entry.request.postData?.text ?? ''}`);
    byCheck.set(check, [...(byCheck.get(check) ?? []), line]);
  }
  // Set-up runs in parallel suite files, so only its content, not its order, is stable.
  const setup = byCheck.get('setup');
  if (setup !== undefined) byCheck.set('setup', setup.sort());
  return byCheck;
}

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  folder = await temporaryFolder('replay');
});
afterAll(() => folder.remove());

async function runOnFreshServer(name: string): Promise<{ statuses: Map<string, string>; requests: Map<string, string[]> }> {
  const server = await startReferenceServer();
  try {
    const reportDir = join(folder.path, name);
    const run = await runCli(['run', '--url', server.url, '--seed', '424242', '--report-dir', reportDir]);
    expect(run.stderr).toBe('');
    const har = JSON.parse(await readFile(join(reportDir, 'exchanges.har'), 'utf8')) as { log: { entries: HarEntry[] } };
    return { statuses: statusById(await readResults(reportDir)), requests: requestsByCheck(har.log.entries, server.url) };
  } finally {
    await server.close();
  }
}

describe('replaying a run with its seed', () => {
  test('sends the same requests and reaches the same verdicts', async () => {
    const first = await runOnFreshServer('first');
    const second = await runOnFreshServer('second');
    expect(second.statuses).toEqual(first.statuses);
    expect([...second.requests.keys()].sort()).toEqual([...first.requests.keys()].sort());
    for (const [check, requests] of first.requests) expect(second.requests.get(check), check).toEqual(requests);
  });
});
