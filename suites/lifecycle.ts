/**
 * The life of a User (RFC 7644 §3.3, §3.4.1, §3.6): created, read back, deleted, gone. The checks
 * share one user; each check makes the step it needs if an earlier one was not selected.
 */
import { verify, answered } from '../src/runner/failure.js';
import { createdResource, useScim, type CheckContext } from '../src/runner/suite.js';
import type { ScimResponse } from '../src/http/client.js';
import { getMember, isJsonObject, type JsonObject } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import { compareInstants, parseDateTime } from '../src/scim/filter/values.js';
import { URN } from '../src/scim/urns.js';
import { listResources } from '../src/discovery/discover.js';

const suite = useScim();
const userType = suite.resourceType(URN.user);
const userName = suite.uniqueName('lifecycle');

interface CreatedUser {
  response: ScimResponse;
  body: JsonObject;
  id: string;
  path: string;
}

let creation: Promise<CreatedUser> | undefined;
let deletion: Promise<ScimResponse> | undefined;

function endpoint(t: CheckContext): string {
  return userType?.endpoint ?? t.skip('the target advertises no resource type with the User schema');
}

/** The POST every check of the suite judges, made once. */
function createdUser(t: CheckContext): Promise<CreatedUser> {
  const path = endpoint(t);
  creation ??= (async () => {
    const response = await t.client.post(path, { schemas: [URN.user], userName });
    t.resources.trackCreated(path, response);
    const created = createdResource(path, response);
    return { response, body: isJsonObject(response.json) ? response.json : {}, id: created?.id ?? '', path: created?.path ?? path };
  })();
  return creation;
}

/** The created user, or an error (not a failure) when the create itself did not work: other checks judge that. */
async function existingUser(t: CheckContext): Promise<CreatedUser> {
  const user = await createdUser(t);
  t.attach(user.response);
  if (user.response.status >= 300 || user.id === '') {
    throw new Error(`set-up: ${answered(user.response)}${user.id === '' ? ' without an id' : ''}; no user to check`);
  }
  return user;
}

function meta(user: CreatedUser): JsonObject {
  const value = getMember(user.body, 'meta');
  return isJsonObject(value) ? value : {};
}

suite.check('create.status-201', async (t) => {
  const { response } = await createdUser(t);
  t.attach(response);
  verify(response.status === 201, `${answered(response)}, expected 201 Created`);
});

suite.check('create.server-assigned', async (t) => {
  const user = await existingUser(t);
  const missing = ['resourceType', 'created', 'lastModified', 'location'].filter((member) => stringMember(meta(user), member) === undefined);
  verify(missing.length === 0, `${answered(user.response)} with meta ${show(getMember(user.body, 'meta'))}: missing ${missing.join(', ')}`);
});

suite.check('create.location', async (t) => {
  const user = await existingUser(t);
  const location = user.response.headers['location'];
  verify(location !== undefined, `${answered(user.response)} without a Location header`);
  const metaLocation = stringMember(meta(user), 'location');
  verify(location === metaLocation, `${answered(user.response)} with Location ${location} but meta.location ${show(getMember(meta(user), 'location'))}`);
});

suite.check('create.meta-resource-type', async (t) => {
  const user = await existingUser(t);
  const resourceType = stringMember(meta(user), 'resourceType');
  verify(resourceType === userType?.name, `${answered(user.response)} with meta.resourceType ${show(resourceType)}, expected "${userType?.name}"`);
});

suite.check('create.last-modified-equals-created', async (t) => {
  const user = await existingUser(t);
  const created = stringMember(meta(user), 'created');
  const lastModified = stringMember(meta(user), 'lastModified');
  verify(created !== undefined && lastModified !== undefined, `${answered(user.response)} without meta.created and meta.lastModified`);
  const [createdAt, lastModifiedAt] = [parseDateTime(created), parseDateTime(lastModified)];
  verify(createdAt !== undefined && lastModifiedAt !== undefined, `${answered(user.response)} with meta.created ${created} and meta.lastModified ${lastModified}, expected xsd:dateTime values`);
  // Compared to the last digit the server sent: a clock read twice differs in microseconds, not milliseconds.
  verify(compareInstants(createdAt, lastModifiedAt) === 0, `${answered(user.response)} with meta.created ${created} but meta.lastModified ${lastModified}`);
});

suite.check('read.by-id', async (t) => {
  const user = await existingUser(t);
  const read = await t.client.get(user.path);
  verify(read.status === 200, `${answered(read)}, expected 200 for the user just created`);
  verify(stringMember(read.json, 'id') === user.id, `${answered(read)} with id ${show(isJsonObject(read.json) ? getMember(read.json, 'id') : undefined)}, expected "${user.id}"`);
  const expectedName = stringMember(user.body, 'userName') ?? userName;
  const readName = stringMember(read.json, 'userName');
  verify(readName === expectedName, `${answered(read)} with userName ${show(readName)}, expected "${expectedName}" as the create answered`);
});

function deletedUser(t: CheckContext, user: CreatedUser): Promise<ScimResponse> {
  deletion ??= (async () => {
    const response = await t.client.delete(user.path);
    if (response.status >= 200 && response.status < 300) t.resources.forget(user.path);
    return response;
  })();
  return deletion;
}

suite.check('delete.status-204', async (t) => {
  const user = await existingUser(t);
  const response = await deletedUser(t, user);
  t.attach(response);
  verify(response.status === 204, `${answered(response)}, expected 204 No Content`);
});

suite.check('delete.gone', async (t) => {
  const user = await existingUser(t);
  const deleted = await deletedUser(t, user);
  t.attach(deleted);
  if (deleted.status >= 300) throw new Error(`set-up: ${answered(deleted)}; the user was not deleted`);
  const read = await t.client.get(user.path);
  verify(read.status === 404, `${answered(read)} after the user was deleted, expected 404`);
});

suite.check('delete.gone-everywhere', async (t) => {
  const user = await existingUser(t);
  const deleted = await deletedUser(t, user);
  t.attach(deleted);
  if (deleted.status >= 300) throw new Error(`set-up: ${answered(deleted)}; the user was not deleted`);
  const responses = await Promise.all([
    t.client.put(user.path, { schemas: [URN.user], userName }),
    t.client.patch(user.path, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: 'Gone' }] }),
    t.client.delete(user.path),
  ]);
  for (const response of responses) {
    verify(response.status === 404, `${answered(response)} after the user was deleted, expected 404: a deleted resource is gone for every operation`);
  }
});

suite.check('delete.gone-from-lists', async (t) => {
  if (!t.capabilities.filter.supported) t.skip('the target does not advertise filtering (filter.supported is false)');
  const user = await existingUser(t);
  const deleted = await deletedUser(t, user);
  t.attach(deleted);
  if (deleted.status >= 300) throw new Error(`set-up: ${answered(deleted)}; the user was not deleted`);
  const listed = await t.client.get(endpoint(t), { filter: `userName eq ${JSON.stringify(userName)}` });
  verify(listed.status === 200, `${answered(listed)}, expected 200 with an empty list`);
  const stillListed = listResources(listed.json).some((resource) => stringMember(resource, 'id') === user.id);
  verify(!stillListed, `${answered(listed)} listing the deleted user ${user.id}: a deleted resource is left out of every query`);
});
