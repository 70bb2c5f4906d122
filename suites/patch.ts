/**
 * PATCH (RFC 7644 §3.5.2), judged against the harness's model: random operation lists on Users
 * generated from the target's own schemas, each answered and stored as the model says, and a failing
 * list leaving the resource as it was. Each case creates its own User and deletes it.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { REFUSALS } from '../src/checks/refusals.js';
import type { ScimResponse } from '../src/http/client.js';
import type { Refusal } from '../src/http/exchange.js';
import { answered, answeredWithDetail, ConformanceFailure, fail, failWithAll, refusedSetup, verify, verifyJsonError, verifyScimType } from '../src/runner/failure.js';
import { checkProperty } from '../src/runner/property.js';
import { useScim, type CheckContext, type CreatedResource } from '../src/runner/suite.js';
import { resourceArbitrary, type GenerateOptions } from '../src/scim/generate.js';
import { getMember, isJsonObject, replaceInStrings, type JsonObject } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import {
  applyPatchModel,
  differingAttributes,
  patchComparable,
  patchSchema,
  PatchModelError,
  PatchOutcomeOpen,
  type PatchOperation,
  type PatchSchema,
} from '../src/scim/patch.js';
import { patchOperationsArbitrary } from '../src/scim/patch-arbitrary.js';
import { parsePatchPath, type AttributePath, type PatchPath } from '../src/scim/filter/index.js';
import { applyTemplate, withoutTemplated } from '../src/scim/template.js';
import type { ResourceTypeDefinition, SchemaDefinition } from '../src/scim/schema.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

interface PatchTarget {
  type: ResourceTypeDefinition;
  core: SchemaDefinition;
  extensions: Array<{ schema: SchemaDefinition; required: boolean }>;
  schema: PatchSchema;
}

/** The User resource type and its schemas as the target advertises them; skips the check when PATCH or the schemas are missing. */
function patchTarget(t: CheckContext): PatchTarget {
  if (!t.capabilities.patch) t.skip('the target does not advertise PATCH (patch.supported is false)');
  const type = t.requireType(URN.user);
  const core = t.schema(type.schema) ?? t.skip(`/Schemas does not describe ${type.schema}, so no User can be generated`);
  const extensions = (type.schemaExtensions ?? []).flatMap(({ schema, required }) => {
    const definition = t.schema(schema);
    return definition === undefined ? [] : [{ schema: definition, required }];
  });
  return { type, core, extensions, schema: patchSchema(core, extensions.map(({ schema }) => schema)) };
}

/**
 * Values of the core schema's unique string attributes made unique per case: generated tokens repeat
 * across cases, and a case must not depend on the deletion of the one before.
 */
function withFreshUniqueValues(core: SchemaDefinition, resource: JsonObject, name: string): JsonObject {
  const fresh = { ...resource };
  for (const attribute of core.attributes) {
    const unique = attribute.uniqueness === 'server' || attribute.uniqueness === 'global';
    if (unique && attribute.type === 'string' && !attribute.multiValued && typeof fresh[attribute.name] === 'string') fresh[attribute.name] = name;
  }
  return fresh;
}

/**
 * The operations with the property's unique prefix swapped for the case's own name: e-mail addresses and
 * other unique values they carry are then new in every case, as a tenant that keeps a deleted user's
 * address reserved for a while needs them.
 */
function renamedOperations(operations: readonly PatchOperation[], from: string, to: string): PatchOperation[] {
  return operations.map((operation) => (operation.value === undefined ? { ...operation } : { ...operation, value: replaceInStrings(operation.value, from, to) }));
}

function isOpen(schema: PatchSchema, resource: JsonObject, operations: readonly PatchOperation[]): boolean {
  try {
    applyPatchModel(schema, resource, operations);
  } catch (error) {
    return error instanceof PatchOutcomeOpen;
  }
  return false;
}

function patchBody(operations: readonly PatchOperation[]): JsonObject {
  return { schemas: [URN.patchOp], Operations: operations.map((operation) => ({ ...operation })) };
}

async function deleteCreated(t: CheckContext, created: CreatedResource): Promise<void> {
  const response = await t.client.delete(created.path);
  if (response.status < 300) t.resources.forget(created.path);
}

function body(response: ScimResponse): JsonObject {
  return isJsonObject(response.json) ? response.json : {};
}

/** The attributes whose values differ between the model's resource and the server's, as patchComparable names them. */
function differingNames(schema: PatchSchema, expected: JsonObject, actual: JsonObject): string[] {
  return differingAttributes(patchComparable(schema, expected), patchComparable(schema, actual));
}

