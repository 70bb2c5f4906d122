/**
 * The life of a resource (RFC 7644 §3.3, §3.4.1, §3.6): created, read back, deleted, gone, for every
 * resource type the target advertises (User, Group, and any other whose /Schemas the harness can fill).
 * Each type gets one resource, built from the required attributes of its schemas, that every check
 * shares; the types go through each step side by side, and each check makes the step it needs if an
 * earlier one was not selected.
 */
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, answeredWithDetail, refusedSetup, verify } from '../src/runner/failure.js';
import { requireSubjects, subjectsOf, subjectsWithRequired, type Subject } from '../src/runner/subject.js';
import { createdResource, postTracked, useScim, type CheckContext } from '../src/runner/suite.js';
import type { ScimResponse } from '../src/http/client.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../src/scim/json.js';
import { schemasOf, show, stringMember } from '../src/scim/messages.js';
import type { ResourceTypeDefinition } from '../src/scim/schema.js';
import { compareInstants, parseDateTime } from '../src/scim/filter/values.js';
import { URN } from '../src/scim/urns.js';
import { listResources } from '../src/discovery/discover.js';

const suite = useScim();

interface Created {
  subject: Subject;
  response: ScimResponse;
  body: JsonObject;
  id: string;
  path: string;
}

const subjects = subjectsOf(suite, 'lifecycle');

const creations = new Map<string, Promise<Created>>();
const deletions = new Map<string, Promise<ScimResponse>>();

/** The POST every check of the suite judges, made once per type. */
function created(t: CheckContext, subject: Subject): Promise<Created> {
  const endpoint = subject.type.endpoint;
  let creation = creations.get(subject.type.name);
  if (creation === undefined) {
    creation = (async () => {
      const response = await t.client.post(endpoint, subject.body);
      t.resources.trackCreated(endpoint, response);
      const resource = createdResource(t.client.baseUrl, endpoint, response);
      return { subject, response, body: isJsonObject(response.json) ? response.json : {}, id: resource?.id ?? '', path: resource?.path ?? endpoint };
    })();
    creations.set(subject.type.name, creation);
  }
  return creation;
}

/** Runs a step for every type side by side, each with its own created resource. */
async function forEachCreated(t: CheckContext, step: (resource: Created) => Promise<void> | void): Promise<void> {
  await Promise.all(requireSubjects(t, subjects).map(async (subject) => step(await created(t, subject))));
}

function isUsable(resource: Created): boolean {
  return resource.response.status < 300 && resource.id !== '';
}

/**
 * Runs a step for every type whose create worked. A type the target advertises but does not create is
 * create.status-201's finding, judged there once: the other types are still checked, and the note says
 * which were not. When no type could be created, the check is skipped as that finding's consequence.
 */
async function forEachExisting(t: CheckContext, step: (resource: Created) => Promise<void> | void): Promise<void> {
  const resources = await Promise.all(requireSubjects(t, subjects).map((subject) => created(t, subject)));
  for (const resource of resources) t.attach(resource.response);
  const usable = resources.filter(isUsable);
  const unusable = resources.filter((resource) => !isUsable(resource));
  const [first] = unusable;
  if (usable.length === 0 && first !== undefined) {
    refusedSetup(first.response, `${first.id === '' && first.response.status < 300 ? 'the answer has no id, so ' : ''}there is no ${first.subject.type.name} to check`);
  }
  if (unusable.length > 0) {
    t.note(`not judged for ${unusable.map((resource) => `${resource.subject.type.name} (${answered(resource.response)})`).join(', ')}: create.status-201 judges those creates`);
  }
  await Promise.all(usable.map(step));
}

function meta(resource: Created): JsonObject {
  const value = getMember(resource.body, 'meta');
  return isJsonObject(value) ? value : {};
}

suite.check('create.status-201', async (t) => {
  await forEachCreated(t, ({ response }) => {
    t.attach(response);
    verify(response.status === 201, `${answeredWithDetail(response)}, expected 201 Created`);
  });
});

