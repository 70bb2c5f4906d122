/**
 * Payload limits. RFC 7644 §3.7.4 sets the one the RFC knows, bulk.maxPayloadSize, on BulkRequests: one a
 * byte over it answers 413, one of exactly that size is processed. Each probe is a BulkRequest of one
 * DELETE of an id no resource has, so a server that wrongly runs an oversized one changes nothing. A limit
 * the service documents for every request (limits.maxPayloadBytes; RFC 9110 §15.5.14, advisory) is probed
 * the same way with SearchRequests scoped to the run, never with the bulk limit. Every 413 an oversized
 * probe gets is a SCIM Error. No body sent is larger than limits.maxProbeBytes.
 */
import { REFUSALS } from '../src/checks/refusals.js';
import type { ScimResponse } from '../src/http/client.js';
import type { Refusal } from '../src/http/exchange.js';
import { answered, answeredWithDetail, fail, verify } from '../src/runner/failure.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { schemasOf, show } from '../src/scim/messages.js';
import { paddedBulkRequest, paddedSearchRequest, type PaddedBody } from '../src/scim/padded-body.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const userEndpoint = suite.resourceType(URN.user)?.endpoint ?? '/Users';
const scope = suite.uniqueName('payload');

/** One limit, the request that probes it, and the answer a body of the limit's size gets. */
interface Probe {
  limit: number;
  /** Where the number comes from, as the reports name it. */
  source: string;
  path: string;
  body: PaddedBody;
  /** What the body is, for messages. */
  request: string;
  /** The message a body within the limit is answered with (200), and its URN. */
  answer: { name: string; schema: string };
  overLimit: Refusal;
}

/** The advertised bulk.maxPayloadSize, or why it is not probed. */
function bulkLimit(): Probe | string {
  const { supported, maxPayloadSize, maxOperations } = suite.capabilities.bulk;
  if (!supported) return 'the target does not advertise bulk.supported, and RFC 7644 §3.7.4 sets bulk.maxPayloadSize on BulkRequests alone';
  if (maxPayloadSize < 1) return 'the target advertises no bulk.maxPayloadSize';
  if (maxOperations < 1) return 'the target advertises no bulk.maxOperations, so no BulkRequest with an operation fits';
  return {
    limit: maxPayloadSize, source: 'the advertised bulk.maxPayloadSize', path: '/Bulk', body: paddedBulkRequest(userEndpoint, scope),
    request: 'BulkRequest', answer: { name: 'BulkResponse', schema: URN.bulkResponse }, overLimit: REFUSALS.bulkOverMaxPayload,
  };
}

/** limits.maxPayloadBytes, or why it is not probed. */
function documentedLimit(): Probe | string {
  const bytes = suite.limits.maxPayloadBytes;
  if (bytes === undefined) return 'limits.maxPayloadBytes is not set: no limit the target documents for every request is known';
  return {
    limit: bytes, source: 'limits.maxPayloadBytes', path: `${userEndpoint}/.search`, body: paddedSearchRequest(scope),
    request: 'SearchRequest', answer: { name: 'ListResponse', schema: URN.listResponse }, overLimit: REFUSALS.overDocumentedPayload,
  };
}

/** What one probe sends: its body `past` bytes beyond the limit, or why no such body is sent. */
type ProbeBody = { probe: Probe; bytes: number } | string;

function probeBody(found: Probe | string, past: number): ProbeBody {
  if (typeof found === 'string') return found;
  const bytes = found.limit + past;
  if (bytes > suite.limits.maxProbeBytes) {
    return `probing the limit of ${found.limit} bytes (${found.source}) needs a ${bytes}-byte body, above limits.maxProbeBytes of ${suite.limits.maxProbeBytes} bytes`;
  }
  if (bytes < found.body.smallest) return `the limit of ${found.limit} bytes (${found.source}) is below the ${found.body.smallest} bytes of the smallest ${found.request}`;
  return { probe: found, bytes };
}

/** The probe's body, or the check is skipped with the reason none is sent. */
function sized(t: CheckContext, found: Probe | string, past: number): { probe: Probe; bytes: number } {
  const body = probeBody(found, past);
  return typeof body === 'string' ? t.skip(body) : body;
}

