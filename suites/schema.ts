/**
 * How a service provider reads the values written to a resource (RFC 7643 §2, §7): a value of another type
 * than its attribute's is refused, attribute names are read without case and members in any order, null
 * and [] leave an attribute unassigned, one (type, value) pair is listed once, and caseExact values keep
 * their case. A refusal of a body is judged against a control: the same body without what the check
 * varies, which the target must take, or the refusal is not the variant's.
 */
import { REFUSALS } from '../src/checks/refusals.js';
import type { ScimResponse } from '../src/http/client.js';
import { answered, answeredWithDetail, ConformanceFailure, failWithAll, refusedSetup, verify } from '../src/runner/failure.js';
import { requireSubjects, subjectsOf, type Subject } from '../src/runner/subject.js';
import { createdResource, postTracked, useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../src/scim/json.js';
import { schemasOf, show, stringMember } from '../src/scim/messages.js';
import type { AttributeDefinition, AttributeType } from '../src/scim/schema.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

function isSuccess(response: ScimResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/**
 * POSTs the control of a refused variant: the target must take it, else the refusal is not the variant's
 * and the check ends as a refused set-up.
 */
async function verifyControl(t: CheckContext, endpoint: string, body: JsonObject, what: string): Promise<void> {
  const control = await postTracked(t, endpoint, body);
  if (!isSuccess(control)) refusedSetup(control, `${what} is refused too, so the refusal is not judged`);
}

/** A fresh subject of each advertised type that can be built, its unique values new. */
function freshSubjects(t: CheckContext, label: string): Subject[] {
  return requireSubjects(t, subjectsOf(t, label));
}

function freshSubject(t: CheckContext, label: string, typeName: string): Subject | undefined {
  return subjectsOf(t, label).built.find((subject) => subject.type.name === typeName);
}

/** The resource a create response names, read back; undefined when it names none or the GET fails. */
async function readBack(t: CheckContext, endpoint: string, response: ScimResponse): Promise<ScimResponse | undefined> {
  const resource = createdResource(t.client.baseUrl, endpoint, response);
  if (resource === undefined) return undefined;
  const read = await t.client.get(resource.path);
  return read.status === 200 ? read : undefined;
}

/** The response and, when it could be read, the later GET, each with how messages name it. */
function shownIn(response: ScimResponse, read: ScimResponse | undefined): Array<[string, ScimResponse]> {
  return read === undefined ? [['the response', response]] : [['the response', response], ['a later GET', read]];
}

function isWritable(attribute: AttributeDefinition): boolean {
  const mutability = attribute.mutability ?? 'readWrite';
  return mutability === 'readWrite' || mutability === 'immutable';
}

function templated(t: CheckContext, typeName: string, name: string): boolean {
  const template = t.template(typeName);
  return template !== undefined && getMember(template, name) !== undefined;
}

/** A value of each type that does not parse as one, beside one that does: the control. */
const WRONG_VALUES: Partial<Record<AttributeType, { wrong: string; what: string; right: JsonValue }>> = {
  boolean: { wrong: 'yes', what: 'a string where a boolean belongs', right: true },
  integer: { wrong: 'many', what: 'a string where an integer belongs', right: 7 },
  decimal: { wrong: 'many', what: 'a string where a decimal belongs', right: 7.5 },
  dateTime: { wrong: 'not-a-date', what: 'a string that is no xsd:dateTime (RFC 7643 §2.3.5)', right: '2030-01-01T00:00:00Z' },
  binary: { wrong: 'not base64!', what: 'a string that is not base64 (RFC 7643 §2.3.6)', right: 'c2NpbXByb2Jl' },
  reference: { wrong: 'not a uri', what: 'a string that is no URI (RFC 7643 §2.3.7)', right: 'https://example.com/scimprobe' },
};

/** Where one attribute of a type is written: its path, and the body fragment that gives it a value. */
interface Placement {
  subject: Subject;
  attribute: AttributeDefinition;
  path: string;
  place(body: JsonObject, value: JsonValue): JsonObject;
  /** The values a resource holds at the path. */
  held(resource: JsonObject): JsonValue[];
}

/** A reference the check can give any URI: an external one, or one whose kinds are not said. */
function takesAnyUri(attribute: AttributeDefinition): boolean {
  return (attribute.referenceTypes ?? ['external']).some((kind) => kind === 'external' || kind === 'uri');
}

function probeable(attribute: AttributeDefinition): boolean {
  return WRONG_VALUES[attribute.type] !== undefined && isWritable(attribute) && (attribute.type !== 'reference' || takesAnyUri(attribute))
    && (attribute.canonicalValues ?? []).length === 0;
}

/**
 * The writable attributes of a type's schemas that a wrong value can be given alone: top-level ones, a
 * sub-attribute of a single-valued complex attribute, and the `value` of a multi-valued one.
 */
function placements(t: CheckContext, subject: Subject): Placement[] {
  const { type } = subject;
  const found: Placement[] = [];
  const schemas = [{ id: type.schema, extension: false }, ...(type.schemaExtensions ?? []).map(({ schema }) => ({ id: schema, extension: true }))];
  for (const { id, extension } of schemas) {
    const scope = (resource: JsonObject): JsonObject | undefined => {
      if (!extension) return resource;
      const values = getMember(resource, id);
      return isJsonObject(values) ? values : undefined;
    };
    const nest = (body: JsonObject, fragment: JsonObject): JsonObject => {
      if (!extension) return { ...body, ...fragment };
      const held = getMember(body, id);
      const schemasListed = schemasOf(body).some((urn) => urn.toLowerCase() === id.toLowerCase());
      return { ...body, schemas: schemasListed ? schemasOf(body) : [...schemasOf(body), id], [id]: { ...(isJsonObject(held) ? held : {}), ...fragment } };
    };
    const prefix = extension ? `${id}:` : '';
    for (const attribute of t.schema(id)?.attributes ?? []) {
      if (!isWritable(attribute) || (!extension && templated(t, type.name, attribute.name))) continue;
      const wrap = (value: JsonValue): JsonValue => (attribute.multiValued ? [value] : value);
      const unwrap = (resource: JsonObject): JsonValue[] => {
        const value = getMember(scope(resource) ?? {}, attribute.name);
        return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
      };
      if (attribute.type !== 'complex') {
        if (probeable(attribute)) {
          found.push({ subject, attribute, path: `${prefix}${attribute.name}`, place: (body, value) => nest(body, { [attribute.name]: wrap(value) }), held: unwrap });
        }
        continue;
      }
      for (const sub of attribute.subAttributes ?? []) {
        if (!probeable(sub) || (attribute.multiValued && sub.name !== 'value')) continue;
        found.push({
          subject, attribute: sub, path: `${prefix}${attribute.name}.${sub.name}`,
          place: (body, value) => nest(body, { [attribute.name]: wrap({ [sub.name]: value }) }),
          held: (resource) => unwrap(resource).flatMap((item) => {
            const value = isJsonObject(item) ? getMember(item, sub.name) : undefined;
            return value === undefined ? [] : [value];
          }),
        });
      }
    }
  }
  return found;
}

suite.check('schema.wrong-type-400', async (t) => {
  // One attribute of each type that has a wrong value, the first the advertised types offer.
  const byType = new Map<AttributeType, Placement>();
  for (const subject of freshSubjects(t, 'typed')) {
    for (const placement of placements(t, subject)) if (!byType.has(placement.attribute.type)) byType.set(placement.attribute.type, placement);
  }
  if (byType.size === 0) t.skip('no advertised schema has a writable boolean, integer, decimal, dateTime, binary or reference attribute');
  const unjudged: string[] = [];
  const failures: ConformanceFailure[] = [];
  const notes: string[] = [];
  await Promise.all([...byType].map(async ([kind, { subject, path, place }]) => {
    const values = WRONG_VALUES[kind];
    if (values === undefined) return;
    const { type } = subject;
    const right = freshSubject(t, `typed-right-${kind}`, type.name);
    const wrong = freshSubject(t, `typed-wrong-${kind}`, type.name);
    if (right === undefined || wrong === undefined) return;
    const control = await postTracked(t, type.endpoint, place(right.body, values.right));
    if (!isSuccess(control)) {
      unjudged.push(`${path} (${answered(control)} to the valid value ${show(values.right)})`);
      return;
    }
    const response = await postTracked(t, type.endpoint, place(wrong.body, values.wrong), { refusal: REFUSALS.wrongValueType });
    if (response.status !== 400) {
      failures.push(new ConformanceFailure(
        `${answeredWithDetail(response)} to a ${type.name} POST giving ${path} ${show(values.wrong)}, ${values.what}, where ${show(values.right)} is taken; expected 400 invalidValue: RFC 7644 §3.12 (Table 9) refuses a value incompatible with the attribute's type`,
      ));
      return;
    }
    const scimType = stringMember(response.json, 'scimType');
    if (scimType !== 'invalidValue') notes.push(`${path}: refused with 400 and scimType ${show(scimType)}; Table 9 names invalidValue`);
  }));
  failWithAll(failures);
  if (unjudged.length === byType.size) t.skip(`not judged: ${unjudged.join('; ')}`);
  t.note([...(unjudged.length > 0 ? [`not judged for ${unjudged.join('; ')}`] : []), ...notes, `judged: ${[...byType.values()].map(({ path }) => path).join(', ')}`].join('; '));
});

/** The member name in another case: its first letter's case flipped (userName -> UserName, schemas -> Schemas). */
function recased(name: string): string {
  const first = name.charAt(0);
  const flipped = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
  return `${flipped}${name.slice(1)}`;
}

suite.check('schema.attribute-names-case-insensitive', async (t) => {
  const subjects = freshSubjects(t, 'recased');
  const unjudged: string[] = [];
  await Promise.all(subjects.map(async (subject) => {
    const { type, naming } = subject;
    const body = Object.fromEntries(Object.entries(subject.body).map(([key, value]) => [key.toLowerCase().startsWith('urn:') ? key : recased(key), value]));
    const response = await postTracked(t, type.endpoint, body);
    const sent = `a ${type.name} POST naming its attributes ${Object.keys(body).join(', ')}`;
    if (!isSuccess(response)) {
      const plain = freshSubject(t, 'recased-control', type.name);
      if (plain !== undefined) await verifyControl(t, type.endpoint, plain.body, 'the same body with the names as the schema writes them');
      verify(false, `${answeredWithDetail(response)} to ${sent}, where the names as the schema writes them are taken; RFC 7643 §2.1: attribute names are case insensitive`);
    }
    const read = await readBack(t, type.endpoint, response);
    if (naming === undefined || read === undefined) {
      unjudged.push(`${type.name} (${naming === undefined ? 'no naming attribute to compare' : `${answered(response)} naming no resource that GET reads`})`);
      return;
    }
    for (const [what, shown] of shownIn(response, read)) {
      // A create answered without a body shows nothing; the GET then judges.
      if (!isJsonObject(shown.json) || getMember(shown.json, 'id') === undefined) continue;
      const value = stringMember(shown.json, naming.name);
      verify(value === naming.value, `${answered(shown)}: ${what} to ${sent} has ${naming.name} ${show(value)}, expected "${naming.value}" as written`);
    }
  }));
  skipWhenNoneJudged(t, unjudged, subjects.length);
});

/** Skips the check when it judged none of its cases, and notes the ones it could not judge. */
function skipWhenNoneJudged(t: CheckContext, unjudged: readonly string[], cases: number): void {
  const notJudged = `not judged for ${unjudged.join(', ')}`;
  if (unjudged.length > 0 && unjudged.length >= cases) t.skip(notJudged);
  if (unjudged.length > 0) t.note(notJudged);
}

/** The value with every object's members in reverse order: `schemas` last, sub-attributes reversed. */
function reversedMembers(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reversedMembers);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, member]) => [key, reversedMembers(member)]));
}