/** How the server's resource differs from the model's, in these attributes: both values of each. */
function difference(schema: PatchSchema, expected: JsonObject, actual: JsonObject, names: readonly string[]): string {
  const wanted = patchComparable(schema, expected);
  const got = patchComparable(schema, actual);
  return names.map((name) => `${name}: ${show(got[name])}, the model has ${show(wanted[name])}`).join('; ');
}

/** What an operation's path names: the attribute (or extension) as patchComparable names it, and its kind. */
interface PathTarget {
  name: string;
  kind: string;
}

/**
 * The kind of attribute a path names, the way a defect names it: `a multi-valued complex attribute`,
 * `a sub-attribute of a single-valued complex attribute`, `values selected by a filter of …`.
 */
function pathTarget(schema: PatchSchema, path: string): PathTarget {
  const extension = schema.extensions.find((candidate) => candidate.id.toLowerCase() === path.toLowerCase());
  if (extension !== undefined) return { name: extension.id.toLowerCase(), kind: "an extension's attributes" };
  let parsed: PatchPath;
  try {
    parsed = parsePatchPath(path);
  } catch {
    return { name: path.toLowerCase(), kind: 'a malformed path' };
  }
  const named: AttributePath = parsed.path.schema === undefined ? { attribute: parsed.path.attribute } : { schema: parsed.path.schema, attribute: parsed.path.attribute };
  const definition = schema.resolve(named);
  if (definition === undefined) return { name: named.attribute.toLowerCase(), kind: 'an attribute no schema defines' };
  const inExtension = schema.resolve.extensionOf?.(named);
  const attribute = `${definition.multiValued ? 'a multi-valued' : 'a single-valued'} ${definition.type === 'complex' ? 'complex' : 'simple'} attribute${inExtension === undefined ? '' : ' of an extension'}`;
  const subAttribute = parsed.kind === 'attribute' ? parsed.path.subAttribute : parsed.subAttribute;
  const part = parsed.kind === 'valuePath' ? `values selected by a filter of ${attribute}` : subAttribute !== undefined ? `a sub-attribute of ${attribute}` : attribute;
  return { name: (inExtension ?? definition.name).toLowerCase(), kind: part };
}

/**
 * The op and the kind of attribute of the last operation that writes the first of `names` (lower case, as
 * patchComparable names them) any operation writes.
 */
function operationOn(schema: PatchSchema, operations: readonly PatchOperation[], names: readonly string[]): string {
  for (const name of names) {
    for (const operation of [...operations].reverse()) {
      if (operation.path !== undefined) {
        const target = pathTarget(schema, operation.path);
        if (target.name === name) return `${operation.op} of ${target.kind}`;
      } else if (isJsonObject(operation.value) && Object.keys(operation.value).some((key) => key.toLowerCase() === name)) {
        return `${operation.op} without a path of ${pathTarget(schema, name).kind}`;
      }
    }
  }
  return 'a change to an attribute no operation names';
}

/** The operation at which the model refuses the list, named by its op and the kind of attribute its path names. */
function refusedOperation(schema: PatchSchema, before: JsonObject, operations: readonly PatchOperation[]): string {
  const failing = operations.find((_operation, index) => {
    try {
      applyPatchModel(schema, before, operations.slice(0, index + 1));
      return false;
    } catch (error) {
      if (error instanceof PatchModelError) return true;
      throw error;
    }
  });
  if (failing === undefined) return 'a PATCH';
  return failing.path === undefined ? `${failing.op} without a path` : `${failing.op} of ${pathTarget(schema, failing.path).kind}`;
}

/** A PATCH answered or stored unlike the model, with the defect it shows. */
class PatchDefect extends ConformanceFailure {
  constructor(
    readonly defect: string,
    message: string,
  ) {
    super(message);
  }
}

/** Fails with the defect unless the condition holds. */
function verifyPatch(condition: boolean, defect: string, message: string): asserts condition {
  if (!condition) throw new PatchDefect(defect, message);
}

