/**
 * No check passes on an answer it does not judge. A proxy in front of the reference server lets discovery
 * (GETs of /ServiceProviderConfig, /ResourceTypes and /Schemas) through, so every check knows what the
 * target advertises, and answers every other request itself with a status no check takes for success: a
 * gateway's 404 with an HTML page, or a SCIM Error with 500. Each check must then fail (where the RFC
 * decides the answer is wrong) or skip with the reason it could not judge. Only the checks allowed below
 * may pass, each for the reason given; a check may be errored only because its set-up could not create the
 * resources it needs.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { URN } from '../../src/scim/urns.js';
import { readResults, temporaryFolder, type ResultsJson } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startProxy, type OwnAnswer } from '../support/proxy.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

const TOKEN = 'no-pass-token';
const DISCOVERY = /\/(ServiceProviderConfig|ResourceTypes|Schemas)(\/|\?|$)/;

/** They judge the discovery documents alone, which come from a conforming server here. */
const JUDGING_DISCOVERY = [
  'discovery.spc-schema', 'discovery.spc-members', 'discovery.schemas-list', 'discovery.schemas-no-api-messages', 'discovery.schema-by-id',
  'discovery.schema-attributes', 'discovery.resource-types-list', 'discovery.resource-type-by-name', 'discovery.resource-type-schemas-resolve',
  'discovery.query-parameters-ignored', 'discovery.filter-forbidden', 'discovery.resource-type-endpoint-relative', 'auth.spc-without-credentials',
];

const GATEWAY_404: OwnAnswer = {
  status: 404,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><hr>nginx</body></html>',
};

/** What may pass behind the gateway's 404s besides discovery. */
const PASSING_BEHIND_404 = [
  // A 404 is the answer they ask for (an unknown id, an unknown endpoint, a PUT of an unknown id); that its
  // body is HTML is errors.json-body's finding.
  'errors.not-found-404', 'errors.unknown-endpoint-404', 'replace.never-creates',
  // A 4xx to a PUT of a discovery document is the refusal it asks for: the document stays read-only.
  'discovery.read-only-endpoints',
  // No answer was a 5xx, which is all they judge.
  'errors.no-server-errors', 'errors.no-other-server-errors',
];

const SCIM_500: OwnAnswer = {
  status: 500,
  body: JSON.stringify({ schemas: [URN.error], status: '500', detail: 'the service is failing' }),
};

/** What may pass behind the SCIM 500s besides discovery. */
const PASSING_BEHIND_500 = [
  // The bodies and the media type of the error responses are what they judge, and these are SCIM Errors
  // labelled application/scim+json.
  'errors.json-body', 'errors.error-schema', 'errors.status-string', 'errors.status-matches-http', 'errors.every-error-body',
  'media-types.scim-json-responses',
];

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer({ token: TOKEN }), temporaryFolder('no-pass')]);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

async function runBehind(label: string, answer: OwnAnswer): Promise<ResultsJson> {
  const proxy = await startProxy(server.url, { answer: (method, path) => (method === 'GET' && DISCOVERY.test(path) ? undefined : answer) });
  try {
    const reportDir = `${folder.path}/${label}`;
    // Few property cases: every one of them meets the same answer.
    const run = await scimprobe(['run', '--url', proxy.url, '--token', TOKEN, '--seed', '1', '--num-runs', '5', '--report-dir', reportDir]);
    expect(run.stderr).toBe('');
    return await readResults(reportDir);
  } finally {
    await proxy.close();
  }
}

describe.each([
  ['a gateway answering 404 with an HTML page', 'gateway-404', GATEWAY_404, PASSING_BEHIND_404],
  ['a server answering 500 with a SCIM Error', 'scim-500', SCIM_500, PASSING_BEHIND_500],
])('behind %s to every request but discovery', (_name, label, answer, allowed) => {
  test('no check passes but those allowed, and none errs but for want of the resources its set-up creates', async () => {
    const results = await runBehind(label, answer);
    const mayPass = new Set([...JUDGING_DISCOVERY, ...allowed]);
    const passed = results.checks.filter((check) => check.status === 'passed' && !mayPass.has(check.id));
    expect(passed.map((check) => `${check.id}: ${check.message ?? ''}`)).toEqual([]);
    const errored = results.checks.filter((check) => check.status === 'errored' && !/set-up: POST \S+ answered/.test(check.message ?? ''));
    expect(errored.map((check) => `${check.id}: ${check.message ?? ''}`)).toEqual([]);
  }, 60_000);
});
