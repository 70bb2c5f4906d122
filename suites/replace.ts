/**
 * Replacing a User with PUT (RFC 7644 §3.5.1): the values given replace the old ones, readOnly values
 * sent back are ignored, and PUT never creates a resource. Each check creates its own User.
 */
import { randomUUID } from 'node:crypto';
import { answered, verify } from '../src/runner/failure.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

function userEndpoint(t: CheckContext): string {
  return t.requireType(URN.user).endpoint;
}

function emailValues(value: JsonValue | undefined): string[] {
  const emails = isJsonObject(value) ? getMember(value, 'emails') : undefined;
  return (Array.isArray(emails) ? emails : []).flatMap((email) => {
    const address = stringMember(email, 'value');
    return address === undefined ? [] : [address];
  });
}

suite.check('replace.replaces-values', async (t) => {
  const endpoint = userEndpoint(t);
  const sent = t.user('replace', { displayName: 'Before', emails: [{ value: 'before@example.com', type: 'work' }] });
  const created = await t.create(endpoint, sent);
  const replacement: JsonObject = { ...sent, displayName: 'After', emails: [{ value: 'after@example.com', type: 'home' }] };
  const replaced = await t.client.put(created.path, replacement);
  verify(replaced.status === 200, `${answered(replaced)}, expected 200 with the replaced user`);
  verify(stringMember(replaced.json, 'id') === created.id, `${answered(replaced)} with id ${show(stringMember(replaced.json, 'id'))}, expected the whole user with id "${created.id}"`);
  const read = await t.client.get(created.path);
  for (const [what, response] of [['the PUT response', replaced], ['a later GET', read]] as const) {
    const displayName = stringMember(response.json, 'displayName');
    verify(displayName === 'After', `${answered(response)}: ${what} has displayName ${show(displayName)}, expected "After" as the PUT gave`);
    const emails = emailValues(response.json);
    verify(emails.length === 1 && emails[0] === 'after@example.com', `${answered(response)}: ${what} has emails ${show(emails)}, expected only "after@example.com": the values a PUT gives replace the old ones`);
  }
});

suite.check('replace.read-only-ignored', async (t) => {
  const endpoint = userEndpoint(t);
  const sent = t.user('round-trip', { displayName: 'Before' });
  const created = await t.create(endpoint, sent);
  const read = await t.client.get(created.path);
  verify(read.status === 200 && isJsonObject(read.json), `${answered(read)}, expected 200 with the user just created`);
  // The body as read, meta and id included, with one readWrite value changed; userName is sent
  // whatever GET showed, as read.by-id judges that.
  const replaced = await t.client.put(created.path, { ...read.json, userName: sent.userName, displayName: 'After' });
  verify(replaced.status === 200, `${answered(replaced)} to a PUT of the body GET answered, expected 200: readOnly values in a PUT are ignored`);
  const displayName = stringMember(replaced.json, 'displayName');
  verify(displayName === 'After', `${answered(replaced)} with displayName ${show(displayName)}, expected "After"`);
});

suite.check('replace.never-creates', async (t) => {
  const endpoint = userEndpoint(t);
  const path = `${endpoint}/${randomUUID()}`;
  const replaced = await t.client.put(path, t.user('put-unknown'));
  const strayId = stringMember(replaced.json, 'id');
  // Whatever a wrong answer created is removed with the rest of the run's resources.
  if (replaced.status < 300 && strayId !== undefined) t.resources.track(`${endpoint}/${encodeURIComponent(strayId)}`);
  verify(replaced.status === 404, `${answered(replaced)} to a PUT of an id that does not exist, expected 404: PUT never creates`);
});