suite.check('patch.matches-model', async (t) => {
  const target = patchTarget(t);
  const options: GenerateOptions = { uniquePrefix: t.uniqueName('patch'), emailDomain: t.emailDomain };
  // What the configured template sets is neither generated nor patched: the target may require it as it is.
  const template = t.template(target.type.name);
  const core = withoutTemplated(target.core, template, false);
  const extensions = target.extensions.map(({ schema, required }) => ({ schema: withoutTemplated(schema, template, true), required }));
  const cases = fc.record({
    resource: resourceArbitrary(core, extensions, options),
    operations: patchOperationsArbitrary(core, extensions.map(({ schema }) => schema), options),
  });
  await checkProperty(t, cases, async (generated) => {
    // Cases the RFC leaves open on the resource as generated are dropped before any request.
    fc.pre(!isOpen(target.schema, generated.resource, generated.operations));
    const name = t.uniqueName('patch');
    const resource = replaceInStrings(withFreshUniqueValues(target.core, generated.resource, name), options.uniquePrefix, name);
    const operations = renamedOperations(generated.operations, options.uniquePrefix, name);
    const created = await t.create(target.type.endpoint, applyTemplate(template, resource, name));
    try {
      // The model starts from what GET shows, so a GET that leaves something out does not fail the PATCH.
      const initial = await t.client.get(created.path);
      verifyPatch(initial.status === 200, 'a read of the user', `${answered(initial)}, expected 200 with the user just created`);
      const before = body(initial);
      let expected: JsonObject | PatchModelError;
      try {
        expected = applyPatchModel(target.schema, before, operations);
      } catch (error) {
        // The RFC allows more than one result here: such cases are not judged.
        if (error instanceof PatchOutcomeOpen) fc.pre(false);
        if (!(error instanceof PatchModelError)) throw error;
        expected = error;
      }
      const refused = expected instanceof PatchModelError ? { refusal: { ...REFUSALS.patchRefused, scimType: expected.scimType } } : {};
      const patched = await t.client.patch(created.path, patchBody(operations), refused);
      const read = await t.client.get(created.path);
      verifyPatch(read.status === 200, 'a read of the user', `${answered(read)} after the PATCH, expected 200 with the user`);
      if (expected instanceof PatchModelError) {
        verifyPatch(
          patched.status === 400,
          `${refusedOperation(target.schema, before, operations)} accepted, though it must fail with ${expected.scimType}`,
          `${answered(patched)}, expected 400 (${expected.scimType}): ${expected.message}`,
        );
        const changed = differingNames(target.schema, before, body(read));
        verifyPatch(
          changed.length === 0,
          'a failed PATCH that changes the user',
          `${answered(patched)} but ${answered(read)} with a changed user (${difference(target.schema, before, body(read), changed)}): a PATCH that fails must change nothing`,
        );
        return;
      }
      verifyPatch(patched.status === 200 || patched.status === 204, `a valid PATCH answered ${patched.status}`, `${answeredWithDetail(patched)}, expected 200 with the user (or 204)`);
      // The answer and the stored user are judged apart, so each difference shows its own defect.
      const failures: PatchDefect[] = [];
      if (patched.status === 200) {
        // The response is judged against the model applied to the create response, which GET may trim.
        const answeredModel = applyPatchModel(target.schema, body(created.response), operations);
        const names = differingNames(target.schema, answeredModel, body(patched));
        if (names.length > 0) {
          failures.push(new PatchDefect(operationOn(target.schema, operations, names), `${answered(patched)} with a user that differs from the model: ${difference(target.schema, answeredModel, body(patched), names)}`));
        }
      }
      const names = differingNames(target.schema, expected, body(read));
      if (names.length > 0) {
        failures.push(new PatchDefect(operationOn(target.schema, operations, names), `${answered(read)} after the PATCH with a user that differs from the model: ${difference(target.schema, expected, body(read), names)}`));
      }
      failWithAll(failures);
    } finally {
      await deleteCreated(t, created);
    }
  }, {
    describe: ({ resource, operations }) => `operations ${JSON.stringify(operations)} on the user ${JSON.stringify(resource)} (unique values renamed per case)`,
    classify: (_case, failure) => (failure instanceof PatchDefect ? failure.defect : failure.message),
  });
});

suite.check('patch.atomic', async (t) => {
  const target = patchTarget(t);
  const required = target.core.attributes.find((attribute) => attribute.required === true && !attribute.multiValued)
    ?? t.skip(`${target.core.id} has no required attribute whose removal must fail`);
  const created = await t.create(target.type.endpoint, t.user('atomic', { displayName: 'Before' }));
  try {
    const patched = await t.client.patch(created.path, patchBody([
      { op: 'replace', path: 'displayName', value: 'After' },
      { op: 'remove', path: required.name },
    ]), { refusal: REFUSALS.patchRemoveRequired });
    verify(patched.status === 400, `${answered(patched)} to a PATCH whose last operation removes the required ${required.name}, expected 400 mutability`);
    const read = await t.client.get(created.path);
    const displayName = isJsonObject(read.json) ? getMember(read.json, 'displayName') : undefined;
    verify(displayName === 'Before', `${answered(patched)} but ${answered(read)} with displayName ${show(displayName)}: the failed PATCH must not keep its first operation`);
  } finally {
    await deleteCreated(t, created);
  }
});

