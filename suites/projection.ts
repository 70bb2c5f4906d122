/**
 * Partial representations (RFC 7644 §3.4.2.5, §3.9, §3.10): `attributes` and `excludedAttributes` on a
 * GET by id, on a list, and on the responses of POST, PUT and PATCH; sub-attribute and URN-qualified names.
 * An attribute is judged absent only when the target's schema says it is returned by default, so a
 * schema that returns more (returned:always) is respected. Each check creates its own User.
 */
import { answered, answeredWithDetail, verify } from '../src/runner/failure.js';
import { readListAnswer } from '../src/runner/query-dataset.js';
import { createdResource, useScim, type CheckContext, type CreatedResource, type NamedBody } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import type { AttributeDefinition, SchemaDefinition } from '../src/scim/schema.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

interface ProjectionTarget {
  endpoint: string;
  core: SchemaDefinition;
  /** The enterprise extension's schema, when the User type lists it and /Schemas describes it. */
  enterprise: SchemaDefinition | undefined;
}

function findDefinition(attributes: readonly AttributeDefinition[] | undefined, name: string): AttributeDefinition | undefined {
  return attributes?.find((attribute) => attribute.name.toLowerCase() === name.toLowerCase());
}

/** The User type and its schema; every check needs displayName and emails to select among. */
function projectionTarget(t: CheckContext): ProjectionTarget {
  const type = t.requireType(URN.user);
  const core = t.schema(type.schema) ?? t.skip(`/Schemas does not describe ${type.schema}`);
  for (const name of ['displayName', 'emails']) {
    if (findDefinition(core.attributes, name) === undefined) t.skip(`${core.id} as advertised has no ${name} to select or exclude`);
  }
  const listsEnterprise = (type.schemaExtensions ?? []).some(({ schema }) => schema.toLowerCase() === URN.enterpriseUser.toLowerCase());
  return { endpoint: type.endpoint, core, enterprise: listsEnterprise ? t.schema(URN.enterpriseUser) : undefined };
}

const DISPLAY_NAME = 'Projected';

/** A User with values in the attributes the checks select among, limited to what the schemas advertise. */
function sampleUser(t: CheckContext, target: ProjectionTarget, label: string): NamedBody<'userName'> {
  const attributes: JsonObject = { displayName: DISPLAY_NAME, emails: [{ value: t.email(label), type: 'work' }] };
  if (findDefinition(target.core.attributes, 'name') !== undefined) attributes.name = { givenName: 'Ada', familyName: 'Lovelace' };
  if (target.enterprise !== undefined && ['employeeNumber', 'department'].every((name) => findDefinition(target.enterprise?.attributes, name) !== undefined)) {
    attributes[URN.enterpriseUser] = { employeeNumber: 'E-1815', department: 'Engines' };
  }
  return t.user(label, attributes);
}

/** Returned by default (RFC 7643 §7): such an attribute must go when it is not asked for or is excluded. */
function returnedByDefault(definition: AttributeDefinition | undefined): boolean {
  return definition !== undefined && (definition.returned ?? 'default') === 'default';
}

/** The resource holds the id it was created with and each of `kept`: the minimum set and what was asked for. */
function verifyKept(resource: JsonObject, where: string, id: string, kept: readonly string[]): void {
  const shownId = stringMember(resource, 'id');
  verify(shownId === id, `${where} with id ${show(shownId)}: id is returned:always, whatever attributes or excludedAttributes say`);
  for (const name of kept) verify(getMember(resource, name) !== undefined, `${where} without ${name}, which the request asked for`);
}

/** The resource holds none of `dropped` that the schema returns by default: they were left out or excluded. */
function verifyDropped(target: ProjectionTarget, resource: JsonObject, where: string, dropped: readonly string[]): void {
  for (const name of dropped) {
    const value = getMember(resource, name);
    verify(value === undefined || !returnedByDefault(findDefinition(target.core.attributes, name)), `${where} with ${name} ${show(value)}, which the request did not ask for (or excluded)`);
  }
}

