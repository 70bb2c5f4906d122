/** A throttled run keeps to its limits, waits out the target's 429s, and reports how often and how long. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startProxy, type Proxy } from '../support/proxy.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

/** Requests, counted by the proxy from the first, that are answered 429 instead of forwarded. */
const THROTTLED = new Set([20, 40, 60]);
const RETRY_AFTER_SECONDS = 1;

let server: ReferenceServer;
let proxy: Proxy;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('throttling')]);
  proxy = await startProxy(server.url, {
    fault: ({ seq }) =>
      THROTTLED.has(seq)
        ? { kind: 'answer', status: 429, body: '{"detail":"slow down"}', headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }
        : undefined,
  });
});
afterAll(async () => {
  await Promise.all([proxy.close(), server.close(), folder.remove()]);
});

describe('throttling', () => {
  test('429s with Retry-After are waited out and counted in every report', async () => {
    const run = await scimprobe(['run', '--url', proxy.url, '--suite', 'list,pagination', '--rate', '50', '--concurrency', '2', '--report-dir', folder.path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = JSON.parse(await readFile(join(folder.path, 'results.json'), 'utf8')) as { throttling: unknown };
    expect(results.throttling).toEqual({ rate: 50, concurrency: 2, retries: 3, waitMs: 3 * RETRY_AFTER_SECONDS * 1000 });
    expect(run.stdout).toContain('Throttling: limited to 50 requests/s and 2 in flight; 3 retries after 429/503, 3.0 s waiting\n');
    const html = await readFile(join(folder.path, 'report.html'), 'utf8');
    expect(html).toContain('<dd data-field="throttling">limited to 50 requests/s and 2 in flight; 3 retries after 429/503, 3.0 s waiting</dd>');
  });

  test('a bad --rate or --concurrency is refused in one line', async () => {
    const rate = await scimprobe(['run', '--rate', '0', '--report-dir', folder.path]);
    expect(rate).toMatchObject({ code: 2, stderr: 'scimprobe: --rate must be a number of requests per second from 0.01 to 10000, got "0"\n' });
    const concurrency = await scimprobe(['run', '--concurrency', '-1', '--report-dir', folder.path]);
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toMatch(/^scimprobe: --concurrency needs a value \(for a value that starts with "-", write --concurrency=VALUE\)\n$/);
  });
});