/** The answer to one PATCH that must fail with 400 and the refusal's scimType, and leave displayName as it was. */
async function checkRefused(t: CheckContext, operation: PatchOperation, refusal: Refusal & { scimType: string }): Promise<void> {
  const { scimType } = refusal;
  const target = patchTarget(t);
  const created = await t.create(target.type.endpoint, t.user(scimType, { displayName: 'Before', emails: [{ value: t.email(scimType), type: 'work' }] }));
  try {
    const patched = await t.client.patch(created.path, patchBody([operation, { op: 'replace', path: 'displayName', value: 'After' }]), { refusal });
    verify(patched.status === 400, `${answered(patched)} to ${JSON.stringify(operation)}, expected 400 ${scimType}`);
    verifyScimType(patched, scimType, `to ${JSON.stringify(operation)}`);
  } finally {
    await deleteCreated(t, created);
  }
}

suite.check('patch.no-target', async (t) => {
  await checkRefused(t, { op: 'replace', path: 'emails[type eq "home"].value', value: t.email('home') }, REFUSALS.patchNoTarget);
});

suite.check('patch.invalid-path', async (t) => {
  await checkRefused(t, { op: 'replace', path: 'name.givenName.extra', value: 'x' }, REFUSALS.patchInvalidPath);
  // RFC 7644 §3.5.2: a path selects values by filter, never by position.
  await checkRefused(t, { op: 'replace', path: 'emails[0].value', value: t.email('indexed') }, REFUSALS.patchIndexedPath);
});

suite.check('patch.read-only-mutability', async (t) => {
  // id and meta.created are readOnly on every resource (RFC 7643 §3.1).
  await checkRefused(t, { op: 'replace', path: 'id', value: t.uniqueName('client-id') }, REFUSALS.patchReadOnly);
  await checkRefused(t, { op: 'replace', path: 'meta.created', value: '2000-01-01T00:00:00Z' }, REFUSALS.patchReadOnly);
  // A User's groups change through the Group (RFC 7643 §4.1.2), where the schema says so.
  const groups = t.schema(URN.user)?.attributes.find((attribute) => attribute.name.toLowerCase() === 'groups');
  if (groups?.mutability === 'readOnly') await checkRefused(t, { op: 'add', path: 'groups', value: [{ value: randomUUID() }] }, REFUSALS.patchReadOnly);
});

suite.check('patch.remove-without-path', async (t) => {
  await checkRefused(t, { op: 'remove' }, REFUSALS.patchRemoveWithoutPath);
});

suite.check('patch.extension-schemas', async (t) => {
  const target = patchTarget(t);
  const found = target.extensions.flatMap(({ schema }) => {
    const attribute = schema.attributes.find((candidate) =>
      candidate.type === 'string' && !candidate.multiValued && (candidate.mutability ?? 'readWrite') === 'readWrite' && candidate.canonicalValues === undefined);
    return attribute === undefined ? [] : [{ schema, attribute }];
  })[0] ?? t.skip('the User type has no extension with a writable single-valued string attribute');
  const sent = t.user('patch-extension');
  const listed = (body: JsonObject): boolean => {
    const schemas = getMember(body, 'schemas');
    return Array.isArray(schemas) && schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === found.schema.id.toLowerCase());
  };
  if (listed(sent)) t.skip(`the User template gives every User ${found.schema.id}, so no User is without it`);
  const created = await t.create(target.type.endpoint, sent);
  const path = `${found.schema.id}:${found.attribute.name}`;
  const patched = await t.client.patch(created.path, patchBody([{ op: 'add', path, value: 'probe-extension' }]));
  verify(patched.status === 200 || patched.status === 204, `${answered(patched)} to a PATCH adding ${path}, expected 200 with the user (or 204)`);
  const read = await t.client.get(created.path);
  const user = body(read);
  verify(read.status === 200, `${answered(read)} after the PATCH, expected 200 with the user`);
  const extension = getMember(user, found.schema.id);
  const stored = isJsonObject(extension) ? getMember(extension, found.attribute.name) : undefined;
  verify(stored === 'probe-extension', `${answered(read)} with ${path} ${show(stored)} after a PATCH that added "probe-extension"`);
  verify(listed(user), `${answered(read)} with schemas ${show(getMember(user, 'schemas'))} and ${found.schema.id} values: adding an extension attribute adds its URN to schemas`);
});

/** Table 9's keywords for a PatchOp message that breaks the request's structure or lacks a value it needs. */
const MALFORMED_KEYWORDS = ['invalidSyntax', 'invalidValue'] as const;