/** The answers to the bodies one byte over each limit, by path: each sent once, judged by two checks. */
const overLimitAnswers = new Map<string, Promise<ScimResponse>>();

function sendOverLimit(probe: Probe, bytes: number): Promise<ScimResponse> {
  let answer = overLimitAnswers.get(probe.path);
  if (answer === undefined) {
    answer = suite.client.post(probe.path, probe.body.ofSize(bytes), { refusal: probe.overLimit });
    overLimitAnswers.set(probe.path, answer);
  }
  return answer;
}

async function verifyOverLimit413(t: CheckContext, found: Probe | string): Promise<void> {
  const { probe, bytes } = sized(t, found, 1);
  const response = await sendOverLimit(probe, bytes);
  t.attach(response);
  verify(
    response.status === 413,
    `${answered(response)} to a ${bytes}-byte ${probe.request}, one byte over the limit of ${probe.limit} bytes (${probe.source}); expected 413`,
  );
  t.note(`largest body sent: ${bytes} bytes, one over the limit of ${probe.limit} bytes (${probe.source}); answered 413`);
}

/**
 * A body of exactly the limit is within it, so it gets the answer any such request gets: 200 with the
 * probe's message. A 413 refuses what the limit allows; a 5xx fails a request the limit allows. Any other
 * refusal is for something else than the size, which is then not judged.
 */
async function verifyAtLimitAccepted(t: CheckContext, found: Probe | string): Promise<void> {
  const { probe, bytes } = sized(t, found, 0);
  const response = await t.client.post(probe.path, probe.body.ofSize(bytes));
  const sent = `a ${probe.request} of exactly ${bytes} bytes, the limit (${probe.source})`;
  const expected = `expected 200 with a ${probe.answer.name}, as any ${probe.request} within the limit gets`;
  if (response.status === 413) fail(`${answered(response)} to ${sent}: a body of the limit's size is allowed; ${expected}`);
  if (response.status >= 500) fail(`${answeredWithDetail(response)} to ${sent}: the server failed a request the limit allows; ${expected}`);
  if (response.status < 200 || response.status >= 300) {
    t.skip(`${answeredWithDetail(response)} to ${sent}: refused for something other than its size, so whether the limit takes it is not judged`);
  }
  verify(
    response.status === 200 && schemasOf(response.json).includes(probe.answer.schema),
    `${answered(response)} with schemas ${show(isJsonObject(response.json) ? getMember(response.json, 'schemas') : undefined)} to ${sent}; ${expected} (["${probe.answer.schema}"])`,
  );
  t.note(`sent ${bytes} bytes, exactly the limit (${probe.source}); answered 200 with a ${probe.answer.name}`);
}

suite.check('payload.over-limit-413', async (t) => {
  await verifyOverLimit413(t, bulkLimit());
});

suite.check('payload.documented-limit-413', async (t) => {
  await verifyOverLimit413(t, documentedLimit());
});

suite.check('payload.over-limit-scim-error', async (t) => {
  const bodies = [bulkLimit(), documentedLimit()].map((found) => probeBody(found, 1));
  const sent = bodies.filter((body) => typeof body !== 'string');
  if (sent.length === 0) t.skip(bodies.join('; '));
  const refused: ScimResponse[] = [];
  for (const { probe, bytes } of sent) {
    const response = await sendOverLimit(probe, bytes);
    t.attach(response);
    if (response.status === 413) refused.push(response);
  }
  if (refused.length === 0) t.skip('no body over a limit was answered 413: there is no 413 to judge');
  for (const response of refused) {
    verify(
      isJsonObject(response.json),
      `${answered(response)} with a body that is not a JSON object (content-type ${response.headers['content-type'] ?? 'absent'}), expected a SCIM Error`,
    );
    verify(
      schemasOf(response.json).includes(URN.error),
      `${answered(response)} with schemas ${show(getMember(response.json, 'schemas'))}, expected ["${URN.error}"]`,
    );
  }
});

suite.check('payload.at-limit-accepted', async (t) => {
  await verifyAtLimitAccepted(t, bulkLimit());
});

suite.check('payload.documented-limit-accepted', async (t) => {
  await verifyAtLimitAccepted(t, documentedLimit());
});
