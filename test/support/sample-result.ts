/**
 * A realistic run result for the reporters' tests: every status, evidence with hostile bodies,
 * set-up exchanges, an exchange that got no response, one that was retried, and a body past 4 KiB.
 */
import type { Capabilities } from '../../src/discovery/capabilities.js';
import type { Exchange } from '../../src/http/exchange.js';
import type { CheckResult, RunResult } from '../../src/results/model.js';
import { summarize } from '../../src/results/verdict.js';

export const TARGET_URL = 'https://scim.example.test/scim/v2';

/** Markup that would run script if a report copied it into HTML unescaped. */
export const HOSTILE_MARKUP = '</script><img src=x onerror=alert(1)>';
/** Ends a CDATA section; appears twice so that escaping only the first one is caught. */
export const CDATA_END = ']]>';
export const EMOJI = '🧪';
/**
 * A body exercising every character class a report must survive. The control characters and the
 * unpaired surrogate are raw, as a broken server would send them, so the body is not valid JSON.
 */
export const HOSTILE_BODY =
  `{"status":"400","detail":"bad ${HOSTILE_MARKUP} ${CDATA_END} and again ${CDATA_END} nul\u0000 esc\u001b bell\u0007 ${EMOJI} lone\uD800 end"}`;

export const FAILED_CHECK_ID = 'pagination.start-index-below-one';
export const FAILED_SHOULD_CHECK_ID = 'filter.unknown-attribute-error';
export const SKIPPED_CHECK_ID = 'bulk.max-operations';
export const ERRORED_CHECK_ID = 'patch.remove-member';
export const SKIP_REASON = 'bulk is not advertised by /ServiceProviderConfig (bulk.supported = false)';
/** The request whose response proves FAILED_CHECK_ID fails. */
export const FAILED_EVIDENCE_URL = `${TARGET_URL}/Users?filter=userName%20sw%20%22sp-run-7%22&startIndex=0&count=2`;
export const FAILED_EVIDENCE_STATUS = 400;
/** Larger than the 4 KiB at which JUnit text cuts bodies. */
export const LARGE_BODY = JSON.stringify({ Resources: Array.from({ length: 200 }, (_, i) => ({ id: `user-${i}`, userName: `sp-run-7-${i}` })) });

const JSON_HEADERS = { 'content-type': 'application/scim+json; charset=utf-8' };
const REQUEST_HEADERS = { accept: 'application/scim+json', authorization: '[redacted]' };

let nextSeq = 1;

interface ExchangeSpec {
  startedAt: string;
  method: string;
  url: string;
  body?: string;
  status?: number;
  responseBody?: string;
  error?: string;
  retries?: number;
  durationMs?: number;
}

export function sampleExchange(spec: ExchangeSpec): Exchange {
  const exchange: Exchange = {
    seq: nextSeq++,
    startedAt: spec.startedAt,
    durationMs: spec.durationMs ?? 12,
    request: {
      method: spec.method,
      url: spec.url,
      headers: spec.body === undefined ? REQUEST_HEADERS : { ...REQUEST_HEADERS, ...JSON_HEADERS },
      ...(spec.body === undefined ? {} : { body: spec.body }),
    },
  };
  if (spec.status !== undefined) {
    exchange.response = { status: spec.status, headers: { ...JSON_HEADERS, 'x-request-id': `req-${exchange.seq}` }, body: spec.responseBody ?? '' };
  }
  if (spec.error !== undefined) exchange.error = spec.error;
  if (spec.retries !== undefined) exchange.retries = spec.retries;
  return exchange;
}