/**
 * Sends each body to a new User and fails unless every one is answered 400 with one of the keywords (or
 * none: RFC 7644 §3.12 makes scimType optional, and the RFC names none for these). `why` cites the rule.
 */
async function checkMalformed(t: CheckContext, bodies: ReadonlyArray<{ body: JsonObject; what: string }>, refusal: Refusal, why: string): Promise<void> {
  const target = patchTarget(t);
  const created = await t.create(target.type.endpoint, t.user('malformed', { displayName: 'Before' }));
  try {
    for (const { body: sent, what } of bodies) {
      const patched = await t.client.patch(created.path, sent, { refusal });
      verify(patched.status === 400, `${answered(patched)} to ${what}, expected 400 (${MALFORMED_KEYWORDS.join(' or ')}): ${why}`);
      const scimType = isJsonObject(patched.json) ? getMember(patched.json, 'scimType') : undefined;
      verify(
        scimType === undefined || MALFORMED_KEYWORDS.some((keyword) => keyword === scimType),
        `${answered(patched)} with scimType ${show(scimType)} to ${what}, expected ${MALFORMED_KEYWORDS.join(' or ')} (RFC 7644 Table 9)`,
      );
    }
  } finally {
    await deleteCreated(t, created);
  }
}

/** A change to displayName that a server skipping the malformed part would apply. */
const RENAME: PatchOperation = { op: 'replace', path: 'displayName', value: 'After' };

suite.check('patch.schemas-required', async (t) => {
  await checkMalformed(t, [{ body: { Operations: [{ ...RENAME }] }, what: 'a PATCH body without "schemas"' }], REFUSALS.patchWithoutSchemas,
    `RFC 7644 §3.5.2 has every PATCH body carry schemas ["${URN.patchOp}"]`);
});

suite.check('patch.operations-required', async (t) => {
  await checkMalformed(t, [
    { body: { schemas: [URN.patchOp] }, what: 'a PATCH body without "Operations"' },
    { body: { schemas: [URN.patchOp], Operations: [] }, what: 'a PATCH body whose "Operations" is empty' },
  ], REFUSALS.patchWithoutOperations, 'RFC 7644 §3.5.2 has a PATCH body carry an array of one or more operations');
});

suite.check('patch.unknown-op', async (t) => {
  await checkMalformed(t, [
    { body: { schemas: [URN.patchOp], Operations: [{ op: 'bogus', path: 'displayName', value: 'Bogus' }, { ...RENAME }] }, what: 'a PATCH operation with op "bogus"' },
    { body: { schemas: [URN.patchOp], Operations: [{ op: 'move', from: 'displayName', path: 'nickName' }, { ...RENAME }] }, what: 'a PATCH operation with JSON Patch\'s op "move"' },
  ], REFUSALS.patchUnknownOp, 'RFC 7644 §3.5.2 knows the ops add, remove and replace, and no JSON Patch operation that moves values');
});

suite.check('patch.add-needs-value', async (t) => {
  await checkMalformed(t, [{ body: patchBody([{ op: 'add', path: 'displayName' }, { ...RENAME }]), what: 'a PATCH add of displayName without a value' }],
    REFUSALS.patchAddWithoutValue, 'RFC 7644 §3.5.2.1 has an add carry the value it adds');
});

suite.check('patch.path-less-value-object', async (t) => {
  await checkMalformed(t, [
    { body: patchBody([{ op: 'add', value: 'Babs' }, { ...RENAME }]), what: 'a PATCH add without a path whose value is the string "Babs"' },
    { body: patchBody([{ op: 'replace', value: ['Babs'] }, { ...RENAME }]), what: 'a PATCH replace without a path whose value is the array ["Babs"]' },
  ], REFUSALS.patchPathLessScalar, 'without a path, RFC 7644 §3.5.2.1 and §3.5.2.3 read the value as the attributes to add or replace, an object');
});

suite.check('patch.invalid-filter', async (t) => {
  const target = patchTarget(t);
  const created = await t.create(target.type.endpoint, t.user('filter', { emails: [{ value: t.email('filter'), type: 'work' }] }));
  try {
    const path = 'emails[type eqq "work"].value';
    const patched = await t.client.patch(created.path, patchBody([{ op: 'replace', path, value: t.email('other') }]), { refusal: REFUSALS.patchInvalidFilter });
    const context = `to a PATCH replace of ${path}, whose filter has no operator "eqq"`;
    verify(patched.status === 400, `${answered(patched)} ${context}, expected 400 invalidFilter (RFC 7644 Table 9)`);
    verifyJsonError(patched, `a SCIM Error with scimType "invalidFilter" ${context}`);
    // The path as a whole is malformed too, so Table 9's invalidPath is not wrong.
    const scimType = getMember(patched.json, 'scimType');
    verify(scimType === 'invalidFilter' || scimType === 'invalidPath', `${answered(patched)} with scimType ${show(scimType)} ${context}, expected "invalidFilter" (or "invalidPath")`);
  } finally {
    await deleteCreated(t, created);
  }
});