suite.check('schema.member-order-irrelevant', async (t) => {
  const userSchema = t.schema(URN.user);
  const hasName = userSchema?.attributes.some((attribute) => attribute.name.toLowerCase() === 'name' && attribute.type === 'complex') === true;
  // A User's name gives the reversal sub-attributes to reverse, unless the template sets it.
  const extra = (subject: Subject): JsonObject =>
    subject.type.schema.toLowerCase() === URN.user.toLowerCase() && hasName && !templated(t, subject.type.name, 'name') ? { name: { givenName: 'Member', familyName: 'Order' } } : {};
  const subjects = freshSubjects(t, 'reordered');
  const unjudged: string[] = [];
  await Promise.all(subjects.map(async (subject) => {
    const { type } = subject;
    const body = reversedMembers({ ...subject.body, ...extra(subject) });
    if (!isJsonObject(body)) return;
    const response = await postTracked(t, type.endpoint, body);
    const sent = `a ${type.name} POST whose members come in reverse order (${Object.keys(body).join(', ')})`;
    if (isSuccess(response)) {
      // Taken, it must have made the resource: an answer that names none is create.server-assigned's to judge.
      if (createdResource(t.client.baseUrl, type.endpoint, response) === undefined) unjudged.push(`${type.name} (${answered(response)} naming no resource)`);
      return;
    }
    const plain = freshSubject(t, 'reordered-control', type.name);
    if (plain !== undefined) await verifyControl(t, type.endpoint, { ...plain.body, ...extra(plain) }, 'the same body with its members in the usual order');
    verify(false, `${answeredWithDetail(response)} to ${sent}, a body taken in the usual order; RFC 7643 §2.3.8: the order of members MUST NOT matter`);
  }));
  skipWhenNoneJudged(t, unjudged, subjects.length);
});