suite.check('create.server-assigned', async (t) => {
  await forEachExisting(t, (resource) => {
    const missing = ['resourceType', 'created', 'lastModified', 'location'].filter((member) => stringMember(meta(resource), member) === undefined);
    verify(missing.length === 0, `${answered(resource.response)} with meta ${show(getMember(resource.body, 'meta'))}: missing ${missing.join(', ')}`);
  });
});

suite.check('create.location', async (t) => {
  await forEachExisting(t, (resource) => {
    const location = resource.response.headers['location'];
    verify(location !== undefined, `${answered(resource.response)} without a Location header`);
    const metaLocation = stringMember(meta(resource), 'location');
    verify(location === metaLocation, `${answered(resource.response)} with Location ${location} but meta.location ${show(getMember(meta(resource), 'location'))}`);
  });
});

suite.check('create.meta-resource-type', async (t) => {
  await forEachExisting(t, (resource) => {
    const resourceType = stringMember(meta(resource), 'resourceType');
    const expected = resource.subject.type.name;
    verify(resourceType === expected, `${answered(resource.response)} with meta.resourceType ${show(resourceType)}, expected "${expected}"`);
  });
});

suite.check('create.last-modified-equals-created', async (t) => {
  await forEachExisting(t, (resource) => {
    const createdAt = stringMember(meta(resource), 'created');
    const lastModified = stringMember(meta(resource), 'lastModified');
    verify(createdAt !== undefined && lastModified !== undefined, `${answered(resource.response)} without meta.created and meta.lastModified`);
    const [createdInstant, lastModifiedInstant] = [parseDateTime(createdAt), parseDateTime(lastModified)];
    verify(createdInstant !== undefined && lastModifiedInstant !== undefined, `${answered(resource.response)} with meta.created ${createdAt} and meta.lastModified ${lastModified}, expected xsd:dateTime values`);
    // Compared to the last digit the server sent: a clock read twice differs in microseconds, not milliseconds.
    verify(compareInstants(createdInstant, lastModifiedInstant) === 0, `${answered(resource.response)} with meta.created ${createdAt} but meta.lastModified ${lastModified}`);
  });
});

/** A fresh subject of each type, by type name: the shared create's body with new unique values. */
function freshSubjects(t: CheckContext, label: string): Map<string, Subject> {
  return new Map(subjectsOf(t, label).built.map((subject) => [subject.type.name, subject]));
}

/**
 * Runs a step for every type whose shared create worked, with a fresh subject of the type: the step sends
 * a variant of the body, and the shared create shows that the plain body is taken, so that a refusal of
 * the variant is the variant's.
 */
async function forEachVariant(t: CheckContext, label: string, step: (resource: Created, fresh: Subject) => Promise<void>): Promise<void> {
  const fresh = freshSubjects(t, label);
  await forEachExisting(t, async (resource) => {
    const subject = fresh.get(resource.subject.type.name);
    if (subject !== undefined) await step(resource, subject);
  });
}

/** A URI that is neither the schema nor an extension of any type: no server has it. */
const UNKNOWN_SCHEMA = 'urn:example:params:scim:schemas:unknown:2.0:Probe';

suite.check('create.schemas-required', async (t) => {
  await forEachVariant(t, 'no-schemas', async ({ subject }, fresh) => {
    const body = Object.fromEntries(Object.entries(fresh.body).filter(([key]) => key.toLowerCase() !== 'schemas'));
    const response = await postTracked(t, subject.type.endpoint, body, { refusal: REFUSALS.schemasMissing });
    verify(response.status === 400, `${answered(response)} to a ${subject.type.name} POST without "schemas", a body the create with "schemas" takes; expected 400: RFC 7643 §3 makes "schemas" REQUIRED`);
  });
});