/** The first of the core attributes named that is a writable single-valued string the new User does not get. */
function absentStringAttribute(core: SchemaDefinition, sent: JsonObject, names: readonly string[]): string | undefined {
  return names.find((name) => {
    const attribute = core.attributes.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    return attribute !== undefined && attribute.type === 'string' && !attribute.multiValued && (attribute.mutability ?? 'readWrite') === 'readWrite'
      && attribute.canonicalValues === undefined && getMember(sent, name) === undefined;
  });
}

/** A sub-attribute of a core attribute as the schema defines it, if it does. */
function subAttributeOf(core: SchemaDefinition, attribute: string, sub: string): boolean {
  const parent = core.attributes.find((candidate) => candidate.name.toLowerCase() === attribute.toLowerCase());
  return (parent?.subAttributes ?? []).some((candidate) => candidate.name.toLowerCase() === sub.toLowerCase() && (candidate.mutability ?? 'readWrite') === 'readWrite');
}

/** The User after a PATCH that must succeed: fails unless the PATCH answered 200 or 204 and a GET then answers 200. */
async function patchedUser(t: CheckContext, created: CreatedResource, operations: readonly PatchOperation[], what: string): Promise<{ patched: ScimResponse; read: ScimResponse; user: JsonObject }> {
  const patched = await t.client.patch(created.path, patchBody(operations));
  verify(patched.status === 200 || patched.status === 204, `${answeredWithDetail(patched)} to ${what}, expected 200 with the user (or 204)`);
  const read = await t.client.get(created.path);
  verify(read.status === 200, `${answered(read)} after the PATCH, expected 200 with the user`);
  return { patched, read, user: body(read) };
}

suite.check('patch.path-case-insensitive', async (t) => {
  const target = patchTarget(t);
  if (!subAttributeOf(target.core, 'name', 'givenName')) t.skip(`${target.core.id} has no writable name.givenName`);
  const created = await t.create(target.type.endpoint, t.user('case'));
  try {
    const { patched, read, user } = await patchedUser(t, created, [{ op: 'replace', path: 'NAME.GIVENNAME', value: 'Probe' }], 'a PATCH replace of NAME.GIVENNAME, which names name.givenName in any case (RFC 7644 §3.10)');
    const name = getMember(user, 'name');
    const givenName = isJsonObject(name) ? getMember(name, 'givenName') : undefined;
    verify(givenName === 'Probe', `${answered(patched)} but ${answered(read)} with name.givenName ${show(givenName)} after a replace of NAME.GIVENNAME with "Probe": attribute names are case-insensitive (RFC 7644 §3.10)`);
  } finally {
    await deleteCreated(t, created);
  }
});

suite.check('patch.replace-missing-adds', async (t) => {
  const target = patchTarget(t);
  const sent = t.user('replace-missing');
  const name = absentStringAttribute(target.core, sent, ['title', 'nickName', 'displayName', 'profileUrl'])
    ?? t.skip(`${target.core.id} has no writable string attribute (title, nickName, displayName) a new User is created without`);
  const created = await t.create(target.type.endpoint, sent);
  try {
    const initial = body(await t.client.get(created.path));
    if (getMember(initial, name) !== undefined) t.skip(`the target gave the new User a ${name} of its own (${show(getMember(initial, name))}), so it has no attribute without a value to replace`);
    const { patched, read, user } = await patchedUser(t, created, [{ op: 'replace', path: name, value: 'Probe' }], `a PATCH replace of ${name}, which the user has no value for`);
    const stored = getMember(user, name);
    verify(stored === 'Probe', `${answered(patched)} but ${answered(read)} with ${name} ${show(stored)} after a replace of the absent ${name} with "Probe": RFC 7644 §3.5.2.3 makes it an add`);
  } finally {
    await deleteCreated(t, created);
  }
});

