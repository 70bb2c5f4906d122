/**
 * Groups and their members (RFC 7643 §4.2, RFC 7644 §3.3, §3.5.2): a Group created with members lists
 * them, PATCH adds and removes members, and a deleted User leaves its groups. Each check creates the
 * Users and the Group it needs; the run deletes the Group before its members.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, answeredWithDetail, refusedSetup, SetupRefused, verify, verifyScimType } from '../src/runner/failure.js';
import { isDeclinedFilter } from '../src/runner/filter-support.js';
import { readListAnswer } from '../src/runner/query-dataset.js';
import { useScim, type CheckContext, type CreatedResource } from '../src/runner/suite.js';
import type { ScimResponse } from '../src/http/client.js';
import { getMember, isJsonObject, type JsonObject } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import { compareInstants, parseDateTime } from '../src/scim/filter/values.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

interface Endpoints {
  users: string;
  groups: string;
}

function endpoints(t: CheckContext): Endpoints {
  const groups = t.requireType(URN.group).endpoint;
  const users = t.resourceType(URN.user)?.endpoint ?? t.skip('the target advertises no resource type with the User schema, so a Group has no members to hold');
  return { users, groups };
}

function patchEndpoints(t: CheckContext): Endpoints {
  if (!t.capabilities.patch) t.skip('the target does not advertise PATCH (patch.supported is false)');
  return endpoints(t);
}

/** Users made as members, each named by the run so that nothing else on the target is touched. */
function createMembers(t: CheckContext, where: Endpoints, count: number): Promise<CreatedResource[]> {
  return Promise.all(Array.from({ length: count }, () => t.create(where.users, t.user('group-member'))));
}

function createGroup(t: CheckContext, where: Endpoints, members: readonly CreatedResource[]): Promise<CreatedResource> {
  return t.create(where.groups, t.group('group', { members: members.map((member) => ({ value: member.id })) }));
}

/** The members of a Group as a response shows them; empty when it shows none. */
function membersOf(response: ScimResponse): JsonObject[] {
  const members = isJsonObject(response.json) ? getMember(response.json, 'members') : undefined;
  return Array.isArray(members) ? members.filter(isJsonObject) : [];
}

function memberIds(response: ScimResponse): string[] {
  return membersOf(response).flatMap((member) => {
    const value = stringMember(member, 'value');
    return value === undefined ? [] : [value];
  });
}

/** What a GET of the Group shows as its members, failing the check when the GET itself does not work. */
async function readMemberIds(t: CheckContext, group: CreatedResource, after: string): Promise<{ read: ScimResponse; ids: string[] }> {
  const read = await t.client.get(group.path);
  verify(read.status === 200, `${answered(read)} ${after}, expected 200 with the group`);
  return { read, ids: memberIds(read) };
}

/**
 * A check that changes a group's members judges that change only: a group created without the members
 * it was given is create.group-members' finding, and the check is skipped as its consequence.
 */
async function requireCreatedMembers(t: CheckContext, group: CreatedResource, members: readonly CreatedResource[]): Promise<void> {
  const { read, ids } = await readMemberIds(t, group, 'for the group just created');
  const missing = members.filter((member) => !ids.includes(member.id)).map((member) => member.id);
  if (missing.length > 0) {
    throw new SetupRefused(`set-up: ${answered(read)} with member values ${show(ids)}, without ${show(missing)} it was created with; create.group-members judges that`, 'create.group-members');
  }
}

function sameMembers(ids: readonly string[], expected: readonly string[]): boolean {
  return ids.length === expected.length && expected.every((id) => ids.includes(id));
}

function patchBody(operation: JsonObject): JsonObject {
  return { schemas: [URN.patchOp], Operations: [operation] };
}

/** The absolute URL a reference names; relative references are resolved against the base URL (RFC 7643 §2.3.7). */
function absoluteUrl(t: CheckContext, reference: string): string | undefined {
  try {
    return new URL(reference, `${t.client.baseUrl}/`).href;
  } catch {
    return undefined;
  }
}

/**
 * A $ref must be the URI of the resource it references (RFC 7643 §2.3.7): its Location, or an address on the
 * target that serves it, which is followed to see.
 */