/** A multi-valued attribute of the User schema, and a value of it a tenant takes. */
const MULTI_VALUED: ReadonlyArray<{ name: string; value: (t: CheckContext) => JsonObject }> = [
  { name: 'phoneNumbers', value: () => ({ value: 'tel:+1-201-555-0100', type: 'work' }) },
  { name: 'emails', value: (t) => ({ value: t.email('unassigned'), type: 'work' }) },
];

suite.check('schema.null-is-unassigned', async (t) => {
  const type = t.requireType(URN.user);
  const attributes = t.schema(type.schema)?.attributes ?? [];
  const advertised = (name: string): AttributeDefinition | undefined => attributes.find((attribute) => attribute.name.toLowerCase() === name.toLowerCase());
  const single = ['nickName', 'title', 'profileUrl'].map(advertised).find((attribute) =>
    attribute !== undefined && attribute.required !== true && (attribute.mutability ?? 'readWrite') === 'readWrite' && !templated(t, type.name, attribute.name));
  const multi = MULTI_VALUED.find(({ name }) => {
    const attribute = advertised(name);
    return attribute?.multiValued === true && attribute.required !== true && (attribute.mutability ?? 'readWrite') === 'readWrite' && !templated(t, type.name, name);
  });
  if (single === undefined || multi === undefined) {
    return t.skip('the User schema lacks an optional writable nickName, title or profileUrl, or phoneNumbers or emails the template leaves alone');
  }
  const singleValue = single.type === 'reference' ? 'https://example.com/unassigned' : 'Unassigned';
  const body = t.user('unassigned', { [single.name]: singleValue, [multi.name]: [multi.value(t)] });
  const created = await t.create(type.endpoint, body);
  const replaced = await t.client.put(created.path, { ...body, [single.name]: null, [multi.name]: [] });
  const sent = `a PUT giving ${single.name} null and ${multi.name} []`;
  if (!isSuccess(replaced)) {
    const omitted = Object.fromEntries(Object.entries(body).filter(([key]) => key !== single.name && key !== multi.name));
    const control = await t.client.put(created.path, omitted);
    if (!isSuccess(control)) refusedSetup(control, 'the same PUT leaving them out is refused too, so the refusal is not judged');
    verify(false, `${answeredWithDetail(replaced)} to ${sent}, where leaving them out is taken; RFC 7643 §2.5: null and [] SHALL be the same state as unassigned`);
  }
  const read = await t.client.get(created.path);
  for (const [what, shown] of shownIn(replaced, read.status === 200 ? read : undefined)) {
    if (!isJsonObject(shown.json)) continue;
    const singleShown = getMember(shown.json, single.name);
    const multiShown = getMember(shown.json, multi.name);
    verify(singleShown === undefined || singleShown === null, `${answered(shown)}: ${what} to ${sent} has ${single.name} ${show(singleShown)}; RFC 7643 §2.5: assigning null makes it unassigned`);
    verify(
      multiShown === undefined || multiShown === null || (Array.isArray(multiShown) && multiShown.length === 0),
      `${answered(shown)}: ${what} to ${sent} has ${multi.name} ${show(multiShown)}; RFC 7643 §2.5: assigning [] makes it unassigned`,
    );
  }
});