/** GET of one resource with these query parameters, answered 200. */
async function readProjected(t: CheckContext, created: CreatedResource, query: Record<string, string>): Promise<{ resource: JsonObject; where: string }> {
  const read = await t.client.get(created.path, query);
  verify(read.status === 200 && isJsonObject(read.json), `${answered(read)}, expected 200 with the user`);
  return { resource: read.json, where: answered(read) };
}

suite.check('projection.read', async (t) => {
  const target = projectionTarget(t);
  const created = await t.create(target.endpoint, sampleUser(t, target, 'projection-read'));
  const selected = await readProjected(t, created, { attributes: 'displayName' });
  verifyKept(selected.resource, selected.where, created.id, ['displayName']);
  verifyDropped(target, selected.resource, selected.where, ['emails', 'userName']);
  const listed = await readProjected(t, created, { attributes: 'displayName,emails' });
  verifyKept(listed.resource, listed.where, created.id, ['displayName', 'emails']);
  const excluded = await readProjected(t, created, { excludedAttributes: 'emails' });
  verifyKept(excluded.resource, excluded.where, created.id, ['displayName']);
  verifyDropped(target, excluded.resource, excluded.where, ['emails']);
});

suite.check('projection.list', async (t) => {
  if (!t.capabilities.filter.supported) t.skip('the target does not advertise filtering (filter.supported is false), so a list cannot be scoped to the user it creates');
  const target = projectionTarget(t);
  const user = sampleUser(t, target, 'projection-list');
  const created = await t.create(target.endpoint, user);
  const filter = `userName eq ${JSON.stringify(user.userName)}`;
  for (const [query, kept, dropped] of [
    [{ attributes: 'displayName' }, ['displayName'], ['emails', 'userName']],
    [{ excludedAttributes: 'emails' }, ['displayName'], ['emails']],
  ] as const) {
    const listed = await t.client.get(target.endpoint, { filter, ...query });
    const [resource] = readListAnswer(listed, 'the user').list.resources ?? [];
    verify(resource !== undefined, `${answered(listed)} with no resource in Resources, expected the user ${created.id}`);
    verifyKept(resource, answered(listed), created.id, kept);
    verifyDropped(target, resource, answered(listed), dropped);
  }
});

suite.check('projection.write-responses', async (t) => {
  const target = projectionTarget(t);
  const user = sampleUser(t, target, 'projection-write');
  const posted = await t.client.request({ method: 'POST', path: target.endpoint, query: { attributes: 'userName' }, body: user });
  t.resources.trackCreated(target.endpoint, posted);
  const created = createdResource(t.client.baseUrl, target.endpoint, posted);
  verify(posted.status >= 200 && posted.status < 300, `${answeredWithDetail(posted)} to a create asked for attributes=userName, expected 201 with the user`);
  verify(created !== undefined, `${answered(posted)} to a create asked for attributes=userName with neither an id nor a Location: id is returned always, whatever attributes asks for`);
  // The body of a create is only RECOMMENDED (RFC 7644 §3.3): when there is one, it honours attributes.
  if (isJsonObject(posted.json)) {
    verifyKept(posted.json, answered(posted), created.id, ['userName']);
    verifyDropped(target, posted.json, answered(posted), ['displayName', 'emails']);
  }

  const replacement: JsonObject = { ...user, displayName: 'Replaced' };
  const replaced = await t.client.request({ method: 'PUT', path: created.path, query: { excludedAttributes: 'emails' }, body: replacement });
  verify(replaced.status === 200 && isJsonObject(replaced.json), `${answered(replaced)}, expected 200 with the replaced user`);
  verifyKept(replaced.json, answered(replaced), created.id, ['displayName']);
  verifyDropped(target, replaced.json, answered(replaced), ['emails']);

  if (!t.capabilities.patch) return;
  const patched = await t.client.request({
    method: 'PATCH', path: created.path, query: { attributes: 'displayName' },
    body: { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: 'Patched' }] },
  });
  verify(patched.status === 200 && isJsonObject(patched.json), `${answered(patched)}, expected 200 with the user: a PATCH asked for attributes returns them`);
  verifyKept(patched.json, answered(patched), created.id, ['displayName']);
  verifyDropped(target, patched.json, answered(patched), ['emails', 'userName']);
});