async function verifyReference(t: CheckContext, response: ScimResponse, attribute: string, reference: string, resource: CreatedResource): Promise<void> {
  const url = absoluteUrl(t, reference);
  verify(url !== undefined, `${answered(response)} with ${attribute} ${show(reference)} for ${resource.id}, which is not a URI`);
  if (url === absoluteUrl(t, resource.path)) return;
  // Credentials go only to the target itself, never to another origin a reference names.
  verify(new URL(url).origin === new URL(t.client.baseUrl).origin, `${answered(response)} with ${attribute} ${show(reference)}, but ${resource.id} is at ${resource.path}`);
  const followed = await t.client.get(url);
  const followedId = stringMember(followed.json, 'id');
  verify(followed.status === 200 && followedId === resource.id, `${answered(response)} with ${attribute} ${show(reference)} for ${resource.id}, but ${answered(followed)} with id ${show(followedId)}: $ref is the URI of the resource it names`);
}

/** A member's $ref must be the URI of the member. */
async function verifyMemberReference(t: CheckContext, response: ScimResponse, member: CreatedResource): Promise<void> {
  const entry = membersOf(response).find((candidate) => stringMember(candidate, 'value') === member.id);
  const reference = entry === undefined ? undefined : stringMember(entry, '$ref');
  if (reference !== undefined) await verifyReference(t, response, 'members.$ref', reference, member);
}

suite.check('create.group-members', async (t) => {
  const where = endpoints(t);
  const members = await createMembers(t, where, 2);
  const group = await createGroup(t, where, members);
  const expected = members.map((member) => member.id);
  const { read, ids } = await readMemberIds(t, group, 'for the group just created');
  for (const [response, shown] of [[group.response, memberIds(group.response)], [read, ids]] as const) {
    // A create answered without a body (RFC 7644 §3.3 only recommends one) is judged by its GET alone.
    if (response === group.response && !isJsonObject(response.json)) continue;
    verify(sameMembers(shown, expected), `${answered(response)} with member values ${show(shown)}, expected the ids of the members created with it ${show(expected)}`);
    for (const member of members) await verifyMemberReference(t, response, member);
  }
});

suite.check('read.user-groups', async (t) => {
  const where = endpoints(t);
  const userType = t.requireType(URN.user);
  const declared = t.schema(userType.schema)?.attributes.some((attribute) => attribute.name.toLowerCase() === 'groups');
  if (declared === false) t.skip('the advertised User schema has no groups attribute, so a User does not show its groups');
  const [member] = await createMembers(t, where, 1);
  if (member === undefined) throw new Error('set-up: a member was asked for');
  const group = await createGroup(t, where, [member]);
  await requireCreatedMembers(t, group, [member]);
  const read = await t.client.get(member.path);
  verify(read.status === 200, `${answered(read)} to a read of the User, expected 200`);
  const groups = isJsonObject(read.json) ? getMember(read.json, 'groups') : undefined;
  if (groups === undefined) t.skip(`${answered(read)} without groups: the target does not return the groups of a User, which RFC 7643 §4.1.2 leaves to it`);
  const entries = Array.isArray(groups) ? groups.filter(isJsonObject) : [];
  const entry = entries.find((candidate) => stringMember(candidate, 'value') === group.id);
  verify(
    entry !== undefined,
    `${answered(read)} with groups ${show(groups)}, none with value "${group.id}", the id of the Group it was made a member of: RFC 7643 §4.1.2 makes groups.value the Group's id`,
  );
  const reference = stringMember(entry, '$ref');
  if (reference !== undefined) await verifyReference(t, read, 'groups.$ref', reference, group);
});

suite.check('patch.group-add-member', async (t) => {
  const where = patchEndpoints(t);
  const [first, second] = await createMembers(t, where, 2);
  if (first === undefined || second === undefined) throw new Error('set-up: two members were asked for');
  const group = await createGroup(t, where, [first]);
  await requireCreatedMembers(t, group, [first]);
  const patched = await t.client.patch(group.path, patchBody({ op: 'add', path: 'members', value: [{ value: second.id }] }));
  verify(patched.status === 200 || patched.status === 204, `${answered(patched)} to an add of the member ${second.id}, expected 200 (or 204)`);
  const { read, ids } = await readMemberIds(t, group, 'after the PATCH');
  verify(sameMembers(ids, [first.id, second.id]), `${answered(patched)} but ${answered(read)} with member values ${show(ids)}, expected ${show([first.id, second.id])}: add appends to a multi-valued attribute`);
});

