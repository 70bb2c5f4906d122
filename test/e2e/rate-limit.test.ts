/**
 * The rate-limit check runs only with probes.rateLimit.enabled, which the quirk matrix does not give: here
 * it is proven both ways against a reference server with a low rate limit, and its raw 429 is shown to be
 * judged by the run's error audit.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type QuirkName } from '../../src/server/index.js';
import { readResults, temporaryFolder, type ResultsJson } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

const CHECK = 'errors.rate-limit-retry-after';
const GREP = '^errors\\.(rate-limit-retry-after|every-error-body)$';
/** Requests a second the servers serve: discovery fits in it, the probe's burst does not. */
const RATE_LIMIT = 8;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let optedIn: string;

beforeAll(async () => {
  folder = await temporaryFolder('rate-limit');
  optedIn = join(folder.path, 'opted-in.yaml');
  await writeFile(optedIn, 'probes:\n  rateLimit: { enabled: true, maxRequests: 40 }\n');
});
afterAll(() => folder.remove());

async function runAgainst(label: string, options: { quirks?: QuirkName[]; rateLimit?: number; config?: string }): Promise<{ code: number; results: ResultsJson }> {
  const server = await startReferenceServer({ quirks: options.quirks ?? [], ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }) });
  const reportDir = join(folder.path, label);
  try {
    const config = options.config === undefined ? [] : ['--config', options.config];
    const run = await scimprobe(['run', '--url', server.url, ...config, '--grep', GREP, '--report-dir', reportDir]);
    expect(run.stderr).toBe('');
    return { code: run.code, results: await readResults(reportDir) };
  } finally {
    await server.close();
  }
}

function result(results: ResultsJson, id: string): ResultsJson['checks'][number] | undefined {
  return results.checks.find((check) => check.id === id);
}

describe('the opt-in rate-limit check', () => {
  test('is skipped with the reason when not opted in', async () => {
    const { results } = await runAgainst('not-opted-in', { rateLimit: RATE_LIMIT });
    expect(result(results, CHECK)).toMatchObject({ status: 'skipped', message: expect.stringContaining('probes.rateLimit.enabled') });
  }, 60_000);

  test('is skipped with the reason when no 429 comes within maxRequests', async () => {
    const { results } = await runAgainst('no-limit', { config: optedIn });
    expect(result(results, CHECK)).toMatchObject({ status: 'skipped', message: expect.stringContaining('no 429 within 40 requests') });
  }, 60_000);

  test('passes against a 429 with Retry-After, saying how many requests it took', async () => {
    const { code, results } = await runAgainst('clean', { rateLimit: RATE_LIMIT, config: optedIn });
    expect(result(results, CHECK)).toMatchObject({ status: 'passed', message: expect.stringMatching(/answered 429 with Retry-After: 1$/) });
    expect(result(results, 'errors.every-error-body')?.status).toBe('passed');
    expect(code).toBe(0);
  }, 60_000);

  test('fails under rate-limit-no-retry-after', async () => {
    const { results } = await runAgainst('no-retry-after', { rateLimit: RATE_LIMIT, config: optedIn, quirks: ['rate-limit-no-retry-after'] });
    expect(result(results, CHECK)).toMatchObject({ status: 'failed', message: expect.stringContaining('Retry-After absent') });
    expect(result(results, 'errors.every-error-body')?.status).toBe('passed');
  }, 60_000);

  test('leaves the 429 body to the error audit, which sees the raw 429', async () => {
    const { results } = await runAgainst('html-errors', { rateLimit: RATE_LIMIT, config: optedIn, quirks: ['errors-html'] });
    expect(result(results, CHECK)?.status).toBe('passed');
    expect(result(results, 'errors.every-error-body')).toMatchObject({ status: 'failed', message: expect.stringContaining('answered 429') });
  }, 60_000);
});
