/**
 * Uniqueness (RFC 7644 §3.3, §3.12 Table 9, §5; RFC 7643 §4.1.1): a write that would give a User a
 * userName another User holds answers 409 with scimType uniqueness, whether it is a create, a replace
 * or a patch, and whether the two names are identical or equal only once prepared (case-insensitive,
 * Unicode-normalised). Other attributes the User and Group schemas mark unique (RFC 7643 §7) are held to
 * the same 409 on create. Each check creates the resources it needs; a duplicate the server wrongly
 * accepts is tracked and deleted like any other.
 */
import { REFUSALS } from '../src/checks/refusals.js';
import type { ScimResponse } from '../src/http/client.js';
import { answered, answeredWithDetail, refusedSetup, verify, verifyScimType } from '../src/runner/failure.js';
import { postTracked, useScim, type CheckContext } from '../src/runner/suite.js';
import { requireSubjects, subjectsOf } from '../src/runner/subject.js';
import type { JsonObject } from '../src/scim/json.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const userNameDefinition = suite.schema(URN.user)?.attributes.find((attribute) => attribute.name.toLowerCase() === 'username');

function endpoint(t: CheckContext): string {
  return t.requireType(URN.user).endpoint;
}

/** The same name with the part after the run prefix upper-cased, so the variant still carries the prefix. */
function caseVariant(userName: string): string {
  return suite.runPrefix + userName.slice(suite.runPrefix.length).toUpperCase();
}

function verifyConflict(response: ScimResponse, attempt: string): void {
  verify(response.status === 409, `${answered(response)} to ${attempt}, expected 409 Conflict`);
}

function verifyUniquenessType(response: ScimResponse, attempt: string): void {
  verifyScimType(response, 'uniqueness', `to ${attempt}`);
}

suite.check('uniqueness.create-duplicate-409', async (t) => {
  const path = endpoint(t);
  const first = t.user('duplicate');
  await t.create(path, first);
  const duplicate = await postTracked(t, path, first, { refusal: REFUSALS.duplicateCreate });
  const attempt = `a second User with userName "${first.userName}"`;
  verifyConflict(duplicate, attempt);
  verifyUniquenessType(duplicate, attempt);
});

suite.check('uniqueness.case-variant-409', async (t) => {
  const path = endpoint(t);
  if (userNameDefinition?.caseExact === true) t.skip('the User schema advertises userName as caseExact; discovery judges that');
  const first = t.user('case');
  await t.create(path, first);
  const variant = caseVariant(first.userName);
  const duplicate = await postTracked(t, path, { ...first, userName: variant }, { refusal: REFUSALS.duplicateCaseVariant });
  verifyConflict(duplicate, `a User with userName "${variant}" while "${first.userName}" exists (userName is case-insensitive)`);
});

suite.check('uniqueness.normalisation-variant-409', async (t) => {
  const path = endpoint(t);
  // "é" composed (U+00E9); its decomposed form is "e" followed by U+0301, equal once NFC-normalised.
  // Each User carries an ASCII e-mail address of its own: a tenant that reads a non-ASCII userName as no
  // e-mail address wants one, and a shared one would clash on its own.
  const first = t.user('caf\u00e9', { emails: [{ value: t.email('cafe'), type: 'work' }] });
  const composed = first.userName;
  await t.create(path, first);
  const decomposed = composed.normalize('NFD');
  const duplicate = await postTracked(t, path, { ...first, userName: decomposed, emails: [{ value: t.email('cafe-nfd'), type: 'work' }] }, { refusal: REFUSALS.duplicateNormalisationVariant });
  verifyConflict(
    duplicate,
    `a User whose userName is the NFD form of the taken "${composed}" (PRECIS prepares userNames with NFC, so the two are equal)`,
  );
});

suite.check('uniqueness.replace-duplicate-409', async (t) => {
  const path = endpoint(t);
  const taken = t.user('taken');
  await t.create(path, taken);
  const otherUser = t.user('other');
  const other = await t.create(path, otherUser);
  const replaced = await t.client.put(other.path, { ...otherUser, userName: taken.userName }, { refusal: REFUSALS.duplicatePut });
  const attempt = `a PUT giving another User the userName "${taken.userName}"`;
  verifyConflict(replaced, attempt);
  verifyUniquenessType(replaced, attempt);
});

/** A settable single-valued string attribute a schema marks unique, and how to build a resource that has it. */
interface UniqueAttribute {
  endpoint: string;
  /** `Users.externalCode` or `Users.urn:…:employeeNumber`: how messages name it. */
  label: string;
  /** A new resource holding the value, named after the label. */
  body(value: string, label: string): JsonObject;
}

