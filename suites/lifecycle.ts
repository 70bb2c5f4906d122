/**
 * The life of a resource (RFC 7644 §3.3, §3.4.1, §3.6): created, read back, deleted, gone, for every
 * resource type the target advertises (User, Group, and any other whose /Schemas the harness can fill).
 * Each type gets one resource, built from the required attributes of its schemas, that every check
 * shares; the types go through each step side by side, and each check makes the step it needs if an
 * earlier one was not selected.
 */
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, answeredWithDetail, refusedSetup, verify } from '../src/runner/failure.js';
import { requireSubjects, subjectsOf, type Subject } from '../src/runner/subject.js';
import { createdResource, useScim, type CheckContext } from '../src/runner/suite.js';
import type { RequestOptions, ScimResponse } from '../src/http/client.js';
import { getMember, isJsonObject, type JsonObject } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
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

/** POSTs a body the check chose; whatever the server creates is tracked for deletion. */
async function postTracked(t: CheckContext, endpoint: string, body: JsonObject, options?: RequestOptions): Promise<ScimResponse> {
  const response = await t.client.post(endpoint, body, options);
  t.resources.trackCreated(endpoint, response);
  return response;
}

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
  const cases = requireSubjects(t, subjectsOf(t, 'create-required')).flatMap((subject) => {
    const required = (t.schema(subject.type.schema)?.attributes ?? []).find((attribute) => attribute.required === true && subject.body[attribute.name] !== undefined);
    return required === undefined ? [] : [{ subject, name: required.name }];
  });
  if (cases.length === 0) t.skip('no advertised resource type has a required top-level attribute');
  await Promise.all(cases.map(async ({ subject, name }) => {
    const body = Object.fromEntries(Object.entries(subject.body).filter(([key]) => key !== name));
    const response = await postTracked(t, subject.type.endpoint, body, { refusal: REFUSALS.missingRequiredValue });
    verify(response.status === 400, `${answered(response)} to a ${subject.type.name} POST without its required ${name}, expected 400 (RFC 7643 §2.2, RFC 7644 §3.12)`);
  }));
});
