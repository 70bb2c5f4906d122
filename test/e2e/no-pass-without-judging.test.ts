/**
 * No check passes on an answer it does not judge. A proxy in front of the reference server lets discovery
 * (GETs of /ServiceProviderConfig, /ResourceTypes and /Schemas) through, so every check knows what the
 * target advertises, and answers every other request itself, with one kind of answer a run. The table below
 * puts every check of the catalog in a group with the answers it passes on and why: a check must pass on
 * those, and on any other fail (where the RFC decides the answer is wrong) or skip with the reason it could
 * not judge. A listed answer it does not pass on is a stale line of the table. No check errs: errored is the
 * harness failing, and a set-up the target refused is a skip.
 */
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/catalog.js';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { URN } from '../../src/scim/urns.js';
import { readResults, temporaryFolder, type ResultsJson } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startProxy, type OwnAnswer } from '../support/proxy.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

const TOKEN = 'no-pass-token';
const DISCOVERY = /\/(ServiceProviderConfig|ResourceTypes|Schemas)(\/|\?|$)/;
/** The opt-in checks run too: a rate-limit probe, and a payload limit the service documents. */
const OPT_IN_CONFIG = 'probes:\n  rateLimit: { enabled: true, maxRequests: 40 }\nlimits:\n  maxPayloadBytes: 65536\n';

function scimError(status: number, scimType?: string): OwnAnswer {
  return { status, body: JSON.stringify({ schemas: [URN.error], status: String(status), ...(scimType === undefined ? {} : { scimType }), detail: 'the proxy answers' }) };
}

/** What the proxy answers to every request but discovery's, by kind. */
const ANSWERS = {
  'gateway-404': {
    name: 'a gateway answering 404 with an HTML page',
    answer: {
      status: 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><hr>nginx</body></html>',
    },
  },
  'scim-500': { name: 'a SCIM Error 500', answer: scimError(500) },
  'scim-400-invalid-value': { name: 'a SCIM Error 400 invalidValue', answer: scimError(400, 'invalidValue') },
  'scim-409-uniqueness': { name: 'a SCIM Error 409 uniqueness', answer: scimError(409, 'uniqueness') },
  'scim-501': { name: 'a SCIM Error 501', answer: scimError(501) },
  'empty-object-200': { name: 'a 200 with an empty object', answer: { status: 200, body: '{}' } },
  'empty-list-200': {
    name: 'a 200 with an empty ListResponse',
    answer: { status: 200, body: JSON.stringify({ schemas: [URN.listResponse], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 }) },
  },
  'no-content-204': { name: 'a 204 with no body', answer: { status: 204, body: '' } },
} as const satisfies Record<string, { name: string; answer: OwnAnswer }>;

type Kind = keyof typeof ANSWERS;
const KINDS = Object.keys(ANSWERS) as Kind[];
const EVERY: readonly Kind[] = KINDS;
const NONE: readonly Kind[] = [];
const SCIM_ERRORS: readonly Kind[] = ['scim-500', 'scim-400-invalid-value', 'scim-409-uniqueness', 'scim-501'];
const but = (...left: Kind[]): readonly Kind[] => KINDS.filter((kind) => !left.includes(kind));

/**
 * Every check of the catalog, in one group each: the answers it passes on, with the reason. A check passes on
 * no other answer.
 */
