/**
 * ETags (RFC 7644 §3.14, RFC 7643 §3.1), when /ServiceProviderConfig advertises them: the ETag header
 * is meta.version, a quoted entity tag, every change makes a new one, If-Match with a stale version is
 * refused with 412 and If-None-Match is answered 304 for the current version and 200 for a stale one.
 * Each check creates its own User. Beside them, the protocol version in the path (RFC 7644 §3.13).
 */
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, refusedSetup, verify } from '../src/runner/failure.js';
import { useScim, type CheckContext, type CreatedResource } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

/** A User of the check's own, created once etags and the User type are known to be advertised. */
async function createdUser(t: CheckContext): Promise<{ user: CreatedResource; sent: JsonObject }> {
  if (!t.capabilities.etag) t.skip('the target does not advertise etag.supported');
  const path = t.requireType(URN.user).endpoint;
  const sent = t.user('etag');
  return { user: await t.create(path, sent), sent };
}

function metaVersion(response: ScimResponse): string | undefined {
  const meta = isJsonObject(response.json) ? getMember(response.json, 'meta') : undefined;
  return stringMember(meta, 'version');
}

/** The response's ETag header; a response without one leaves the check nothing to compare (an error, judged elsewhere). */
function etagOf(response: ScimResponse): string {
  const etag = response.headers['etag'];
  if (etag === undefined) throw new Error(`set-up: ${answered(response)} without an ETag header`);
  return etag;
}

/** The User as created with a new displayName: a PUT body that changes one value. */
function replacement(sent: JsonObject, displayName: string): JsonObject {
  return { ...sent, displayName };
}

suite.check('etag.header-equals-version', async (t) => {
  const { user } = await createdUser(t);
  const read = await t.client.get(user.path);
  for (const response of [user.response, read]) {
    const etag = response.headers['etag'];
    verify(etag !== undefined, `${answered(response)} without an ETag header, though etag.supported is true`);
    // meta.version itself is only a SHOULD (RFC 7644 §3.14); when it is there, it is the ETag.
    const version = metaVersion(response);
    verify(version === undefined || version === etag, `${answered(response)} with ETag ${etag} but meta.version ${show(version)}; they must be equal`);
  }
});

suite.check('etag.write-changes-version', async (t) => {
  const { user, sent } = await createdUser(t);
  const before = etagOf(user.response);
  const replaced = await t.client.put(user.path, replacement(sent, t.uniqueName('renamed')));
  if (replaced.status !== 200) throw new Error(`set-up: ${answered(replaced)}; the User could not be changed`);
  const after = etagOf(replaced);
  verify(after !== before, `${answered(replaced)} with ETag ${after}, the same as before the change`);
});

suite.check('etag.if-match-stale-412', async (t) => {
  const { user, sent } = await createdUser(t);
  const stale = etagOf(user.response);
  const current = replacement(sent, t.uniqueName('current'));
  const changed = await t.client.put(user.path, current, { headers: { 'If-Match': stale } });
  verify(changed.status === 200, `${answered(changed)} to a PUT with If-Match naming the current version ${stale}, expected 200`);
  if (etagOf(changed) === stale) t.skip('the write did not change the version, so no stale version exists; etag.write-changes-version judges that');
  const refused = await t.client.put(user.path, replacement(sent, t.uniqueName('stale')), { headers: { 'If-Match': stale }, refusal: REFUSALS.staleVersion });
  verify(refused.status === 412, `${answered(refused)} to a PUT with If-Match naming the stale version ${stale}, expected 412 Precondition Failed`);
  const read = await t.client.get(user.path);
  const displayName = stringMember(read.json, 'displayName');
  verify(displayName === current.displayName, `${answered(read)} with displayName ${show(displayName)} after the refused write, expected it unchanged ("${String(current.displayName)}")`);
});

suite.check('etag.if-none-match-304', async (t) => {
  const { user } = await createdUser(t);
  const read = await t.client.get(user.path);
  const etag = etagOf(read);
  const conditional = await t.client.get(user.path, undefined, { headers: { 'If-None-Match': etag } });
  verify(conditional.status === 304, `${answered(conditional)} to a GET with If-None-Match naming the current version ${etag}, expected 304 Not Modified`);
  verify(conditional.text === '', `${answered(conditional)} with a body; a 304 has none`);
});