suite.check('create.schemas-unknown-uri-400', async (t) => {
  await forEachVariant(t, 'unknown-schema', async ({ subject }, fresh) => {
    const body = { ...fresh.body, schemas: [...schemasOf(fresh.body), UNKNOWN_SCHEMA] };
    const response = await postTracked(t, subject.type.endpoint, body, { refusal: REFUSALS.schemasUnknownUri });
    verify(
      response.status === 400,
      `${answered(response)} to a ${subject.type.name} POST whose "schemas" also lists ${UNKNOWN_SCHEMA}, neither the ${subject.type.name} schema nor one of its extensions; expected 400: RFC 7643 §3 lets "schemas" hold only the URIs of the resource type's schemas`,
    );
  });
});

/** A writable single-valued string of one of the type's extensions, returned by default: where a created resource shows the extension. */
function extensionString(t: CheckContext, type: ResourceTypeDefinition): { schema: string; name: string } | undefined {
  for (const { schema } of type.schemaExtensions ?? []) {
    const attribute = t.schema(schema)?.attributes.find((candidate) =>
      candidate.type === 'string' && !candidate.multiValued && (candidate.mutability ?? 'readWrite') === 'readWrite'
      && (candidate.returned ?? 'default') === 'default' && (candidate.canonicalValues ?? []).length === 0);
    if (attribute !== undefined) return { schema, name: attribute.name };
  }
  return undefined;
}

function extensionValue(body: JsonValue | undefined, schema: string, name: string): JsonValue | undefined {
  const values = isJsonObject(body) ? getMember(body, schema) : undefined;
  return isJsonObject(values) ? getMember(values, name) : undefined;
}

suite.check('create.schemas-any-order', async (t) => {
  const coreFirst = freshSubjects(t, 'core-first');
  const extensionFirst = freshSubjects(t, 'extension-first');
  const cases = [...coreFirst.values()].flatMap((subject) => {
    const extension = extensionString(t, subject.type);
    const reversed = extensionFirst.get(subject.type.name);
    return extension === undefined || reversed === undefined ? [] : [{ subject, reversed, extension }];
  });
  if (cases.length === 0) t.skip('no advertised resource type has an extension with a writable string attribute returned by default');
  await Promise.all(cases.map(async ({ subject, reversed, extension }) => {
    const { type } = subject;
    const withExtension = (body: JsonObject, value: string): JsonObject => {
      const held = getMember(body, extension.schema);
      const others = schemasOf(body).filter((urn) => urn.toLowerCase() !== extension.schema.toLowerCase());
      return { ...body, schemas: [...others, extension.schema], [extension.schema]: { ...(isJsonObject(held) ? held : {}), [extension.name]: value } };
    };
    const [firstValue, secondValue] = [t.uniqueName('extension'), t.uniqueName('extension')];
    const control = await t.create(type.endpoint, withExtension(subject.body, firstValue));
    const body = withExtension(reversed.body, secondValue);
    const schemas = schemasOf(body).reverse();
    const response = await postTracked(t, type.endpoint, { ...body, schemas });
    const sent = `a ${type.name} POST with "schemas" ${show(schemas)}, the extension first, where the core schema first was created`;
    verify(response.status >= 200 && response.status < 300, `${answeredWithDetail(response)} to ${sent}; RFC 7643 §3: the order of "schemas" MUST NOT change what the server does`);
    // The extension value shows the extension was read the same: as the control shows its own, or neither does.
    const shownFirst = extensionValue(control.response.json, extension.schema, extension.name) === firstValue;
    const shown = extensionValue(response.json, extension.schema, extension.name);
    verify(
      !shownFirst || shown === secondValue,
      `${answered(response)} to ${sent}, with ${extension.schema}:${extension.name} ${show(shown)}, though the core-first create shows the value it was given; expected "${secondValue}"`,
    );
  }));
});