const GROUPS: ReadonlyArray<{ passesOn: readonly Kind[]; checks: readonly string[] }> = [
  // They judge the discovery documents alone, which come from a conforming server here.
  { passesOn: EVERY, checks: [
    'discovery.spc-schema', 'discovery.spc-members', 'discovery.schemas-list', 'discovery.schemas-no-api-messages', 'discovery.schema-by-id',
    'discovery.schema-attributes', 'discovery.complex-sub-attributes', 'discovery.core-schema-characteristics', 'discovery.resource-types-list', 'discovery.resource-type-endpoint-relative', 'discovery.resource-type-by-name',
    'discovery.resource-type-schemas-resolve', 'discovery.query-parameters-ignored', 'discovery.filter-forbidden', 'auth.spc-without-credentials',
    'patch.supported',
  ] },
  // A list is what they ask for: it shows the endpoint served, the filter (each operator, connective and
  // attribute asked about) served, application/json served, a SearchRequest at the documented limit taken.
  // What the list holds is the list checks' to judge.
  { passesOn: ['empty-list-200'], checks: [
    'discovery.resource-types-served', 'discovery.spc-filter-matches', 'filter.advertised-filters-served', 'media-types.accept-json',
    'payload.documented-limit-accepted',
  ] },
  // A 404 is the answer they ask for (an unknown id, an unknown endpoint); that its body is HTML is
  // errors.json-body's finding.
  { passesOn: ['gateway-404'], checks: ['errors.not-found-404', 'errors.unknown-endpoint-404'] },
  // A 4xx or a 501 to a PUT of a discovery document is the refusal it asks for: the document stays read-only.
  { passesOn: ['gateway-404', 'scim-400-invalid-value', 'scim-409-uniqueness', 'scim-501'], checks: ['discovery.read-only-endpoints'] },
  // 501 is the answer they ask for: the operation is not supported.
  { passesOn: ['scim-501'], checks: ['me.unsupported-501', 'errors.unsupported-method'] },
  // A request for a protocol version no SCIM has (/v9/Users) is refused by any 4xx: not served. Where the
  // User endpoint itself answers 404 or 501, the type is not served and nothing is asked.
  { passesOn: ['scim-400-invalid-value', 'scim-409-uniqueness'], checks: ['etag.unknown-protocol-version-refused'] },
  // A 400 is what a create without a required attribute asks for; invalidValue is a keyword of RFC 7644
  // Table 9, which pairs it with a 400 to the methods the run sends.
  { passesOn: ['scim-400-invalid-value'], checks: ['create.required-missing-400', 'errors.scim-type-known', 'errors.every-scim-type-fits'] },
  // The bodies of the error answers are what they judge, and these are SCIM Errors.
  { passesOn: SCIM_ERRORS, checks: ['errors.json-body', 'errors.error-schema', 'errors.status-string', 'errors.status-matches-http'] },
  // Every error of the run is a SCIM Error but the gateway's pages: discovery's own (a 403 to a filter of
  // /Schemas) and the proxy's.
  { passesOn: but('gateway-404'), checks: ['errors.every-error-body'] },
  // No answer is a 5xx but the 501 they leave out, which is all they judge.
  { passesOn: but('scim-500'), checks: ['errors.no-server-errors', 'errors.no-other-server-errors'] },
  // The media type is what it judges, and every answer with a body is application/scim+json but the gateway's.
  { passesOn: but('gateway-404', 'no-content-204'), checks: ['media-types.scim-json-responses'] },
  // They judge resources the run creates, reads, changes and deletes: no answer here names a created
  // resource, so their set-up is refused, or the create they judge is what fails them.
  { passesOn: NONE, checks: [
    'create.status-201', 'create.server-assigned', 'create.location', 'create.meta-resource-type', 'create.last-modified-equals-created',
    'create.read-only-ignored', 'read.by-id', 'delete.status-204', 'delete.gone', 'delete.gone-everywhere', 'delete.gone-from-lists',
    'patch.matches-model', 'patch.atomic', 'patch.extension-schemas', 'patch.path-case-insensitive', 'patch.replace-missing-adds',
    'patch.replace-filter-every-match', 'patch.remove-filter-and', 'patch.schemas-change-seen', 'patch.password-write-only',
    'patch.add-existing-unchanged', 'patch.remove-non-member', 'replace.replaces-values', 'replace.read-only-ignored',
    'replace.every-type-replaces', 'projection.password-never-returned', 'projection.always-returned', 'projection.read', 'projection.list',
    'projection.write-responses', 'projection.sub-attributes', 'projection.urn-qualified-names', 'projection.returned-request',
    'create.group-members', 'patch.group-add-member', 'patch.group-remove-member', 'delete.member-leaves-groups', 'etag.header-equals-version',
    'etag.write-changes-version', 'etag.entity-tag-syntax', 'etag.meta-version', 'etag.if-none-match-stale-200',
    'media-types.scim-json-request', 'media-types.utf-8-round-trip', 'media-types.percent-encoded-query', 'read.user-groups',
  ] },
  // They judge the resources the run's responses hold: an empty object is no valid one, and names no location.
  { passesOn: NONE, checks: ['schema.every-resource-body', 'schema.every-resource-location', 'read.ids-unique-and-stable'] },
  // They judge lists of a dataset of the run's own, which can never be created here.
  { passesOn: NONE, checks: [
    'list.schemas-urn', 'list.total-results', 'list.resources-present', 'list.paging-members', 'list.unknown-parameters-ignored',
    'list.no-match-empty', 'filter.group-members', 'filter.matches-oracle', 'filter.attribute-names-case-insensitive',
    'filter.operators-case-insensitive', 'filter.case-insensitive-strings', 'filter.case-exact-strings', 'filter.value-path-same-value',
    'filter.precedence', 'filter.urn-qualified-paths', 'pagination.window-slice', 'pagination.walk-all-pages', 'pagination.count-capped',
    'sort.sort-by-honoured', 'sort.case-insensitive-strings', 'sort.case-exact-strings', 'sort.ascending-by-default', 'sort.descending', 'sort.missing-values',
    'sort.multi-valued-primary', 'sort.date-time', 'sort.paged-walk', 'search.same-as-get', 'search.creates-nothing', 'search.projection',
    'search.sorted', 'search.root', 'pagination.non-integer-parameters', 'filter.string-escapes',
    'filter.json-literals',
  ] },
  // They ask for a refusal with a keyword or status of its own (invalidSyntax, invalidFilter, invalidPath,
  // noTarget, mutability, 404, 412, 304), mostly about a resource the run creates first. replace.never-creates
  // asks for the gateway's 404, but those 404s to list requests leave no resource type served to PUT to.
  { passesOn: NONE, checks: [
    'errors.malformed-json-400', 'filter.malformed-invalid-filter', 'filter.boolean-ordering-invalid-filter', 'search.invalid-filter',
    'search.schemas-required', 'patch.no-target', 'patch.invalid-path', 'patch.read-only-mutability', 'patch.remove-without-path',
    'patch.group-member-immutable', 'patch.schemas-required', 'patch.operations-required', 'patch.unknown-op', 'patch.add-needs-value',
    'patch.path-less-value-object', 'patch.invalid-filter', 'replace.immutable-enforced', 'replace.never-creates', 'etag.if-match-stale-412', 'etag.if-none-match-304',
    'filter.binary-ordering-invalid-filter', 'filter.unsupported-combination-invalid-filter', 'errors.invalid-filter-detail',
  ] },
  // It judges a target that advertises PATCH as unsupported, which the discovery let through here does not.
  { passesOn: NONE, checks: ['patch.unsupported-501'] },
  // A 409 uniqueness is their answer to a second write of what a first create took: here the first is refused
  // or names no resource.
  { passesOn: NONE, checks: [
    'uniqueness.create-duplicate-409', 'uniqueness.case-variant-409', 'uniqueness.normalisation-variant-409', 'uniqueness.replace-duplicate-409',
    'uniqueness.patch-duplicate-409', 'uniqueness.advertised-attributes-409',
  ] },
  // They judge writes measured against a control the same target takes: a plain create of the type, a PUT of
  // what was created, a valid value beside the wrong one. Here the control is refused, or names no resource,
  // or the variant's answer (a 200 with {}, a 204) is not the one they ask for.
  { passesOn: NONE, checks: [
    'create.schemas-required', 'create.schemas-unknown-uri-400', 'create.schemas-any-order', 'create.external-id-not-invented',
    'create.manager-display-name-read-only', 'delete.unique-values-released', 'replace.immutable-set-once', 'replace.required-missing-400',
    'uniqueness.external-id-not-unique', 'schema.wrong-type-400', 'schema.attribute-names-case-insensitive', 'schema.member-order-irrelevant',
    'schema.null-is-unassigned', 'schema.no-repeated-values', 'schema.case-exact-kept', 'schema.binary-base64-kept',
  ] },
  // They ask for a status none of these answers is: 401, 413, 415, 429.
  { passesOn: NONE, checks: [
    'auth.no-credentials-401', 'auth.bad-credentials-401', 'auth.error-body', 'auth.www-authenticate', 'media-types.unsupported-content-type-415',
    'payload.over-limit-413', 'payload.over-limit-scim-error', 'payload.documented-limit-413', 'bulk.max-operations-413',
    'errors.rate-limit-retry-after',
  ] },
  // They ask for a BulkResponse, which no answer here is.
  { passesOn: NONE, checks: [
    'bulk.create-operations', 'bulk.bulkid-reference', 'bulk.bulkid-forward-reference', 'bulk.fail-on-errors', 'payload.at-limit-accepted',
  ] },
];