/** The User as created, changed once: its first ETag is then stale. Skips when the write makes no new version. */
async function changedUser(t: CheckContext): Promise<{ user: CreatedResource; stale: string; current: string }> {
  const { user, sent } = await createdUser(t);
  const stale = etagOf(user.response);
  const replaced = await t.client.put(user.path, replacement(sent, t.uniqueName('renamed')));
  if (replaced.status !== 200) refusedSetup(replaced, 'the User could not be changed, so no version of it is stale');
  const current = etagOf(replaced);
  if (current === stale) t.skip('the write did not change the version, so no stale version exists; etag.write-changes-version judges that');
  return { user, stale, current };
}

suite.check('etag.if-none-match-stale-200', async (t) => {
  const { user, stale, current } = await changedUser(t);
  const conditional = await t.client.get(user.path, undefined, { headers: { 'If-None-Match': stale } });
  verify(
    conditional.status === 200,
    `${answered(conditional)} to a GET with If-None-Match naming the stale version ${stale} (the User is now at ${current}), expected 200 with the User: ` +
      'RFC 7644 §3.14 answers 304 only when the version named is the current one',
  );
  const id = stringMember(conditional.json, 'id');
  verify(id === user.id, `${answered(conditional)} to a GET with If-None-Match naming a stale version, with id ${show(id)}, expected the User ${user.id}`);
});

/**
 * An entity tag (RFC 9110 §8.8.3, to which RFC 7643 §3.1 defers): a quoted opaque string, after `W/` when
 * weak; the marker is case-sensitive.
 */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\uffff]*"$/;

function entityTagProblem(tag: string): string | undefined {
  if (ENTITY_TAG.test(tag)) return undefined;
  if (/^w\//.test(tag) && ENTITY_TAG.test(`W${tag.slice(1)}`)) return 'marks a weak validator with a lower-case w/, where RFC 7643 §3.1 wants the case-sensitive W/';
  return 'is not an entity tag: RFC 7643 §3.1 (RFC 9110 §8.8.3) wants a quoted string, with W/ before it when weak';
}

suite.check('etag.entity-tag-syntax', async (t) => {
  const { user } = await createdUser(t);
  const read = await t.client.get(user.path);
  const tags = [user.response, read].flatMap((response) => {
    const found: Array<[string, string]> = [];
    const header = response.headers['etag'];
    if (header !== undefined) found.push([`${answered(response)} with ETag ${header}`, header]);
    const version = metaVersion(response);
    if (version !== undefined) found.push([`${answered(response)} with meta.version ${JSON.stringify(version)}`, version]);
    return found;
  });
  if (tags.length === 0) t.skip('neither the create nor the read sent an ETag header or meta.version; etag.header-equals-version judges that');
  const problems = tags.flatMap(([where, tag]) => {
    const problem = entityTagProblem(tag);
    return problem === undefined ? [] : [`${where}, which ${problem}`];
  });
  verify(problems.length === 0, problems.join('; '));
});

suite.check('etag.meta-version', async (t) => {
  const { user } = await createdUser(t);
  const read = await t.client.get(user.path);
  // A response without meta at all is the create and read checks' finding; only a meta without version is judged here.
  const judged = [user.response, read].filter((response) => isJsonObject(response.json) && isJsonObject(getMember(response.json, 'meta')));
  if (judged.length === 0) t.skip('neither the create nor the read answered a User with meta, so there is no meta.version to look for');
  for (const response of judged) {
    verify(
      metaVersion(response) !== undefined,
      `${answered(response)} with ETag ${response.headers['etag'] ?? '(none)'} but no meta.version; RFC 7644 §3.14 says the version should also be given there`,
    );
  }
});

suite.check('etag.unknown-protocol-version-refused', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  // RFC 7644 §3.13: a version segment, when used, stands right before the endpoint; v9 names no SCIM version.
  const root = t.client.baseUrl.replace(/\/v\d+$/i, '');
  const response = await t.client.get(`${root}/v9${endpoint}`, { count: 1 }, { refusal: REFUSALS.unsupportedProtocolVersion });
  const { status } = response;
  verify(
    status < 200 || status >= 300,
    `${answered(response)} to a request for SCIM protocol version 9, which does not exist: RFC 7644 §3.13 wants the operation done in the version named or refused (400 invalidVers), not done in another`,
  );
  if ((status >= 400 && status < 500) || status === 501) return;
  t.skip(`${answered(response)} to a request for SCIM protocol version 9: neither served nor refused${status >= 500 ? '; errors.no-server-errors judges a 5xx' : ''}`);
});