suite.check('patch.replace-filter-every-match', async (t) => {
  const target = patchTarget(t);
  const addresses = target.core.attributes.find((attribute) => attribute.name.toLowerCase() === 'addresses');
  const missing = ['type', 'streetAddress', 'locality'].filter((sub) => !subAttributeOf(target.core, 'addresses', sub));
  if (addresses?.multiValued !== true || missing.length > 0) t.skip(`${target.core.id} has no multi-valued addresses with writable type, streetAddress and locality`);
  const before = [
    { type: 'work', streetAddress: '1 First Street' },
    { type: 'work', streetAddress: '2 Second Street' },
    { type: 'home', streetAddress: '3 Third Street' },
  ];
  const created = await t.create(target.type.endpoint, t.user('replace-filter', { addresses: before }));
  try {
    const path = 'addresses[type eq "work"]';
    const { patched, read, user } = await patchedUser(t, created, [{ op: 'replace', path, value: { type: 'work', locality: 'Springfield' } }], `a PATCH replace of ${path}`);
    const stored = getMember(user, 'addresses');
    const values = Array.isArray(stored) ? stored.filter(isJsonObject) : [];
    const typed = (type: string): JsonObject[] => values.filter((value) => stringMember(value, 'type') === type);
    const shown = `${answered(patched)} but ${answered(read)} with addresses ${show(stored)} after a replace of ${path} with {"type":"work","locality":"Springfield"}`;
    // Whether each match is merged with the value or becomes it the RFC leaves open; that each is replaced it does not.
    verify(typed('work').length > 0 && typed('work').every((value) => stringMember(value, 'locality') === 'Springfield'),
      `${shown}: RFC 7644 §3.5.2.3 replaces every value the filter matches, so every work address has the locality`);
    verify(typed('home').length === 1 && stringMember(typed('home')[0] ?? {}, 'streetAddress') === '3 Third Street' && stringMember(typed('home')[0] ?? {}, 'locality') === undefined,
      `${shown}: the home address, which the filter does not match, must stay as it was`);
  } finally {
    await deleteCreated(t, created);
  }
});

suite.check('patch.remove-filter-and', async (t) => {
  const target = patchTarget(t);
  if (!subAttributeOf(target.core, 'emails', 'type')) t.skip(`${target.core.id} has no emails with a writable type`);
  const [removed, kept, home] = [t.email('work-removed'), t.email('work-kept'), t.email('home-kept')];
  const created = await t.create(target.type.endpoint, t.user('remove-filter', { emails: [{ value: removed, type: 'work' }, { value: kept, type: 'work' }, { value: home, type: 'home' }] }));
  try {
    const path = `emails[type eq "work" and value eq ${JSON.stringify(removed)}]`;
    const { patched, read, user } = await patchedUser(t, created, [{ op: 'remove', path }], `a PATCH remove of ${path}`);
    const stored = getMember(user, 'emails');
    const values = (Array.isArray(stored) ? stored.filter(isJsonObject) : []).map((email) => stringMember(email, 'value')?.toLowerCase());
    const expected = [kept, home].map((value) => value.toLowerCase());
    verify(
      values.length === expected.length && expected.every((value) => values.includes(value)),
      `${answered(patched)} but ${answered(read)} with emails ${show(stored)} after a remove of ${path}, expected ${show(expected)}: RFC 7644 §3.5.2.2 removes exactly the values the filter selects`,
    );
  } finally {
    await deleteCreated(t, created);
  }
});

