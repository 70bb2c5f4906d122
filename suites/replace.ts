/**
 * Replacing a resource with PUT (RFC 7644 §3.5.1), for every advertised resource type: the values
 * given replace the old ones, readOnly values sent back are ignored and kept, an immutable value
 * stays as it was set, and PUT never creates a resource. Each check creates its own resources.
 */
import { randomUUID } from 'node:crypto';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, answeredWithDetail, refusedSetup, verify } from '../src/runner/failure.js';
import { requireSubjects, subjectsOf, subjectsWithRequired, type Subject } from '../src/runner/subject.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import type { Mutability } from '../src/scim/schema.js';
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

/** A single-valued string of a type's core schema that a client writes and reads back, with two values to tell apart. */
interface Change {
  subject: Subject;
  name: string;
  before: string;
  after: string;
}

/**
 * A top-level string attribute of the type's core schema with this mutability that GET returns by
 * default, optional ones first; its values are unique names, or two of its canonical values.
 */
function changeOf(t: CheckContext, subject: Subject, label: string, mutability: Mutability): Change | undefined {
  const candidates = (t.schema(subject.type.schema)?.attributes ?? []).filter((attribute) =>
    attribute.type === 'string'
    && !attribute.multiValued
    && (attribute.mutability ?? 'readWrite') === mutability
    && attribute.returned !== 'never'
    && attribute.returned !== 'request'
    && (attribute.canonicalValues ?? []).length !== 1);
  const attribute = candidates.find((candidate) => candidate.required !== true) ?? candidates[0];
  if (attribute === undefined) return undefined;
  const [first, second] = attribute.canonicalValues ?? [];
  const [before, after] = first !== undefined && second !== undefined ? [first, second] : [t.uniqueName(label), t.uniqueName(label)];
  return { subject, name: attribute.name, before, after };
}

/** A change for every advertised type that has such an attribute; the check is skipped when none has. */
function changes(t: CheckContext, label: string, mutability: Mutability): Change[] {
  const found = requireSubjects(t, subjectsOf(t, label)).flatMap((subject) => changeOf(t, subject, label, mutability) ?? []);
  if (found.length === 0) t.skip(`no advertised resource type has a${mutability === 'immutable' ? 'n' : ''} ${mutability} single-valued string attribute returned by default`);
  return found;
}

function metaCreated(value: JsonValue | undefined): string | undefined {
  return stringMember(isJsonObject(value) ? getMember(value, 'meta') : undefined, 'created');
}

suite.check('replace.replaces-values', async (t) => {
  const endpoint = userEndpoint(t);
  const sent = t.user('replace', { displayName: 'Before', emails: [{ value: t.email('before'), type: 'work' }] });
  const created = await t.create(endpoint, sent);
  const after = t.email('after');
  const replacement: JsonObject = { ...sent, displayName: 'After', emails: [{ value: after, type: 'home' }] };
  const replaced = await t.client.put(created.path, replacement);
  verify(replaced.status === 200, `${answered(replaced)}, expected 200 with the replaced user`);
  verify(stringMember(replaced.json, 'id') === created.id, `${answered(replaced)} with id ${show(stringMember(replaced.json, 'id'))}, expected the whole user with id "${created.id}"`);
  const read = await t.client.get(created.path);
  for (const [what, response] of [['the PUT response', replaced], ['a later GET', read]] as const) {
    const displayName = stringMember(response.json, 'displayName');
    verify(displayName === 'After', `${answered(response)}: ${what} has displayName ${show(displayName)}, expected "After" as the PUT gave`);
    const emails = emailValues(response.json);
    verify(emails.length === 1 && emails[0] === after, `${answered(response)}: ${what} has emails ${show(emails)}, expected only "${after}": the values a PUT gives replace the old ones`);
  }
});

suite.check('replace.read-only-ignored', async (t) => {
  await Promise.all(requireSubjects(t, subjectsOf(t, 'round-trip')).map(async (subject) => {
    const { type } = subject;
    const created = await t.create(type.endpoint, subject.body);
    const read = await t.client.get(created.path);
    verify(read.status === 200 && isJsonObject(read.json), `${answered(read)}, expected 200 with the ${type.name} just created`);
    const change = changeOf(t, subject, 'round-trip', 'readWrite');
    // The body as read, meta and id included, with one readWrite value changed where the type has
    // one; the values the create gave are sent whatever GET showed, as read.by-id judges that.
    const body: JsonObject = { ...read.json, ...subject.body };
    if (change !== undefined) body[change.name] = change.after;
    const replaced = await t.client.put(created.path, body);
    verify(replaced.status === 200, `${answered(replaced)} to a PUT of the ${type.name} body GET answered, expected 200: readOnly values in a PUT are ignored`);
    const id = stringMember(replaced.json, 'id');
    verify(id === created.id, `${answered(replaced)} with id ${show(id)}, expected the whole ${type.name} with id "${created.id}"`);
    const [before, after] = [metaCreated(read.json), metaCreated(replaced.json)];
    verify(after === before, `${answered(replaced)} with meta.created ${show(after)}, expected ${show(before)} as GET showed: a PUT keeps the readOnly values`);
  }));
});