/** The sub-attributes of a complex value the response shows, lower-cased. */
function subAttributeNames(value: JsonValue | undefined): string[] {
  const items = Array.isArray(value) ? value : [value];
  return [...new Set(items.flatMap((item) => (isJsonObject(item) ? Object.keys(item).map((key) => key.toLowerCase()) : [])))];
}

suite.check('projection.sub-attributes', async (t) => {
  const target = projectionTarget(t);
  const name = findDefinition(target.core.attributes, 'name');
  const emails = findDefinition(target.core.attributes, 'emails');
  const [givenName, familyName] = ['givenName', 'familyName'].map((sub) => findDefinition(name?.subAttributes, sub));
  const emailType = findDefinition(emails?.subAttributes, 'type');
  if (givenName === undefined || familyName === undefined || findDefinition(emails?.subAttributes, 'value') === undefined) {
    t.skip(`${target.core.id} as advertised lacks name.givenName, name.familyName or emails.value`);
  }
  const created = await t.create(target.endpoint, sampleUser(t, target, 'projection-sub'));
  const judged = (definition: AttributeDefinition | undefined, name: string): string[] => (returnedByDefault(definition) ? [name] : []);

  const given = await readProjected(t, created, { attributes: 'name.givenName' });
  verifyKept(given.resource, given.where, created.id, ['name']);
  const givenSubs = subAttributeNames(getMember(given.resource, 'name'));
  verify(givenSubs.includes('givenname'), `${given.where} with name ${show(getMember(given.resource, 'name'))}, expected name.givenName`);
  const unasked = judged(familyName, 'familyname').filter((sub) => givenSubs.includes(sub));
  verify(unasked.length === 0, `${given.where} with name ${show(getMember(given.resource, 'name'))}: only name.givenName was asked for`);
  verifyDropped(target, given.resource, given.where, ['displayName']);

  const values = await readProjected(t, created, { attributes: 'emails.value' });
  const valueSubs = subAttributeNames(getMember(values.resource, 'emails'));
  verify(valueSubs.includes('value'), `${values.where} with emails ${show(getMember(values.resource, 'emails'))}, expected emails.value`);
  const unaskedTypes = judged(emailType, 'type').filter((sub) => valueSubs.includes(sub));
  verify(unaskedTypes.length === 0, `${values.where} with emails ${show(getMember(values.resource, 'emails'))}: only emails.value was asked for`);

  const trimmed = await readProjected(t, created, { excludedAttributes: 'name.familyName' });
  verifyKept(trimmed.resource, trimmed.where, created.id, ['displayName', 'name']);
  const trimmedSubs = subAttributeNames(getMember(trimmed.resource, 'name'));
  verify(trimmedSubs.includes('givenname') && judged(familyName, 'familyname').every((sub) => !trimmedSubs.includes(sub)),
    `${trimmed.where} with name ${show(getMember(trimmed.resource, 'name'))}, expected name.givenName without the excluded name.familyName`);
});

suite.check('projection.urn-qualified-names', async (t) => {
  const target = projectionTarget(t);
  const user = sampleUser(t, target, 'projection-urn');
  const created = await t.create(target.endpoint, user);
  const core = await readProjected(t, created, { attributes: `${target.core.id}:displayName` });
  verifyKept(core.resource, core.where, created.id, ['displayName']);
  verifyDropped(target, core.resource, core.where, ['emails', 'userName']);
  // The extension half needs the enterprise extension on the User type, with the attributes the user was given.
  const enterprise = user[URN.enterpriseUser];
  if (!isJsonObject(enterprise) || getMember(enterprise, 'employeeNumber') === undefined) return;
  const extension = await readProjected(t, created, { attributes: `${URN.enterpriseUser}:employeeNumber` });
  const values = getMember(extension.resource, URN.enterpriseUser);
  verify(isJsonObject(values) && getMember(values, 'employeeNumber') === 'E-1815', `${extension.where} with ${URN.enterpriseUser} ${show(values)}, expected its employeeNumber "E-1815"`);
  const department = getMember(values, 'department');
  verify(department === undefined || !returnedByDefault(findDefinition(target.enterprise?.attributes, 'department')), `${extension.where} with the enterprise department ${show(department)}, which was not asked for`);
  verifyDropped(target, extension.resource, extension.where, ['displayName', 'emails']);
});