suite.check('patch.schemas-change-seen', async (t) => {
  const target = patchTarget(t);
  const coreNames = new Set(target.core.attributes.map((attribute) => attribute.name.toLowerCase()));
  const found = target.extensions.flatMap(({ schema }) => {
    const writable = schema.attributes.filter((candidate) =>
      candidate.type === 'string' && !candidate.multiValued && (candidate.mutability ?? 'readWrite') === 'readWrite' && candidate.canonicalValues === undefined
      && candidate.returned !== 'request' && candidate.returned !== 'never' && !coreNames.has(candidate.name.toLowerCase()));
    const [qualified, unqualified] = writable;
    return qualified === undefined || unqualified === undefined ? [] : [{ schema, qualified, unqualified }];
  })[0] ?? t.skip('the User type has no extension with two writable single-valued string attributes that a GET returns and the core schema does not also name');
  const sent = t.user('schemas-change');
  const schemas = getMember(sent, 'schemas');
  if (Array.isArray(schemas) && schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === found.schema.id.toLowerCase())) {
    t.skip(`the User template gives every User ${found.schema.id}, so no User is without it`);
  }
  const created = await t.create(target.type.endpoint, sent);
  try {
    const qualifiedPath = `${found.schema.id}:${found.qualified.name}`;
    const qualifiedAdd: PatchOperation = { op: 'add', path: qualifiedPath, value: 'probe-first' };
    const unqualifiedAdd: PatchOperation = { op: 'add', path: found.unqualified.name, value: 'probe-second' };
    const what = `a PATCH adding ${qualifiedPath}, then ${found.unqualified.name} without its URN`;
    const patched = await t.client.patch(created.path, patchBody([qualifiedAdd, unqualifiedAdd]));
    if (patched.status === 400) {
      // Whether the target takes an extension attribute without its URN at all (RFC 7644 §3.10 asks clients to qualify them).
      const first = await t.client.patch(created.path, patchBody([qualifiedAdd]));
      if (first.status >= 300) refusedSetup(first, `the extension attribute ${qualifiedPath} was not added`);
      const second = await t.client.patch(created.path, patchBody([unqualifiedAdd]));
      if (second.status === 400) t.skip(`${answeredWithDetail(second)} to an add of ${found.unqualified.name} on a User with ${found.schema.id}: the target takes extension attributes by their URN-qualified name only, so no later operation can show what an earlier one did to schemas`);
      fail(`${answeredWithDetail(patched)} to ${what}, though ${answered(second)} to the same add once the User had the extension: RFC 7644 §3.5.2 has each operation assume the schemas the operations before it left`);
    }
    verify(patched.status === 200 || patched.status === 204, `${answeredWithDetail(patched)} to ${what}, expected 200 with the user (or 204)`);
    const read = await t.client.get(created.path);
    verify(read.status === 200, `${answered(read)} after the PATCH, expected 200 with the user`);
    const extension = getMember(body(read), found.schema.id);
    const stored = isJsonObject(extension) ? [getMember(extension, found.qualified.name), getMember(extension, found.unqualified.name)] : [undefined, undefined];
    verify(stored[0] === 'probe-first' && stored[1] === 'probe-second',
      `${answered(patched)} but ${answered(read)} with ${found.qualified.name} ${show(stored[0])} and ${found.unqualified.name} ${show(stored[1])} in ${found.schema.id} after ${what}, expected "probe-first" and "probe-second"`);
  } finally {
    await deleteCreated(t, created);
  }
});

suite.check('patch.password-write-only', async (t) => {
  const target = patchTarget(t);
  if (!t.capabilities.changePassword) t.skip('the target does not advertise changePassword.supported');
  const password = target.core.attributes.find((attribute) => attribute.name.toLowerCase() === 'password')
    ?? t.skip(`/Schemas does not list a password attribute of ${target.core.id}`);
  const created = await t.create(target.type.endpoint, t.user('password'));
  try {
    // Long and mixed, to meet the password policies servers commonly enforce.
    const secret = `Pw-${randomUUID()}-x9!`;
    const patched = await t.client.patch(created.path, patchBody([{ op: 'replace', path: password.name, value: secret }]));
    verify(patched.status === 200 || patched.status === 204,
      `${answeredWithDetail(patched)} to a PATCH replace of password, expected 200 (or 204): the target advertises changePassword, so a PATCH may set it (RFC 7643 §4.1.1)`);
    const read = await t.client.get(created.path);
    for (const response of [patched, read]) {
      const shown = isJsonObject(response.json) ? getMember(response.json, password.name) : undefined;
      if (shown !== undefined) {
        throw new ConformanceFailure(`${answered(response)} holding a password after a PATCH set it: password is returned:never, so no response may hold it (RFC 7643 §4.1.1)`,
          'projection.password-never-returned');
      }
    }
  } finally {
    await deleteCreated(t, created);
  }
});

suite.check('patch.supported', async (t) => {
  verify(t.capabilities.patch, '/ServiceProviderConfig advertises patch.supported false: RFC 7644 §3.5 says PATCH should be supported');
});

suite.check('patch.unsupported-501', async (t) => {
  if (t.capabilities.patch) t.skip('the target advertises PATCH as supported (patch.supported is true), so there is no unsupported PATCH to answer');
  const type = t.requireType(URN.user);
  const created = await t.create(type.endpoint, t.user('unsupported-patch'));
  const patched = await t.client.patch(created.path, patchBody([{ op: 'replace', path: 'displayName', value: 'After' }]), { refusal: REFUSALS.patchUnsupported });
  verify(patched.status !== 200 && patched.status !== 204,
    `${answered(patched)} to a PATCH, though /ServiceProviderConfig advertises patch.supported false: a target that applies PATCH advertises it, one that does not answers 501`);
  verify(patched.status === 501, `${answeredWithDetail(patched)} to a PATCH, with patch.supported false, expected 501 Not Implemented (RFC 7644 §3.12 Table 8)`);
});