suite.check('replace.every-type-replaces', async (t) => {
  await Promise.all(changes(t, 'replace', 'readWrite').map(async ({ subject, name, before, after }) => {
    const { type } = subject;
    const created = await t.create(type.endpoint, { ...subject.body, [name]: before });
    const replaced = await t.client.put(created.path, { ...subject.body, [name]: after });
    verify(replaced.status === 200, `${answered(replaced)} to a PUT of a ${type.name} with ${name} "${after}", expected 200 with the replaced ${type.name}`);
    const read = await t.client.get(created.path);
    for (const [what, response] of [['the PUT response', replaced], ['a later GET', read]] as const) {
      const shown = stringMember(response.json, name);
      verify(shown === after, `${answered(response)}: ${what} has ${type.name}.${name} ${show(shown)}, expected "${after}" as the PUT gave instead of "${before}": the values a PUT gives replace the old ones`);
    }
  }));
});

suite.check('replace.immutable-enforced', async (t) => {
  await Promise.all(changes(t, 'immutable', 'immutable').map(async ({ subject, name, before, after }) => {
    const { type } = subject;
    const created = await t.create(type.endpoint, { ...subject.body, [name]: before });
    const resent = await t.client.put(created.path, { ...subject.body, [name]: before });
    verify(resent.status === 200, `${answered(resent)} to a PUT resending the immutable ${type.name}.${name} "${before}" unchanged, expected 200: an immutable value may be sent again as it is`);
    const changed = await t.client.put(created.path, { ...subject.body, [name]: after });
    if (changed.status === 400) {
      // The RFC asks for 400; its scimType "mutability" is a SHOULD, so another one is reported, not failed.
      const scimType = stringMember(changed.json, 'scimType');
      if (scimType !== 'mutability') t.note(`${type.name}.${name}: a change was refused with 400 and scimType ${show(scimType)}; RFC 7644 §3.5.1 suggests "mutability"`);
      return;
    }
    verify(changed.status === 200, `${answered(changed)} to a PUT changing the immutable ${type.name}.${name} from "${before}" to "${after}", expected 400 mutability`);
    const read = await t.client.get(created.path);
    for (const [what, response] of [['the PUT response', changed], ['a later GET', read]] as const) {
      const shown = stringMember(response.json, name);
      verify(shown === before, `${answered(response)}: ${what} has the immutable ${type.name}.${name} ${show(shown)} after a PUT gave "${after}", expected 400 mutability or the value left as "${before}"`);
    }
  }));
});

suite.check('replace.never-creates', async (t) => {
  const endpoint = userEndpoint(t);
  const path = `${endpoint}/${randomUUID()}`;
  const replaced = await t.client.put(path, t.user('put-unknown'), { refusal: REFUSALS.unknownResource });
  const strayId = stringMember(replaced.json, 'id');
  // Whatever a wrong answer created is removed with the rest of the run's resources.
  if (replaced.status < 300 && strayId !== undefined) t.resources.track(`${endpoint}/${encodeURIComponent(strayId)}`);
  verify(replaced.status === 404, `${answered(replaced)} to a PUT of an id that does not exist, expected 404: PUT never creates`);
});

suite.check('replace.immutable-set-once', async (t) => {
  const unset = changes(t, 'immutable-unset', 'immutable').filter(({ subject, name }) =>
    t.schema(subject.type.schema)?.attributes.find((attribute) => attribute.name === name)?.required !== true && getMember(subject.body, name) === undefined);
  if (unset.length === 0) t.skip('no advertised resource type has an optional immutable single-valued string attribute returned by default');
  await Promise.all(unset.map(async ({ subject, name, after }) => {
    const { type } = subject;
    const created = await t.create(type.endpoint, subject.body);
    const replaced = await t.client.put(created.path, { ...subject.body, [name]: after });
    const sent = `a PUT giving the immutable ${type.name}.${name}, which has no value yet, "${after}"`;
    if (replaced.status !== 200) {
      const control = await t.client.put(created.path, subject.body);
      if (control.status >= 300) refusedSetup(control, `the same PUT without ${name} is refused too, so the refusal is not judged`);
    }
    verify(replaced.status === 200, `${answeredWithDetail(replaced)} to ${sent}; expected 200: RFC 7644 §3.5.1 sets an immutable attribute that has no value yet`);
    const read = await t.client.get(created.path);
    for (const [what, response] of [['the PUT response', replaced], ['a later GET', read]] as const) {
      const shown = stringMember(response.json, name);
      verify(shown === after, `${answered(response)}: ${what} to ${sent} has ${type.name}.${name} ${show(shown)}; expected "${after}": a PUT SHALL set an immutable value not set before`);
    }
  }));
});

suite.check('replace.required-missing-400', async (t) => {
  const cases = subjectsWithRequired(t, 'replace-required');
  await Promise.all(cases.map(async ({ subject, name }) => {
    const { type } = subject;
    const created = await t.create(type.endpoint, subject.body);
    const body = Object.fromEntries(Object.entries(subject.body).filter(([key]) => key !== name));
    const replaced = await t.client.put(created.path, body, { refusal: REFUSALS.replaceMissingRequired });
    verify(replaced.status === 400, `${answered(replaced)} to a ${type.name} PUT without its required ${name}, expected 400: RFC 7644 §3.5.1 has a PUT give every required attribute, and §3.12 refuses a missing required value with 400 invalidValue`);
    // The refusal is the missing attribute's only if the same PUT with it is taken.
    const control = await t.client.put(created.path, subject.body);
    if (control.status >= 300) refusedSetup(control, `the same PUT with ${name} is refused too, so the refusal is not judged`);
  }));
});
