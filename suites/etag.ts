/**
 * ETags (RFC 7644 §3.14, RFC 7643 §3.1), when /ServiceProviderConfig advertises them: the ETag header
 * is meta.version, every change makes a new one, If-Match with a stale version is refused with 412
 * and If-None-Match with the current one is answered 304. Each check creates its own User.
 */
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, verify } from '../src/runner/failure.js';
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