suite.check('schema.no-repeated-values', async (t) => {
  const type = t.requireType(URN.user);
  const emails = t.schema(type.schema)?.attributes.find((attribute) => attribute.name.toLowerCase() === 'emails');
  const subNames = new Set((emails?.subAttributes ?? []).map((sub) => sub.name.toLowerCase()));
  if (emails?.multiValued !== true || !subNames.has('value') || !subNames.has('type')) t.skip('the User schema has no multi-valued emails with value and type');
  const address = t.email('repeated');
  const email = { value: address, type: 'work' };
  const response = await postTracked(t, type.endpoint, t.user('repeated', { emails: [email, email] }));
  const sent = `a User POST listing the e-mail {type "work", value "${address}"} twice`;
  if (response.status === 400) {
    await verifyControl(t, type.endpoint, t.user('repeated-control', { emails: [{ value: t.email('repeated-control'), type: 'work' }] }), 'the same User with one e-mail');
    t.note(`${answered(response)} to ${sent}: refused, which RFC 7643 §2.4 allows`);
    return;
  }
  verify(isSuccess(response), `${answeredWithDetail(response)} to ${sent}; expected the User created with the e-mail once, or 400`);
  const read = await readBack(t, type.endpoint, response) ?? t.skip(`${answered(response)} to ${sent}, naming no resource that GET reads: create.server-assigned and read.by-id judge that`);
  for (const [what, shown] of shownIn(response, read)) {
    if (!isJsonObject(shown.json)) continue;
    const listed = getMember(shown.json, 'emails');
    const same = (Array.isArray(listed) ? listed : []).filter((entry) =>
      stringMember(entry, 'value')?.toLowerCase() === address.toLowerCase() && stringMember(entry, 'type')?.toLowerCase() === 'work');
    verify(same.length <= 1, `${answered(shown)}: ${what} to ${sent} lists it ${same.length} times; RFC 7643 §2.4: the same (type, value) pair SHOULD NOT be returned twice`);
  }
});