export const SAMPLE_CAPABILITIES: Capabilities = {
  patch: true,
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 200 },
  changePassword: false,
  sort: false,
  etag: false,
  authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token' }],
  resourceTypes: [{ id: 'User', name: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' }],
  schemas: [
    {
      id: 'urn:ietf:params:scim:schemas:core:2.0:User',
      name: 'User',
      attributes: [{ name: 'userName', type: 'string', multiValued: false, required: true, uniqueness: 'server' }],
    },
  ],
};


function sampleChecks(): CheckResult[] {
  return [
    {
      id: 'discovery.service-provider-config',
      title: 'ServiceProviderConfig is one JSON object with the right schema',
      area: 'discovery',
      level: 'MUST',
      requirements: ['P-4-1'],
      status: 'passed',
      durationMs: 31,
      exchanges: [
        sampleExchange({
          startedAt: '2025-03-04T10:00:01.000Z',
          method: 'GET',
          url: `${TARGET_URL}/ServiceProviderConfig`,
          status: 200,
          responseBody: '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]}',
        }),
      ],
    },
    {
      id: 'pagination.count-zero',
      title: 'count=0 returns totalResults and no resources',
      area: 'pagination',
      level: 'MUST',
      requirements: ['P-3.4.2.4-2'],
      status: 'passed',
      durationMs: 95,
      exchanges: [
        sampleExchange({
          startedAt: '2025-03-04T10:00:03.000Z',
          method: 'GET',
          url: `${TARGET_URL}/Users?count=0`,
          status: 200,
          responseBody: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,"Resources":[]}',
          retries: 2,
        }),
      ],
    },
    {
      id: FAILED_CHECK_ID,
      title: 'A startIndex below 1 is read as 1',
      area: 'pagination',
      level: 'MUST',
      requirements: ['P-3.4.2.4-4'],
      status: 'failed',
      message: `expected 200 with startIndex 1, got 400 <b>&</b> ${EMOJI}`,
      durationMs: 1480,
      exchanges: [
        sampleExchange({
          startedAt: '2025-03-04T10:00:02.000Z',
          method: 'POST',
          url: `${TARGET_URL}/Users`,
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'sp-run-7-a' }),
          status: 201,
          responseBody: JSON.stringify({ id: 'u-1', userName: 'sp-run-7-a' }),
        }),
        sampleExchange({
          startedAt: '2025-03-04T10:00:02.500Z',
          method: 'GET',
          url: FAILED_EVIDENCE_URL,
          status: FAILED_EVIDENCE_STATUS,
          responseBody: HOSTILE_BODY,
        }),
      ],
    },
    {
      id: FAILED_SHOULD_CHECK_ID,
      title: 'A filter on an unknown attribute is answered with invalidFilter',
      area: 'filter',
      level: 'SHOULD',
      requirements: ['P-3.4.2.2-9', 'vendor:okta'],
      status: 'failed',
      message: 'expected scimType invalidFilter\nbut the error had no scimType',
      durationMs: 40,
      exchanges: [
        sampleExchange({
          startedAt: '2025-03-04T10:00:04.000Z',
          method: 'GET',
          url: `${TARGET_URL}/Users?filter=nope%20eq%20%22x%22`,
          status: 400,
          responseBody: `{"detail":"${CDATA_END}${HOSTILE_MARKUP}"}`,
        }),
        sampleExchange({
          startedAt: '2025-03-04T10:00:04.100Z',
          method: 'GET',
          url: `${TARGET_URL}/Users?filter=userName%20sw%20%22sp-run-7%22`,
          status: 200,
          responseBody: LARGE_BODY,
        }),
      ],
    },
    {
      id: SKIPPED_CHECK_ID,
      title: 'Bulk refuses more operations than maxOperations',
      area: 'bulk',
      level: 'MUST',
      requirements: ['P-3.7.4-1'],
      status: 'skipped',
      message: SKIP_REASON,
      durationMs: 0,
      exchanges: [],
    },
    {
      id: ERRORED_CHECK_ID,
      title: 'PATCH remove of one group member',
      area: 'patch',
      level: 'MUST',
      requirements: ['P-3.5.2.2-3'],
      status: 'errored',
      message: 'connection reset while reading the response (ECONNRESET)',
      durationMs: 5002,
      exchanges: [
        sampleExchange({
          startedAt: '2025-03-04T10:00:05.000Z',
          method: 'PATCH',
          url: `${TARGET_URL}/Groups/g-1`,
          body: JSON.stringify({ Operations: [{ op: 'remove', path: 'members[value eq "u-1"]' }] }),
          error: 'read ECONNRESET',
          durationMs: 5000,
        }),
      ],
    },
  ];
}

/** A fresh result each call, so a test may change its copy freely. */
export function buildSampleResult(): RunResult {
  const checks = sampleChecks();
  return {
    tool: { name: 'scimprobe', version: '0.1.0' },
    target: { url: TARGET_URL, capabilities: SAMPLE_CAPABILITIES },
    tenantRules: [{ resourceType: 'User', requires: ['an e-mail address as userName'], template: { userName: '{name}@example.com' } }],
    capabilityMatrix: [
      { feature: 'filter', advertised: true, observed: 'served', used: 12 },
      { feature: 'filter: operator sw', advertised: true, observed: 'not served', used: 0 },
      { feature: 'sort', advertised: false, observed: 'not asked', used: 0 },
      { feature: '.search', advertised: null, observed: 'served', used: 3 },
    ],
  seed: 424242,
    run: { insecure: false, warnings: [] },
    startedAt: '2025-03-04T10:00:00.000Z',
    durationMs: 7250,
    summary: summarize(checks),
    checks,
    failOn: 'must',
    exitCode: 1,
    setupExchanges: [
      sampleExchange({
        startedAt: '2025-03-04T10:00:00.100Z',
        method: 'GET',
        url: `${TARGET_URL}/ServiceProviderConfig`,
        status: 200,
        responseBody: '{"patch":{"supported":true}}',
      }),
      // Same instant as the pagination check's first exchange: seq decides the order.
      sampleExchange({
        startedAt: '2025-03-04T10:00:02.000Z',
        method: 'DELETE',
        url: `${TARGET_URL}/Users/u-0`,
        status: 204,
      }),
    ],
    runErrors: [],
    throttling: { rate: 5, retries: 3, waitMs: 2500 },
  };
}