suite.check('patch.group-remove-member', async (t) => {
  const where = patchEndpoints(t);
  const [removed, kept] = await createMembers(t, where, 2);
  if (removed === undefined || kept === undefined) throw new Error('set-up: two members were asked for');
  const group = await createGroup(t, where, [removed, kept]);
  await requireCreatedMembers(t, group, [removed, kept]);
  const path = `members[value eq ${JSON.stringify(removed.id)}]`;
  const patched = await t.client.patch(group.path, patchBody({ op: 'remove', path }));
  verify(patched.status === 200 || patched.status === 204, `${answered(patched)} to a remove of ${path}, expected 200 (or 204)`);
  const { read, ids } = await readMemberIds(t, group, 'after the PATCH');
  verify(sameMembers(ids, [kept.id]), `${answered(patched)} to a remove of ${path} but ${answered(read)} with member values ${show(ids)}, expected only ${show([kept.id])}`);
});

/** meta.lastModified of a response's resource, if it shows one. */
function lastModifiedOf(response: ScimResponse): string | undefined {
  const meta = isJsonObject(response.json) ? getMember(response.json, 'meta') : undefined;
  return isJsonObject(meta) ? stringMember(meta, 'lastModified') : undefined;
}

suite.check('patch.add-existing-unchanged', async (t) => {
  const where = patchEndpoints(t);
  const [member] = await createMembers(t, where, 1);
  if (member === undefined) throw new Error('set-up: a member was asked for');
  const group = await createGroup(t, where, [member]);
  await requireCreatedMembers(t, group, [member]);
  const before = await t.client.get(group.path);
  const modified = lastModifiedOf(before) ?? t.skip(`${answered(before)} with no meta.lastModified to compare (lifecycle checks judge meta)`);
  // Timestamps may count whole seconds: once the next one has begun, a PATCH that touches the group shows.
  await sleep(1100);
  const path = 'members';
  const patched = await t.client.patch(group.path, patchBody({ op: 'add', path, value: [{ value: member.id }] }));
  verify(patched.status === 200 || patched.status === 204,
    `${answeredWithDetail(patched)} to an add of the member ${member.id} the group already has, expected 200 (or 204): RFC 7644 §3.5.2.1 answers it with success`);
  const { read, ids } = await readMemberIds(t, group, 'after the PATCH');
  verify(sameMembers(ids, [member.id]), `${answered(patched)} but ${answered(read)} with member values ${show(ids)} after adding the member ${member.id} it had, expected ${show([member.id])} unchanged`);
  const after = lastModifiedOf(read);
  const [was, now] = [parseDateTime(modified), after === undefined ? undefined : parseDateTime(after)];
  verify(after === modified || (was !== undefined && now !== undefined && compareInstants(was, now) === 0),
    `${answered(read)} with meta.lastModified ${show(after)} after a PATCH that added the member the group already had, where it was ${show(modified)}: RFC 7644 §3.5.2.1 leaves the modify timestamp as it was`);
});

suite.check('patch.remove-non-member', async (t) => {
  const where = patchEndpoints(t);
  const [member, outsider] = await createMembers(t, where, 2);
  if (member === undefined || outsider === undefined) throw new Error('set-up: two users were asked for');
  const group = await createGroup(t, where, [member]);
  await requireCreatedMembers(t, group, [member]);
  const path = `members[value eq ${JSON.stringify(outsider.id)}]`;
  const patched = await t.client.patch(group.path, patchBody({ op: 'remove', path }));
  const noTarget = patched.status === 400 && stringMember(patched.json, 'scimType') === 'noTarget';
  verify(patched.status === 200 || patched.status === 204 || noTarget,
    `${answeredWithDetail(patched)} to a remove of ${path}, a user who is no member, expected 200 (or 204) changing nothing as in RFC 7644 §3.5.2.2, or 400 noTarget (Table 9)`);
  const { read, ids } = await readMemberIds(t, group, 'after the PATCH');
  verify(sameMembers(ids, [member.id]), `${answered(patched)} to a remove of ${path}, a user who is no member, but ${answered(read)} with member values ${show(ids)}, expected ${show([member.id])} unchanged`);
  if (noTarget) t.note(`${answered(patched)} noTarget to a remove that matches no member: RFC 7644 Table 9 allows it, where the example of §3.5.2.2 has it succeed`);
});