interface RequestOnlyAttribute {
  definition: AttributeDefinition;
  /** The extension whose object holds it; undefined for a core attribute. */
  extension: string | undefined;
  /** Its name qualified by its schema URN, as attributes takes it. */
  qualified: string;
}

/** A single-valued string attribute of the User type that is returned only on request and that a client can write. */
function requestOnlyAttribute(t: CheckContext, target: ProjectionTarget): RequestOnlyAttribute | undefined {
  const type = t.resourceType(URN.user);
  const extensions = (type?.schemaExtensions ?? []).flatMap(({ schema }) => t.schema(schema) ?? []);
  for (const schema of [target.core, ...extensions]) {
    const definition = schema.attributes.find((attribute) =>
      attribute.returned === 'request' && attribute.type === 'string' && !attribute.multiValued && (attribute.mutability ?? 'readWrite') === 'readWrite');
    if (definition !== undefined) {
      return { definition, extension: schema === target.core ? undefined : schema.id, qualified: `${schema.id}:${definition.name}` };
    }
  }
  return undefined;
}

/** The attribute's value in a resource, wherever its schema puts it. */
function valueIn(resource: JsonValue | undefined, attribute: RequestOnlyAttribute): JsonValue | undefined {
  if (!isJsonObject(resource)) return undefined;
  const holder = attribute.extension === undefined ? resource : getMember(resource, attribute.extension);
  return isJsonObject(holder) ? getMember(holder, attribute.definition.name) : undefined;
}

suite.check('projection.returned-request', async (t) => {
  const target = projectionTarget(t);
  const attribute = requestOnlyAttribute(t, target)
    ?? t.skip('no writable single-valued string attribute of the User type is advertised as returned:request');
  const value = attribute.definition.canonicalValues?.[0] ?? 'requested-only';
  const sent = { [attribute.definition.name]: value };
  const user = t.user('projection-request', attribute.extension === undefined ? sent : { [attribute.extension]: sent });
  const created = await t.create(target.endpoint, user);
  // RFC 7643 §7: returned in the response to the write that specified it.
  if (isJsonObject(created.response.json)) {
    const written = valueIn(created.response.json, attribute);
    verify(written === value, `${answered(created.response)} with ${attribute.qualified} ${show(written)}, expected ${show(value)}: a returned:request attribute the create specified is returned by it`);
  }
  const read = await t.client.get(created.path);
  verify(read.status === 200, `${answered(read)}, expected 200 with the user`);
  const unasked = valueIn(read.json, attribute);
  verify(unasked === undefined, `${answered(read)} with ${attribute.qualified} ${show(unasked)}, which is returned:request and was not asked for`);
  const asked = await readProjected(t, created, { attributes: attribute.qualified });
  const shown = valueIn(asked.resource, attribute);
  verify(shown === value, `${asked.where} with ${attribute.qualified} ${show(shown)}, expected ${show(value)}: attributes named it`);
  if (!t.capabilities.filter.supported) return;
  const listed = await t.client.get(target.endpoint, { filter: `userName eq ${JSON.stringify(user.userName)}` });
  const [resource] = readListAnswer(listed, 'the user').list.resources ?? [];
  verify(resource !== undefined, `${answered(listed)} with no resource in Resources, expected the user ${created.id}`);
  const inList = valueIn(resource, attribute);
  verify(inList === undefined, `${answered(listed)} with ${attribute.qualified} ${show(inList)} in the user, which is returned:request and was not asked for`);
});