suite.check('create.external-id-not-invented', async (t) => {
  const unjudged: string[] = [];
  await forEachExisting(t, async (resource) => {
    const { type, body } = resource.subject;
    if (getMember(body, 'externalId') !== undefined) {
      unjudged.push(`${type.name} (its configured template gives an externalId)`);
      return;
    }
    const read = await t.client.get(resource.path);
    const responses: Array<[string, ScimResponse]> = [['the create response', resource.response]];
    if (read.status === 200) responses.push(['a later GET', read]);
    for (const [what, response] of responses) {
      const externalId = isJsonObject(response.json) ? getMember(response.json, 'externalId') : undefined;
      verify(
        externalId === undefined || externalId === null,
        `${answered(response)}: ${what} of a ${type.name} created without an externalId has externalId ${show(externalId)}; RFC 7643 §3.1: the provisioning client alone issues it, and the service provider MUST NOT specify it`,
      );
    }
  });
  if (unjudged.length > 0) t.note(`not judged for ${unjudged.join(', ')}`);
});

function managerDisplayName(body: JsonValue | undefined): JsonValue | undefined {
  const manager = extensionValue(body, URN.enterpriseUser, 'manager');
  return isJsonObject(manager) ? getMember(manager, 'displayName') : undefined;
}

suite.check('create.manager-display-name-read-only', async (t) => {
  const type = t.requireType(URN.user);
  if (!(type.schemaExtensions ?? []).some((extension) => extension.schema.toLowerCase() === URN.enterpriseUser.toLowerCase())) {
    t.skip('the User resource type advertises no enterprise extension');
  }
  const managerDefinition = t.schema(URN.enterpriseUser)?.attributes.find((attribute) => attribute.name.toLowerCase() === 'manager');
  const displayName = managerDefinition?.subAttributes?.find((attribute) => attribute.name.toLowerCase() === 'displayname')
    ?? t.skip('/Schemas describes no enterprise manager.displayName');
  if (displayName.mutability !== 'readOnly') t.skip(`/Schemas gives the enterprise manager.displayName mutability ${show(displayName.mutability)}, not readOnly`);
  const boss = await t.create(type.endpoint, t.user('manager'));
  const managed = (label: string, written?: string): JsonObject =>
    t.user(label, { [URN.enterpriseUser]: { manager: { value: boss.id, ...(written === undefined ? {} : { displayName: written }) } } });
  const notes: string[] = [];
  /** A write carrying manager.displayName: not stored if taken, or refused. */
  const judge = async (response: ScimResponse, path: string | undefined, written: string, what: string): Promise<boolean> => {
    if (response.status === 400) {
      notes.push(`${answered(response)} to ${what}: refused rather than ignored (RFC 7644 §3.3, §3.5.1 ignore readOnly values), so nothing was stored`);
      return false;
    }
    verify(response.status >= 200 && response.status < 300, `${answeredWithDetail(response)} to ${what}; expected the write taken with manager.displayName ignored, or refused with 400`);
    const read = path === undefined ? undefined : await t.client.get(path);
    for (const [shown, where] of [[response, 'its response'], ...(read?.status === 200 ? [[read, 'a later GET'] as const] : [])] as const) {
      const value = managerDisplayName(shown.json);
      verify(value !== written, `${answered(shown)}: ${where} of ${what} has manager.displayName "${written}" as the client wrote it; RFC 7643 §4.3 makes it readOnly: the service provider sets it`);
    }
    return true;
  };
  const postWritten = `Client Wrote ${t.uniqueName('manager-name')}`;
  const postBody = managed('managed', postWritten);
  const posted = await postTracked(t, type.endpoint, postBody);
  const postedResource = createdResource(t.client.baseUrl, type.endpoint, posted);
  const taken = await judge(posted, postedResource?.path, postWritten, 'a User POST whose enterprise manager has a displayName');
  // The PUT needs a User with a manager: the one just created, or one created without the displayName.
  const target = taken && postedResource !== undefined ? { path: postedResource.path, body: postBody } : await (async () => {
    const body = managed('managed-plain');
    return { path: (await t.create(type.endpoint, body)).path, body };
  })();
  const putWritten = `Client Wrote ${t.uniqueName('manager-name')}`;
  const manager = { value: boss.id, displayName: putWritten };
  const replaced = await t.client.put(target.path, { ...target.body, [URN.enterpriseUser]: { manager } });
  await judge(replaced, target.path, putWritten, 'a User PUT whose enterprise manager has a displayName');
  if (notes.length > 0) t.note(notes.join('; '));
});

