/**
 * Bulk (RFC 7644 §3.7): a BulkRequest runs its operations and answers 200 with a BulkResponse that
 * reports each one; `bulkId:` references are replaced by the ids they name; failOnErrors stops the
 * job; more operations than maxOperations get 413. Every resource a bulk operation creates is tracked
 * from the location its response operation gives, and deleted when the suite ends.
 */
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, fail, verify } from '../src/runner/failure.js';
import { resourceAddress, useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../src/scim/json.js';
import { schemasOf, show, stringMember } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

function userPath(t: CheckContext): string {
  if (!t.capabilities.bulk.supported) t.skip('the target does not advertise bulk.supported');
  return t.requireType(URN.user).endpoint;
}

function bulkRequest(operations: JsonObject[], extra: JsonObject = {}): JsonObject {
  return { schemas: [URN.bulkRequest], ...extra, Operations: operations };
}

function createUser(endpoint: string, bulkId: string, user: JsonObject): JsonObject {
  return { method: 'POST', path: endpoint, bulkId, data: user };
}

/**
 * The HTTP status of a response operation: "201", or {"code": "201"} as RFC 7644 §3.7.2's example has it.
 * `lenient` also reads a JSON number, for checks that judge the outcome rather than the format.
 */
function operationStatus(operation: JsonObject, lenient = false): number | undefined {
  const status = getMember(operation, 'status');
  const code = isJsonObject(status) ? getMember(status, 'code') : status;
  if (lenient && typeof code === 'number' && Number.isInteger(code)) return code;
  return typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : undefined;
}

function succeeded(operation: JsonObject): boolean {
  const status = operationStatus(operation, true);
  return status !== undefined && status >= 200 && status < 300;
}

/** The Operations of a BulkRequest or BulkResponse. */
function operationsOf(message: JsonValue | undefined): JsonObject[] {
  const listed = isJsonObject(message) ? getMember(message, 'Operations') : undefined;
  return Array.isArray(listed) ? listed.filter(isJsonObject) : [];
}

/**
 * Posts a BulkRequest, tracks whatever its POST operations created, and returns the response
 * operations once the answer is a 200 BulkResponse.
 */
async function postBulk(t: CheckContext, body: JsonObject, sent: string): Promise<{ response: ScimResponse; operations: JsonObject[] }> {
  const response = await t.client.post('/Bulk', body);
  const operations = operationsOf(response.json);
  const requested = operationsOf(body);
  for (const operation of operations) {
    const location = stringMember(operation, 'location');
    if (location === undefined || !succeeded(operation) || stringMember(operation, 'method')?.toUpperCase() !== 'POST') continue;
    // The endpoint the create was sent to, by its bulkId: where the resource is when its location is elsewhere.
    const endpoint = stringMember(requested.find((candidate) => stringMember(candidate, 'bulkId') === stringMember(operation, 'bulkId')), 'path');
    t.resources.track(endpoint === undefined ? location : resourceAddress(t.client.baseUrl, endpoint, location));
  }
  verify(response.status === 200, `${answered(response)} to ${sent}, expected 200`);
  verify(
    schemasOf(response.json).includes(URN.bulkResponse),
    `${answered(response)} with schemas ${show(isJsonObject(response.json) ? getMember(response.json, 'schemas') : undefined)}, expected ["${URN.bulkResponse}"]`,
  );
  return { response, operations };
}

function operationFor(operations: JsonObject[], bulkId: string, response: ScimResponse): JsonObject {
  return operations.find((operation) => stringMember(operation, 'bulkId') === bulkId)
    ?? fail(`${answered(response)} with no response operation carrying bulkId "${bulkId}" (the client's bulkId is returned with the result)`);
}

/**
 * Where the resource a response operation created at `endpoint` is addressed: its location, or, when that is
 * outside the base URL, the endpoint and the id the location ends in.
 */
function addressOf(t: CheckContext, operation: JsonObject, endpoint: string, response: ScimResponse): string {
  const location = stringMember(operation, 'location') ?? fail(`${answered(response)} with an operation without a location: ${show(operation)}`);
  return resourceAddress(t.client.baseUrl, endpoint, location);
}

/** The id of the resource a response operation created at `endpoint`, read back from the target. */
async function idAt(t: CheckContext, operation: JsonObject, endpoint: string, response: ScimResponse): Promise<string> {
  const read = await t.client.get(addressOf(t, operation, endpoint, response));
  verify(read.status === 200, `${answered(read)}, expected 200 for the location bulk operation ${show(getMember(operation, 'bulkId'))} reported`);
  return stringMember(read.json, 'id') ?? fail(`${answered(read)} with no id`);
}

suite.check('bulk.create-operations', async (t) => {
  const endpoint = userPath(t);
  const users = [t.user('bulk'), t.user('bulk')];
  const { response, operations } = await postBulk(
    t,
    bulkRequest(users.map((user, index) => createUser(endpoint, `user${index}`, user))),
    'a BulkRequest of two User creates',
  );
  for (const [index] of users.entries()) {
    const operation = operationFor(operations, `user${index}`, response);
    verify(stringMember(operation, 'method')?.toUpperCase() === 'POST', `${answered(response)} with operation ${show(operation)}: method ${show(getMember(operation, 'method'))}, expected "POST"`);
    verify(
      operationStatus(operation) === 201,
      `${answered(response)} with operation user${index} status ${show(getMember(operation, 'status'))}, expected "201" (a JSON string, as a single POST's 201 Created)`,
    );
    await idAt(t, operation, endpoint, response);
  }
});

/**
 * Posts a User (bulkId "member") and a Group whose member is "bulkId:member", in the order asked for, and
 * verifies the Group was created with the User's id as its member.
 */
async function verifyMemberResolved(t: CheckContext, groupFirst: boolean): Promise<void> {
  const endpoint = userPath(t);
  const groups = t.requireType(URN.group).endpoint;
  const user = createUser(endpoint, 'member', t.user('bulk-member'));
  const group = { method: 'POST', path: groups, bulkId: 'team', data: t.group('bulk-team', { members: [{ value: 'bulkId:member' }] }) };
  const { response, operations } = await postBulk(
    t,
    bulkRequest(groupFirst ? [group, user] : [user, group]),
    `a BulkRequest creating a User (bulkId "member") and a Group whose member value is "bulkId:member", the ${groupFirst ? 'Group' : 'User'} first`,
  );
  const member = operationFor(operations, 'member', response);
  const team = operationFor(operations, 'team', response);
  for (const operation of [member, team]) {
    verify(succeeded(operation), `${answered(response)} with operation ${show(getMember(operation, 'bulkId'))} failed: ${show(operation)}`);
  }
  const memberId = await idAt(t, member, endpoint, response);
  const read = await t.client.get(addressOf(t, team, groups, response));
  const members = isJsonObject(read.json) ? getMember(read.json, 'members') : undefined;
  const values: JsonValue[] = Array.isArray(members) ? members.map((entry) => (isJsonObject(entry) ? getMember(entry, 'value') ?? null : null)) : [];
  verify(values.includes(memberId), `${answered(read)} with member values ${show(values)}, expected the created User's id "${memberId}" in place of "bulkId:member"`);
}

suite.check('bulk.bulkid-reference', async (t) => {
  await verifyMemberResolved(t, false);
});

suite.check('bulk.bulkid-forward-reference', async (t) => {
  await verifyMemberResolved(t, true);
});

suite.check('bulk.max-operations-413', async (t) => {
  const endpoint = userPath(t);
  const { maxOperations, maxPayloadSize } = t.capabilities.bulk;
  if (maxOperations < 1) t.skip('the target advertises no bulk.maxOperations');
  // Deletes of ids no resource has: a server that wrongly runs them changes nothing.
  const deletes = Array.from({ length: maxOperations + 1 }, (_, index) => ({ method: 'DELETE', path: `${endpoint}/${suite.runPrefix}-absent-${index}` }));
  const body = bulkRequest(deletes);
  const bytes = Buffer.byteLength(JSON.stringify(body));
  if (maxPayloadSize > 0 && bytes > maxPayloadSize) t.skip(`${maxOperations + 1} operations take ${bytes} bytes, more than bulk.maxPayloadSize ${maxPayloadSize}: a 413 would not tell which limit was hit`);
  if (bytes > suite.limits.maxProbeBytes) t.skip(`${maxOperations + 1} operations take ${bytes} bytes, above limits.maxProbeBytes of ${suite.limits.maxProbeBytes}`);
  const response = await t.client.post('/Bulk', body, { refusal: REFUSALS.bulkOverMaxOperations });
  verify(response.status === 413, `${answered(response)} to a BulkRequest of ${maxOperations + 1} operations (${bytes} bytes), one more than bulk.maxOperations ${maxOperations}; expected 413`);
});

suite.check('bulk.fail-on-errors', async (t) => {
  const endpoint = userPath(t);
  const { response, operations } = await postBulk(
    t,
    bulkRequest([
      { method: 'DELETE', path: `${endpoint}/${suite.runPrefix}-absent`, bulkId: 'missing' },
      createUser(endpoint, 'after', t.user('bulk-after-error')),
    ], { failOnErrors: 1 }),
    'a BulkRequest with failOnErrors 1: a DELETE of an id that does not exist, then a User create',
  );
  const failed = operations.find((operation) => stringMember(operation, 'method')?.toUpperCase() === 'DELETE');
  const failedStatus = failed === undefined ? undefined : operationStatus(failed, true);
  if (failedStatus === undefined || failedStatus < 400) t.skip(`the DELETE of an id that does not exist did not fail (${show(failed)}): there was no error to stop at`);
  const after = operations.find((operation) => stringMember(operation, 'bulkId') === 'after');
  verify(after === undefined, `${answered(response)} with the create after the failed operation run anyway: ${show(after)}; failOnErrors 1 stops after the first error`);
});