const PASSES_ON: ReadonlyMap<string, readonly Kind[]> = new Map(GROUPS.flatMap(({ passesOn, checks }) => checks.map((id) => [id, passesOn] as const)));

const CATALOG = CHECKS.map((check) => check.id).sort();

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let config: string;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer({ token: TOKEN }), temporaryFolder('no-pass')]);
  config = `${folder.path}/opt-in.yaml`;
  await writeFile(config, OPT_IN_CONFIG);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

async function runBehind(kind: Kind): Promise<ResultsJson> {
  const { answer } = ANSWERS[kind];
  const proxy = await startProxy(server.url, { answer: (method, path) => (method === 'GET' && DISCOVERY.test(path) ? undefined : answer) });
  try {
    const reportDir = `${folder.path}/${kind}`;
    // Few property cases: every one of them meets the same answer.
    const run = await scimprobe(['run', '--config', config, '--url', proxy.url, '--token', TOKEN, '--seed', '1', '--num-runs', '5', '--report-dir', reportDir]);
    expect(run.stderr).toBe('');
    return await readResults(reportDir);
  } finally {
    await proxy.close();
  }
}

test('the table names every check of the catalog once, and nothing else', () => {
  expect(GROUPS.flatMap(({ checks }) => checks).sort()).toEqual(CATALOG);
});

describe.each(KINDS)('behind %s to every request but discovery', (kind) => {
  test(`${ANSWERS[kind].name}: a check passes exactly where the table lists it, and none errs`, async () => {
    const results = await runBehind(kind);
    expect(results.checks.map((check) => check.id).sort()).toEqual(CATALOG);
    const listed = (id: string): boolean => PASSES_ON.get(id)?.includes(kind) === true;
    const unjudged = results.checks.filter((check) => check.status === 'passed' && !listed(check.id));
    expect(unjudged.map((check) => `${check.id}: ${check.message ?? ''}`), 'passed on an answer the table does not list for them').toEqual([]);
    const stale = results.checks.filter((check) => check.status !== 'passed' && listed(check.id));
    expect(stale.map((check) => `${check.id}: ${check.status} ${check.message ?? ''}`), 'listed for this answer but did not pass').toEqual([]);
    const errored = results.checks.filter((check) => check.status === 'errored');
    expect(errored.map((check) => `${check.id}: ${check.message ?? ''}`)).toEqual([]);
  }, 120_000);
});