suite.check('read.by-id', async (t) => {
  await forEachExisting(t, async (resource) => {
    const { type, naming } = resource.subject;
    const read = await t.client.get(resource.path);
    verify(read.status === 200, `${answered(read)}, expected 200 for the ${type.name} just created`);
    verify(stringMember(read.json, 'id') === resource.id, `${answered(read)} with id ${show(isJsonObject(read.json) ? getMember(read.json, 'id') : undefined)}, expected "${resource.id}"`);
    if (naming === undefined) return;
    const expected = stringMember(resource.body, naming.name) ?? naming.value;
    const shown = stringMember(read.json, naming.name);
    verify(shown === expected, `${answered(read)} with ${naming.name} ${show(shown)}, expected "${expected}" as the create answered`);
  });
});

function deleted(t: CheckContext, resource: Created): Promise<ScimResponse> {
  let deletion = deletions.get(resource.subject.type.name);
  if (deletion === undefined) {
    deletion = (async () => {
      const response = await t.client.delete(resource.path);
      if (response.status >= 200 && response.status < 300) t.resources.forget(resource.path);
      return response;
    })();
    deletions.set(resource.subject.type.name, deletion);
  }
  return deletion;
}

/** Deletes each type's resource (once), then runs a step on the ones whose delete succeeded. */
async function forEachDeleted(t: CheckContext, step: (resource: Created) => Promise<void>): Promise<void> {
  await forEachExisting(t, async (resource) => {
    const deletion = await deleted(t, resource);
    t.attach(deletion);
    if (deletion.status >= 300) refusedSetup(deletion, `the ${resource.subject.type.name} was not deleted`);
    await step(resource);
  });
}

suite.check('delete.status-204', async (t) => {
  await forEachExisting(t, async (resource) => {
    const response = await deleted(t, resource);
    t.attach(response);
    verify(response.status === 204, `${answered(response)}, expected 204 No Content`);
  });
});

suite.check('delete.gone', async (t) => {
  await forEachDeleted(t, async (resource) => {
    const read = await t.client.get(resource.path, undefined, { refusal: REFUSALS.deletedResourceRead });
    verify(read.status === 404, `${answered(read)} after the ${resource.subject.type.name} was deleted, expected 404`);
  });
});

suite.check('delete.gone-everywhere', async (t) => {
  await forEachDeleted(t, async ({ path, subject }) => {
    const refused = { refusal: REFUSALS.deletedResourceWritten };
    const responses = await Promise.all([
      t.client.put(path, subject.body, refused),
      t.client.patch(path, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'externalId', value: 'gone' }] }, refused),
      t.client.delete(path, refused),
    ]);
    for (const response of responses) {
      verify(response.status === 404, `${answered(response)} after the ${subject.type.name} was deleted, expected 404: a deleted resource is gone for every operation`);
    }
  });
});

suite.check('delete.gone-from-lists', async (t) => {
  if (!t.capabilities.filter.supported) t.skip('the target does not advertise filtering (filter.supported is false)');
  await forEachDeleted(t, async ({ id, subject }) => {
    const filter = subject.naming === undefined ? `id eq ${JSON.stringify(id)}` : `${subject.naming.name} eq ${JSON.stringify(subject.naming.value)}`;
    const listed = await t.client.get(subject.type.endpoint, { filter });
    verify(listed.status === 200, `${answered(listed)}, expected 200 with an empty list`);
    const stillListed = listResources(listed.json).some((resource) => stringMember(resource, 'id') === id);
    verify(!stillListed, `${answered(listed)} listing the deleted ${subject.type.name} ${id}: a deleted resource is left out of every query`);
  });
});

