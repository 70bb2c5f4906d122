/**
 * Payload limits (RFC 7644 §3.7.4, §3.12; RFC 9110 §15.5.14): a request body one byte over the limit
 * answers 413 with a SCIM Error, and one of exactly the limit is read. The limit is the one the config
 * documents for every request (limits.maxPayloadBytes), else the advertised bulk.maxPayloadSize; no
 * body sent is larger than limits.maxProbeBytes. Each probe is a SearchRequest scoped to the run, so
 * a server that wrongly reads an oversized body still changes nothing.
 */
import type { ScimResponse } from '../src/http/client.js';
import { answered, verify } from '../src/runner/failure.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { schemasOf, show } from '../src/scim/messages.js';
import { paddedSearchRequest, smallestSearchRequest } from '../src/scim/padded-body.js';
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

/** The limit and the body size to send, or the check is skipped with the reason no such body is sent. */
function probe(t: CheckContext, overLimit: number): { limit: Limit; bytes: number } {
  if (limit === undefined) return t.skip('the target advertises no bulk.maxPayloadSize and limits.maxPayloadBytes is not set');
  const bytes = limit.bytes + overLimit;
  if (bytes > suite.limits.maxProbeBytes) {
    t.skip(`probing the limit of ${limit.bytes} bytes (${limit.source}) needs a ${bytes}-byte body, above limits.maxProbeBytes of ${suite.limits.maxProbeBytes} bytes`);
  }
  const smallest = smallestSearchRequest(scope);
  if (bytes < smallest) t.skip(`the limit of ${limit.bytes} bytes (${limit.source}) is below the ${smallest} bytes of the smallest probe`);
  return { limit, bytes };
}

/** The answer to the body one byte over the limit: sent once, judged by two checks. */
let overLimitAnswer: Promise<ScimResponse> | undefined;

async function sentOverLimit(t: CheckContext): Promise<{ response: ScimResponse; bytes: number; limit: Limit }> {
  const { limit: probed, bytes } = probe(t, 1);
  overLimitAnswer ??= suite.client.post(searchPath, paddedSearchRequest(scope, bytes));
  const response = await overLimitAnswer;
  t.attach(response);
  return { response, bytes, limit: probed };
}

suite.check('payload.over-limit-413', async (t) => {
  const { response, bytes, limit: probed } = await sentOverLimit(t);
  verify(
    response.status === 413,
    `${answered(response)} to a ${bytes}-byte SearchRequest, one byte over the limit of ${probed.bytes} bytes (${probed.source}); expected 413`,
  );
  t.note(`largest body sent: ${bytes} bytes, one over the limit of ${probed.bytes} bytes (${probed.source}); answered 413`);
});

suite.check('payload.over-limit-scim-error', async (t) => {
  const { response, bytes } = await sentOverLimit(t);
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
  const { limit: probed, bytes } = probe(t, 0);
  const response = await t.client.post(searchPath, paddedSearchRequest(scope, bytes));
  verify(
    response.status !== 413,
    `${answered(response)} to a SearchRequest of exactly ${bytes} bytes, the limit (${probed.source}); a body of the limit's size is allowed`,
  );
  t.note(`sent ${bytes} bytes, exactly the limit (${probed.source}); answered ${response.status}`);
});
