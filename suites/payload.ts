/**
 * Payload limits (RFC 7644 §3.7.4, §3.12; RFC 9110 §15.5.14): a request body one byte over the limit
 * answers 413 with a SCIM Error, and one of exactly the limit is read. The limit is the one the config
 * documents for every request (limits.maxPayloadBytes), else the advertised bulk.maxPayloadSize; no
 * body sent is larger than limits.maxProbeBytes. Each probe is a SearchRequest scoped to the run, so
 * a server that wrongly reads an oversized body still changes nothing.
 */
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { answered, verify } from '../src/runner/failure.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { schemasOf, show } from '../src/scim/messages.js';
import { paddedSearchRequest } from '../src/scim/padded-body.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const searchPath = `${suite.resourceType(URN.user)?.endpoint ?? '/Users'}/.search`;
const scope = suite.uniqueName('payload');

interface Limit {
  bytes: number;
  /** Where the number comes from, as the reports name it. */
  source: string;
}

const limit: Limit | undefined =
  suite.limits.maxPayloadBytes !== undefined
    ? { bytes: suite.limits.maxPayloadBytes, source: 'limits.maxPayloadBytes' }
    : suite.capabilities.bulk.maxPayloadSize > 0
      ? { bytes: suite.capabilities.bulk.maxPayloadSize, source: 'the advertised bulk.maxPayloadSize' }
      : undefined;

/** Why a body of `bytes` bytes is not sent, if it is not. */
function unsent(bytes: number): string | undefined {
  if (limit === undefined) return 'the target advertises no bulk.maxPayloadSize and limits.maxPayloadBytes is not set';
  if (bytes > suite.limits.maxProbeBytes) {
    return `probing the limit of ${limit.bytes} bytes (${limit.source}) needs a ${bytes}-byte body, above limits.maxProbeBytes of ${suite.limits.maxProbeBytes} bytes`;
  }
  return undefined;
}

/** The answer to a body one byte over the limit, shared by the checks that judge it. */
let overLimit: { response: ScimResponse; bytes: number } | undefined;

beforeAll(async () => {
  if (suite.readOnly || limit === undefined || unsent(limit.bytes + 1) !== undefined) return;
  const bytes = limit.bytes + 1;
  overLimit = { response: await suite.client.post(searchPath, paddedSearchRequest(scope, bytes)), bytes };
});

function sentOverLimit(t: CheckContext): { response: ScimResponse; bytes: number; limit: Limit } {
  const reason = limit === undefined ? unsent(0) : unsent(limit.bytes + 1);
  if (reason !== undefined || limit === undefined || overLimit === undefined) return t.skip(reason ?? 'the over-limit request was not sent');
  t.attach(overLimit.response);
  return { ...overLimit, limit };
}

suite.check('payload.over-limit-413', async (t) => {
  const { response, bytes, limit: probed } = sentOverLimit(t);
  verify(
    response.status === 413,
    `${answered(response)} to a ${bytes}-byte SearchRequest, one byte over the limit of ${probed.bytes} bytes (${probed.source}); expected 413`,
  );
  t.note(`largest body sent: ${bytes} bytes, one over the limit of ${probed.bytes} bytes (${probed.source}); answered 413`);
});

suite.check('payload.over-limit-scim-error', async (t) => {
  const { response, bytes } = sentOverLimit(t);
  if (response.status !== 413) t.skip(`${answered(response)} to the ${bytes}-byte body, not 413: there is no 413 to judge`);
  verify(
    isJsonObject(response.json),
    `${answered(response)} with a body that is not a JSON object (content-type ${response.headers['content-type'] ?? 'absent'}), expected a SCIM Error`,
  );
  verify(
    schemasOf(response.json).includes(URN.error),
    `${answered(response)} with schemas ${show(getMember(response.json, 'schemas'))}, expected ["${URN.error}"]`,
  );
});

suite.check('payload.at-limit-accepted', async (t) => {
  const reason = limit === undefined ? unsent(0) : unsent(limit.bytes);
  if (reason !== undefined || limit === undefined) return t.skip(reason ?? 'no limit to probe');
  const response = await t.client.post(searchPath, paddedSearchRequest(scope, limit.bytes));
  verify(
    response.status !== 413,
    `${answered(response)} to a SearchRequest of exactly ${limit.bytes} bytes, the limit (${limit.source}); a body of the limit's size is allowed`,
  );
  t.note(`sent ${limit.bytes} bytes, exactly the limit (${limit.source}); answered ${response.status}`);
});