suite.check('delete.unique-values-released', async (t) => {
  const unjudged: string[] = [];
  await forEachDeleted(t, async ({ path, subject }) => {
    const read = await t.client.get(path, undefined, { refusal: REFUSALS.deletedResourceRead });
    if (read.status !== 404) {
      unjudged.push(`${subject.type.name} (${answered(read)} after its DELETE: delete.gone judges that)`);
      return;
    }
    const again = await postTracked(t, subject.type.endpoint, subject.body);
    const named = subject.naming === undefined ? '' : ` (${subject.naming.name} "${subject.naming.value}")`;
    // A success that names no resource shows nothing of a conflict either way: create.server-assigned judges that answer.
    if (again.status >= 200 && again.status < 300 && createdResource(t.client.baseUrl, subject.type.endpoint, again) === undefined) {
      unjudged.push(`${subject.type.name} (${answered(again)} naming no resource)`);
      return;
    }
    verify(
      again.status >= 200 && again.status < 300,
      `${answeredWithDetail(again)} to a POST of the ${subject.type.name} body${named} whose resource was just deleted, a body it took before; expected 201: RFC 7644 §3.6 says a deleted resource SHOULD NOT cause a uniqueness conflict`,
    );
  });
  const notJudged = `not judged for ${unjudged.join(', ')}`;
  if (unjudged.length > 0 && unjudged.length === subjects.built.length) t.skip(notJudged);
  if (unjudged.length > 0) t.note(notJudged);
});

suite.check('create.read-only-ignored', async (t) => {
  const subjects = requireSubjects(t, subjectsOf(t, 'create-read-only'));
  const unjudged: string[] = [];
  await Promise.all(subjects.map(async (subject) => {
    const clientId = t.uniqueName('client-id');
    const sentCreated = '2000-01-01T00:00:00Z';
    const response = await postTracked(t, subject.type.endpoint, { ...subject.body, id: clientId, meta: { created: sentCreated } });
    // Whether it is 201 is create.status-201's to judge.
    verify(response.status >= 200 && response.status < 300, `${answeredWithDetail(response)} to a ${subject.type.name} POST carrying id and meta.created, expected 201: readOnly values in a POST are ignored (RFC 7644 §3.3)`);
    // A success naming no resource, by its body or its Location (a 204, an empty object), shows nothing of
    // the values it was given: create.server-assigned judges that answer.
    const resource = createdResource(t.client.baseUrl, subject.type.endpoint, response);
    if (resource === undefined) {
      unjudged.push(`${subject.type.name} (${answered(response)} naming no resource)`);
      return;
    }
    verify(resource.id !== clientId, `${answered(response)} with the id the client sent, "${clientId}": the service provider assigns id (RFC 7643 §3.1)`);
    const created = stringMember(isJsonObject(response.json) ? getMember(response.json, 'meta') : undefined, 'created');
    verify(created !== sentCreated, `${answered(response)} with meta.created ${sentCreated} as the client sent it: readOnly values in a POST are ignored`);
  }));
  const notJudged = `not judged for ${unjudged.join(', ')}: create.server-assigned judges those answers`;
  if (unjudged.length === subjects.length) t.skip(notJudged);
  if (unjudged.length > 0) t.note(notJudged);
});

suite.check('create.required-missing-400', async (t) => {
  const cases = subjectsWithRequired(t, 'create-required');
  await Promise.all(cases.map(async ({ subject, name }) => {
    const body = Object.fromEntries(Object.entries(subject.body).filter(([key]) => key !== name));
    const response = await postTracked(t, subject.type.endpoint, body, { refusal: REFUSALS.missingRequiredValue });
    verify(response.status === 400, `${answered(response)} to a ${subject.type.name} POST without its required ${name}, expected 400 (RFC 7643 §2.2, RFC 7644 §3.12)`);
  }));
});