/** The attributes beyond userName that the User and Group schemas (extensions included) mark unique. */
function advertisedUniqueAttributes(): UniqueAttribute[] {
  const found: UniqueAttribute[] = [];
  const bases: Array<[string, (label: string, attributes: JsonObject) => JsonObject]> = [[URN.user, suite.user], [URN.group, suite.group]];
  for (const [core, named] of bases) {
    const type = suite.resourceType(core);
    if (type === undefined) continue;
    for (const schemaId of [type.schema, ...(type.schemaExtensions ?? []).map((extension) => extension.schema)]) {
      const schema = suite.schema(schemaId);
      for (const attribute of schema?.attributes ?? []) {
        const unique = attribute.uniqueness === 'server' || attribute.uniqueness === 'global';
        const settable = attribute.mutability === undefined || attribute.mutability === 'readWrite' || attribute.mutability === 'immutable';
        if (!unique || !settable || attribute.type !== 'string' || attribute.multiValued || attribute.name.toLowerCase() === 'username') continue;
        const inCore = schemaId === type.schema;
        found.push({
          endpoint: type.endpoint,
          label: `${type.name}.${inCore ? '' : `${schemaId}:`}${attribute.name}`,
          body: (value, label) => named(label, inCore ? { [attribute.name]: value } : { [schemaId]: { [attribute.name]: value } }),
        });
      }
    }
  }
  return found;
}

suite.check('uniqueness.advertised-attributes-409', async (t) => {
  const attributes = advertisedUniqueAttributes();
  if (attributes.length === 0) t.skip('no User or Group schema marks an attribute other than userName unique (server or global) that a client can set');
  for (const attribute of attributes) {
    const value = t.uniqueName('unique');
    await t.create(attribute.endpoint, attribute.body(value, 'holder'));
    const duplicate = await t.client.post(attribute.endpoint, attribute.body(value, 'duplicate'), { refusal: REFUSALS.duplicateAdvertisedUnique });
    t.resources.trackCreated(attribute.endpoint, duplicate);
    const attempt = `a second resource with ${attribute.label} "${value}", which its schema marks unique`;
    verifyConflict(duplicate, attempt);
    verifyUniquenessType(duplicate, attempt);
  }
});

suite.check('uniqueness.patch-duplicate-409', async (t) => {
  const path = endpoint(t);
  if (!t.capabilities.patch) t.skip('the target does not advertise patch.supported');
  const taken = t.user('taken');
  await t.create(path, taken);
  const other = await t.create(path, t.user('other'));
  const patched = await t.client.patch(other.path, {
    schemas: [URN.patchOp],
    Operations: [{ op: 'replace', path: 'userName', value: taken.userName }],
  }, { refusal: REFUSALS.duplicatePatch });
  const attempt = `a PATCH giving another User the userName "${taken.userName}"`;
  verifyConflict(patched, attempt);
  verifyUniquenessType(patched, attempt);
});

suite.check('uniqueness.external-id-not-unique', async (t) => {
  const seconds = new Map(subjectsOf(t, 'external-id-again').built.map((subject) => [subject.type.name, subject]));
  await Promise.all(requireSubjects(t, subjectsOf(t, 'external-id')).map(async (first) => {
    const { type } = first;
    const second = seconds.get(type.name);
    if (second === undefined) return;
    const externalId = t.uniqueName('shared-external-id');
    await t.create(type.endpoint, { ...first.body, externalId });
    const again = await postTracked(t, type.endpoint, { ...second.body, externalId });
    const attempt = `a second ${type.name} with the externalId "${externalId}" another holds`;
    if (again.status >= 200 && again.status < 300) return;
    verify(again.status !== 409, `${answeredWithDetail(again)} to ${attempt}; RFC 7643 §3.1: the service provider does not enforce externalId uniqueness, the provisioning client does`);
    // Another refusal is the shared externalId's only if the same body with an externalId of its own is taken.
    const control = await postTracked(t, type.endpoint, { ...(subjectsOf(t, 'external-id-control').built.find((subject) => subject.type.name === type.name)?.body ?? second.body), externalId: t.uniqueName('own-external-id') });
    if (control.status >= 300) refusedSetup(control, 'the same body with an externalId of its own is refused too, so the refusal is not judged');
    verify(false, `${answeredWithDetail(again)} to ${attempt}, where an externalId of its own is taken; RFC 7643 §3.1: the service provider does not enforce externalId uniqueness`);
  }));
});