/** A value with capitals and small letters, unique to the run. */
function mixedCase(t: CheckContext, label: string): string {
  return `${t.uniqueName(label)}-MiXed-CaSe`;
}

suite.check('schema.case-exact-kept', async (t) => {
  const subjects = freshSubjects(t, 'case-exact');
  const unjudged: string[] = [];
  await Promise.all(subjects.map(async (subject) => {
    const { type } = subject;
    // externalId is caseExact for every type (RFC 7643 §3.1); the core schema may mark other strings so. The
    // naming attribute keeps the value the tenant's rules shape (an e-mail userName).
    const names = ['externalId', ...(t.schema(type.schema)?.attributes ?? []).filter((attribute) =>
      attribute.caseExact === true && attribute.type === 'string' && !attribute.multiValued && isWritable(attribute)
      && attribute.returned !== 'never' && attribute.returned !== 'request' && (attribute.canonicalValues ?? []).length === 0
      && attribute.name.toLowerCase() !== 'id' && attribute.name !== subject.naming?.name && !templated(t, type.name, attribute.name)).map((attribute) => attribute.name)];
    const values = Object.fromEntries(names.map((name) => [name, mixedCase(t, 'case')]));
    const created = await t.create(type.endpoint, { ...subject.body, ...values });
    const read = await t.client.get(created.path);
    let compared = 0;
    for (const [what, shown] of shownIn(created.response, read.status === 200 ? read : undefined)) {
      if (!isJsonObject(shown.json)) continue;
      for (const [name, value] of Object.entries(values)) {
        const returned = getMember(shown.json, name);
        if (returned === undefined) continue;
        compared += 1;
        verify(returned === value, `${answered(shown)}: ${what} has the caseExact ${type.name}.${name} ${show(returned)}, written as "${value}"; RFC 7643 §7: a caseExact value SHALL keep the case it was submitted in`);
      }
    }
    if (compared === 0) unjudged.push(`${type.name} (neither the create response nor a GET shows ${names.join(' or ')})`);
  }));
  skipWhenNoneJudged(t, unjudged, subjects.length);
});

/** "scimprobe!" in base64: ten bytes, so the value ends in padding a server must keep. */
const BINARY_VALUE = 'c2NpbXByb2JlIQ==';

suite.check('schema.binary-base64-kept', async (t) => {
  const placement = freshSubjects(t, 'binary').flatMap((subject) => placements(t, subject)).find(({ attribute }) => attribute.type === 'binary')
    ?? t.skip('no advertised schema has a writable binary attribute');
  const { subject, path, place, held } = placement;
  const { type } = subject;
  const created = await t.create(type.endpoint, place(subject.body, BINARY_VALUE));
  const read = await t.client.get(created.path);
  let compared = 0;
  for (const [what, shown] of shownIn(created.response, read.status === 200 ? read : undefined)) {
    if (!isJsonObject(shown.json)) continue;
    const values = held(shown.json);
    if (values.length === 0) continue;
    compared += 1;
    verify(
      values.includes(BINARY_VALUE),
      `${answered(shown)}: ${what} has ${type.name}.${path} ${show(values)}, written as "${BINARY_VALUE}"; RFC 7643 §2.3.6: a binary value is base64 and caseExact, returned as it was written`,
    );
  }
  if (compared === 0) t.skip(`neither the create response nor a GET shows ${type.name}.${path}`);
});