suite.check('patch.group-member-immutable', async (t) => {
  const where = patchEndpoints(t);
  const groupType = t.resourceType(URN.group);
  const schema = groupType === undefined ? undefined : t.schema(groupType.schema);
  const members = schema?.attributes.find((attribute) => attribute.name.toLowerCase() === 'members');
  const value = members?.subAttributes?.find((sub) => sub.name.toLowerCase() === 'value');
  if (value?.mutability !== 'immutable') t.skip(`the advertised Group schema does not mark members.value immutable (it says ${show(value?.mutability)})`);
  const [member, other] = await createMembers(t, where, 2);
  if (member === undefined || other === undefined) throw new Error('set-up: two members were asked for');
  const group = await createGroup(t, where, [member]);
  await requireCreatedMembers(t, group, [member]);
  const path = `members[value eq ${JSON.stringify(member.id)}].value`;
  const patched = await t.client.patch(group.path, patchBody({ op: 'replace', path, value: other.id }), { refusal: REFUSALS.patchImmutable });
  verify(patched.status === 400, `${answered(patched)} to a replace of the immutable ${path}, expected 400 mutability`);
  verifyScimType(patched, 'mutability', `to a replace of the immutable ${path}`);
  const { read, ids } = await readMemberIds(t, group, 'after the refused PATCH');
  verify(sameMembers(ids, [member.id]), `${answered(read)} with member values ${show(ids)} after a refused PATCH, expected ${show([member.id])} unchanged`);
});

suite.check('delete.member-leaves-groups', async (t) => {
  const where = endpoints(t);
  const [deleted, kept] = await createMembers(t, where, 2);
  if (deleted === undefined || kept === undefined) throw new Error('set-up: two members were asked for');
  const group = await createGroup(t, where, [deleted, kept]);
  await requireCreatedMembers(t, group, [deleted, kept]);
  const deletion = await t.client.delete(deleted.path);
  if (deletion.status >= 300) refusedSetup(deletion, 'the member was not deleted');
  t.resources.forget(deleted.path);
  const { read, ids } = await readMemberIds(t, group, 'after a member was deleted');
  verify(!ids.includes(deleted.id), `${answered(deletion)} but ${answered(read)} still listing the deleted user ${deleted.id} among its members`);
  verify(ids.includes(kept.id), `${answered(read)} with member values ${show(ids)}, expected the member that was not deleted, ${kept.id}`);
});

suite.check('filter.group-members', async (t) => {
  const where = endpoints(t);
  if (!t.capabilities.filter.supported) t.skip('the ServiceProviderConfig does not advertise filter support');
  const [member, other] = await createMembers(t, where, 2);
  if (member === undefined || other === undefined) throw new Error('set-up: two members were asked for');
  // The member is the check's own, so only the check's groups can hold it, however populated the tenant.
  const holding = await createGroup(t, where, [member, other]);
  await createGroup(t, where, [other]);
  const filter = `members.value eq ${JSON.stringify(member.id)}`;
  const listed = await t.client.get(where.groups, { filter });
  if (isDeclinedFilter(listed)) {
    t.skip(`${answeredWithDetail(listed)} to filter=${filter}: the target declines filters on members.value, as RFC 7644 §3.4.2.2 allows for a filter it does not support`);
  }
  const { ids } = readListAnswer(listed, `the groups filter=${filter} selects`);
  verify(
    ids.length === 1 && ids[0] === holding.id,
    `${answered(listed)} listing groups ${show(ids)} for filter=${filter}, expected exactly the group that holds the user, ${show([holding.id])}`,
  );
});
