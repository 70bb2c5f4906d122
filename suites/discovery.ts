/**
 * Discovery (RFC 7644 §4, RFC 7643 §§5–7): the three discovery endpoints answer the documents the RFC
 * defines, and they agree with each other.
 */
import { beforeAll } from 'vitest';
import { listResources } from '../src/discovery/discover.js';
import { PROBE_QUERY, readEndpoint } from '../src/discovery/endpoints.js';
import type { ScimResponse } from '../src/http/client.js';
import { answered, answeredWithDetail, verify } from '../src/runner/failure.js';
import { filterProbe, isDeclinedFilter, servesFilter } from '../src/runner/filter-support.js';
import { isServedAnswer } from '../src/runner/served-types.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../src/scim/json.js';
import { isListBody, isNonNegativeInteger, schemasOf, show, stringMember } from '../src/scim/messages.js';
import { ATTRIBUTE_DEFAULTS, ATTRIBUTE_TYPES, MUTABILITIES, RETURNED_VALUES, UNIQUENESS_VALUES, type AttributeDefinition } from '../src/scim/schema.js';
import { API_MESSAGE_PREFIX, URN } from '../src/scim/urns.js';

const suite = useScim();
let spc: ScimResponse;
let schemas: ScimResponse;
let resourceTypes: ScimResponse;

beforeAll(async () => {
  [spc, schemas, resourceTypes] = await Promise.all([
    suite.client.get('/ServiceProviderConfig'),
    suite.client.get('/Schemas'),
    suite.client.get('/ResourceTypes'),
  ]);
});

/** A URI as RFC 3986 spells the scheme: the ids of schemas are URNs or URLs. */
const URI = /^[a-z][a-z0-9+.-]*:\S+$/i;
/** RFC 7643 §2.1 ATTRNAME; `$ref` is exempt because the RFC's own schemas use it. */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9$_-]*$/;

/** The body of a 200 answer that must be a JSON object. */
function okObject(response: ScimResponse): JsonObject {
  verify(response.status === 200, `${answered(response)}, expected 200`);
  verify(isJsonObject(response.json), `${answered(response)} with a body that is not a JSON object`);
  return response.json;
}

function verifyListResponse(response: ScimResponse): JsonObject[] {
  const body = okObject(response);
  verify(
    schemasOf(body).includes(URN.listResponse),
    `${answered(response)} with schemas ${show(getMember(body, 'schemas'))}, expected the ListResponse URN`,
  );
  const resources = getMember(body, 'Resources');
  verify(Array.isArray(resources) && resources.length > 0, `${answered(response)} with Resources ${show(resources)}, expected a non-empty array`);
  return listResources(body);
}

function problemsIn(problems: string[], response: ScimResponse): void {
  verify(problems.length === 0, `${answered(response)}: ${problems.join('; ')}`);
}

suite.check('discovery.spc-schema', async (t) => {
  t.attach(spc);
  const body = okObject(spc);
  verify(getMember(body, 'Resources') === undefined, `${answered(spc)} with a ListResponse, expected a single object`);
  verify(
    schemasOf(body).includes(URN.serviceProviderConfig),
    `${answered(spc)} with schemas ${show(getMember(body, 'schemas'))}, expected it to hold ${URN.serviceProviderConfig}`,
  );
});

suite.check('discovery.spc-members', async (t) => {
  t.attach(spc);
  const body = okObject(spc);
  const problems: string[] = [];
  const feature = (name: string): JsonObject | undefined => {
    const value = getMember(body, name);
    if (!isJsonObject(value)) problems.push(`${name} is ${show(value)}, expected an object`);
    else if (typeof getMember(value, 'supported') !== 'boolean') {
      problems.push(`${name}.supported is ${show(getMember(value, 'supported'))}, expected true or false`);
    }
    return isJsonObject(value) ? value : undefined;
  };
  const integer = (object: JsonObject | undefined, owner: string, name: string): void => {
    if (object !== undefined && !isNonNegativeInteger(getMember(object, name))) {
      problems.push(`${owner}.${name} is ${show(getMember(object, name))}, expected an integer`);
    }
  };
  for (const name of ['patch', 'changePassword', 'sort', 'etag']) feature(name);
  const bulk = feature('bulk');
  integer(bulk, 'bulk', 'maxOperations');
  integer(bulk, 'bulk', 'maxPayloadSize');
  integer(feature('filter'), 'filter', 'maxResults');
  const schemes = getMember(body, 'authenticationSchemes');
  if (!Array.isArray(schemes) || schemes.length === 0) {
    problems.push(`authenticationSchemes is ${show(schemes)}, expected a non-empty array`);
  } else {
    schemes.forEach((scheme, index) => {
      for (const member of ['type', 'name', 'description']) {
        if (stringMember(scheme, member) === undefined) problems.push(`authenticationSchemes[${index}].${member} is missing or not a string`);
      }
    });
  }
  problemsIn(problems, spc);
});

suite.check('discovery.schemas-list', async (t) => {
  t.attach(schemas);
  const problems: string[] = [];
  for (const schema of verifyListResponse(schemas)) {
    const id = stringMember(schema, 'id');
    if (id === undefined || !URI.test(id)) problems.push(`a schema has id ${show(getMember(schema, 'id'))}, expected a URI`);
    if (!schemasOf(schema).includes(URN.schema)) problems.push(`schema ${id ?? '(no id)'} lacks ${URN.schema} in its schemas`);
  }
  problemsIn(problems, schemas);
});

suite.check('discovery.schemas-no-api-messages', async (t) => {
  t.attach(schemas);
  const listed = listResources(schemas.json)
    .map((schema) => stringMember(schema, 'id'))
    .filter((id): id is string => id?.startsWith(API_MESSAGE_PREFIX) === true);
  verify(listed.length === 0, `${answered(schemas)} listing protocol message schemas: ${listed.join(', ')}`);
  const direct = await t.client.get(`/Schemas/${URN.listResponse}`);
  verify(direct.status === 404, `${answered(direct)}, expected 404: protocol message schemas are not discoverable`);
});

suite.check('discovery.schema-by-id', async (t) => {
  t.attach(schemas);
  const ids = listResources(schemas.json).flatMap((schema) => stringMember(schema, 'id') ?? []);
  verify(ids.length > 0, `${answered(schemas)} with no schema to look up`);
  for (const id of ids) {
    const response = await t.client.get(`/Schemas/${id}`);
    const body = okObject(response);
    // A list answered for one schema is a different fault from a wrong id, and says so.
    verify(
      !schemasOf(body).includes(URN.listResponse),
      `${answered(response)} with a ListResponse of ${show(getMember(body, 'totalResults'))} schemas, expected the one schema "${id}" as a single resource`,
    );
    verify(stringMember(body, 'id') === id, `${answered(response)} with id ${show(getMember(body, 'id'))}, expected "${id}"`);
  }
});

/**
 * Problems of one attribute definition. `nestedComplexAllowed`: RFC 7643 §7 defines the Schema resource
 * itself with complex sub-attributes (attributes.subAttributes), the one exception to §2.3.8.
 */
function attributeProblems(attribute: JsonValue, where: string, parentType: string | undefined, nestedComplexAllowed: boolean): string[] {
  if (!isJsonObject(attribute)) return [`${where} is not an object`];
  const name = stringMember(attribute, 'name');
  const at = `${where} (${name ?? 'no name'})`;
  const problems: string[] = [];
  if (name === undefined) problems.push(`${at} has no name`);
  else if (name !== '$ref' && !ATTRIBUTE_NAME.test(name)) problems.push(`${at} is not a valid attribute name`);
  const type = getMember(attribute, 'type');
  if (!ATTRIBUTE_TYPES.some((known) => known === type)) problems.push(`${at} has type ${show(type)}, expected one of ${ATTRIBUTE_TYPES.join(', ')}`);
  if (typeof getMember(attribute, 'multiValued') !== 'boolean') problems.push(`${at} has multiValued ${show(getMember(attribute, 'multiValued'))}, expected a boolean`);
  const enumerated: Array<[string, readonly string[]]> = [['mutability', MUTABILITIES], ['returned', RETURNED_VALUES], ['uniqueness', UNIQUENESS_VALUES]];
  for (const [characteristic, allowed] of enumerated) {
    const value = getMember(attribute, characteristic);
    if (value !== undefined && !allowed.some((known) => known === value)) problems.push(`${at} has ${characteristic} ${show(value)}`);
  }
  const referenceTypes = getMember(attribute, 'referenceTypes');
  if (referenceTypes !== undefined && (type !== 'reference' || !Array.isArray(referenceTypes))) {
    problems.push(`${at} has referenceTypes but is not an array-carrying reference attribute`);
  }
  const subAttributes = getMember(attribute, 'subAttributes');
  if (subAttributes !== undefined && type !== 'complex') problems.push(`${at} is ${show(type)} yet has subAttributes`);
  if (type === 'complex' && parentType === 'complex' && !nestedComplexAllowed) problems.push(`${at} is a complex sub-attribute of a complex attribute`);
  if (Array.isArray(subAttributes)) {
    subAttributes.forEach((sub, index) =>
      problems.push(...attributeProblems(sub, `${where}.subAttributes[${index}]`, typeof type === 'string' ? type : undefined, nestedComplexAllowed)),
    );
  }
  return problems;
}

suite.check('discovery.schema-attributes', async (t) => {
  t.attach(schemas);
  const listed = listResources(schemas.json);
  verify(listed.length > 0, `${answered(schemas)} with no schema to inspect`);
  const problems = listed.flatMap((schema) => {
    const attributes = getMember(schema, 'attributes');
    const id = stringMember(schema, 'id') ?? '(no id)';
    if (!Array.isArray(attributes)) return [`schema ${id} has attributes ${show(attributes)}, expected an array`];
    return attributes.flatMap((attribute, index) => attributeProblems(attribute, `${id} attributes[${index}]`, undefined, id === URN.schema));
  });
  problemsIn(problems, schemas);
});

suite.check('discovery.complex-sub-attributes', async (t) => {
  t.attach(schemas);
  const listed = listResources(schemas.json);
  if (listed.length === 0) t.skip(`${answered(schemas)} with no schema to inspect; discovery.schemas-list judges that`);
  const bare = listed.flatMap((schema) => {
    const attributes = getMember(schema, 'attributes');
    const id = stringMember(schema, 'id') ?? '(no id)';
    return (Array.isArray(attributes) ? attributes : []).flatMap((attribute) => {
      if (!isJsonObject(attribute) || getMember(attribute, 'type') !== 'complex') return [];
      const subAttributes = getMember(attribute, 'subAttributes');
      return Array.isArray(subAttributes) && subAttributes.length > 0 ? [] : [`${id}:${stringMember(attribute, 'name') ?? '(no name)'} (subAttributes ${show(subAttributes)})`];
    });
  });
  verify(
    bare.length === 0,
    `${answered(schemas)} with complex attributes that list no sub-attributes: ${bare.join(', ')}; RFC 7643 §7 says a complex attribute's definition should give them, so a client knows what it holds`,
  );
});

type Characteristics = Required<Pick<AttributeDefinition, keyof typeof ATTRIBUTE_DEFAULTS>>;
const DEFAULTS: Characteristics = ATTRIBUTE_DEFAULTS;

/** A characteristic of an attribute, or its default when the definition leaves it out (RFC 7643 §2.2). */
function characteristic<K extends keyof Characteristics>(attribute: AttributeDefinition, name: K): Characteristics[K] {
  const given: Partial<Characteristics> = attribute;
  return given[name] ?? DEFAULTS[name];
}

/**
 * What RFC 7643 fixes in prose about the core attributes, whatever §8.7.1's table (which a service may
 * change) says: each rule applies when the schema lists the attribute. The common attributes (§3.1) are
 * judged too when a schema lists them.
 */
type CoreRule = (attribute: AttributeDefinition) => string | undefined;
const fixed = <K extends keyof Characteristics>(name: K, allowed: ReadonlyArray<Characteristics[K]>, section: string): CoreRule => (attribute) => {
  const value = characteristic(attribute, name);
  return allowed.includes(value) ? undefined : `${name} ${show(value)}${attribute[name] === undefined ? ' (by default)' : ''}, where RFC 7643 ${section} makes it ${allowed.map((v) => show(v)).join(' or ')}`;
};
const COMMON_RULES: Record<string, CoreRule[]> = {
  id: [fixed('caseExact', [true], '§3.1'), fixed('mutability', ['readOnly'], '§3.1'), fixed('returned', ['always'], '§3.1')],
  externalId: [fixed('caseExact', [true], '§3.1')],
};
const CORE_RULES: Record<string, Record<string, CoreRule[]>> = {
  [URN.user]: {
    ...COMMON_RULES,
    userName: [fixed('required', [true], '§4.1.1'), fixed('caseExact', [false], '§4.1.1'), fixed('uniqueness', ['server', 'global'], '§4.1.1')],
    password: [fixed('mutability', ['writeOnly'], '§4.1.1'), fixed('returned', ['never'], '§4.1.1')],
    groups: [fixed('mutability', ['readOnly'], '§4.1.2')],
  },
  [URN.group]: {
    ...COMMON_RULES,
    displayName: [fixed('required', [true], '§4.2')],
    members: [(attribute) => {
      const mutable = (attribute.subAttributes ?? []).filter((sub) => !['immutable', 'readOnly'].includes(characteristic(sub, 'mutability')));
      return mutable.length === 0 ? undefined : `sub-attributes ${mutable.map((sub) => `${sub.name} (${characteristic(sub, 'mutability')})`).join(', ')}, where RFC 7643 §4.2 makes the sub-attributes of members immutable`;
    }],
  },
};

suite.check('discovery.core-schema-characteristics', async (t) => {
  const judged = Object.entries(CORE_RULES).flatMap(([urn, rules]) => {
    const schema = t.schema(urn);
    return schema === undefined ? [] : [{ schema, rules }];
  });
  if (judged.length === 0) t.skip('/Schemas publishes neither the User nor the Group core schema');
  t.attach(schemas);
  const problems = judged.flatMap(({ schema, rules }) =>
    Object.entries(rules).flatMap(([name, checks]) => {
      const attribute = schema.attributes.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      if (attribute === undefined) return [];
      return checks.flatMap((check) => check(attribute) ?? []).map((problem) => `${schema.id}:${attribute.name} has ${problem}`);
    }),
  );
  verify(problems.length === 0, `/Schemas advertises ${problems.join('; ')}`);
});

suite.check('discovery.resource-types-list', async (t) => {
  t.attach(resourceTypes);
  const problems: string[] = [];
  for (const resourceType of verifyListResponse(resourceTypes)) {
    const name = stringMember(resourceType, 'name');
    const label = `resource type ${name ?? '(no name)'}`;
    if (!schemasOf(resourceType).includes(URN.resourceType)) problems.push(`${label} lacks ${URN.resourceType} in its schemas`);
    if (!name) problems.push(`${label} has no name`);
    if (!stringMember(resourceType, 'endpoint')) problems.push(`${label} has no endpoint`);
    if (!stringMember(resourceType, 'schema')) problems.push(`${label} has no schema`);
  }
  problemsIn(problems, resourceTypes);
});

/** How an advertised endpoint departs from one relative to the base URL, with the answer that shows it. */
async function endpointDeviation(t: CheckContext, advertised: string): Promise<string> {
  const reading = readEndpoint(advertised, t.client.baseUrl);
  if (reading.form === 'base-path') {
    const literal = await t.client.get(reading.literal, PROBE_QUERY);
    return `which repeats the base URL's path (${answered(literal)})`;
  }
  return reading.form === 'absolute' ? 'an absolute URL' : 'an absolute URL outside the base URL, to which nothing is sent';
}

suite.check('discovery.resource-type-endpoint-relative', async (t) => {
  t.attach(resourceTypes);
  const problems: string[] = [];
  for (const type of t.capabilities.resourceTypes) {
    if (type.advertisedEndpoint === undefined) continue;
    const deviation = await endpointDeviation(t, type.advertisedEndpoint);
    problems.push(`resource type ${type.name} has endpoint ${show(type.advertisedEndpoint)}, ${deviation}; the checks address it at ${type.endpoint}`);
  }
  verify(problems.length === 0, `${answered(resourceTypes)}: ${problems.join('; ')}. RFC 7643 §6 makes an endpoint relative to the base URL, e.g. "/Users"`);
});

suite.check('discovery.resource-type-by-name', async (t) => {
  t.attach(resourceTypes);
  const names = listResources(resourceTypes.json).flatMap((resourceType) => stringMember(resourceType, 'name') ?? []);
  verify(names.length > 0, `${answered(resourceTypes)} with no resource type to look up`);
  for (const name of names) {
    const response = await t.client.get(`/ResourceTypes/${encodeURIComponent(name)}`);
    const body = okObject(response);
    verify(getMember(body, 'Resources') === undefined, `${answered(response)} with a ListResponse, expected the resource type itself`);
    verify(stringMember(body, 'name') === name, `${answered(response)} with name ${show(getMember(body, 'name'))}, expected "${name}"`);
  }
});

suite.check('discovery.resource-type-schemas-resolve', async (t) => {
  t.attach(resourceTypes);
  const listed = listResources(resourceTypes.json);
  verify(listed.length > 0, `${answered(resourceTypes)} with no resource type to resolve`);
  for (const resourceType of listed) {
    const name = stringMember(resourceType, 'name') ?? '(no name)';
    const extensions = getMember(resourceType, 'schemaExtensions') ?? [];
    verify(Array.isArray(extensions), `resource type ${name} has schemaExtensions ${show(extensions)}, expected an array`);
    const uris = [stringMember(resourceType, 'schema')];
    for (const extension of extensions) {
      verify(typeof getMember(isJsonObject(extension) ? extension : {}, 'required') === 'boolean',
        `resource type ${name} has a schema extension without a boolean required: ${show(extension)}`);
      uris.push(stringMember(extension, 'schema'));
    }
    for (const uri of uris) {
      verify(uri !== undefined, `resource type ${name} names a schema without a URI`);
      const response = await t.client.get(`/Schemas/${uri}`);
      verify(response.status === 200 && stringMember(response.json, 'id') === uri,
        `resource type ${name} names schema ${uri}, but ${answered(response)}${response.status === 200 ? ' with another id' : ''}`);
    }
  }
});

function idsOf(response: ScimResponse): string[] {
  return listResources(response.json).map((resource) => stringMember(resource, 'id') ?? stringMember(resource, 'name') ?? '').sort();
}

suite.check('discovery.query-parameters-ignored', async (t) => {
  const window = { startIndex: 2, count: 1, sortBy: 'id', sortOrder: 'descending' };
  for (const [path, full] of [['/Schemas', schemas], ['/ResourceTypes', resourceTypes]] as const) {
    t.attach(full);
    const windowed = await t.client.get(path, window);
    verify(windowed.status === 200, `${answered(windowed)}, expected 200 with the parameters ignored`);
    const expected = idsOf(full);
    const got = idsOf(windowed);
    verify(
      JSON.stringify(got) === JSON.stringify(expected),
      `${answered(windowed)} with ${got.length} resources (${got.join(', ')}), expected the full set of ${expected.length} (${expected.join(', ')})`,
    );
  }
});

suite.check('discovery.resource-types-served', async (t) => {
  // The unserved types were left out of every other check's capabilities; each is asked again here.
  const advertised = [...suite.capabilities.resourceTypes, ...suite.unservedTypes];
  const answers = await Promise.all(advertised.map(async (type) => ({ type, response: await t.client.get(type.endpoint, PROBE_QUERY) })));
  const unserved = answers.filter(({ response }) => !isServedAnswer(response));
  verify(
    unserved.length === 0,
    `${unserved.map(({ type, response }) => `${answeredWithDetail(response)} for the advertised ${type.name} type`).join('; ')}: ` +
      'an advertised endpoint must answer a list request (RFC 7644 §3.2); the other checks leave a type whose endpoint is not there out',
  );
  // A 200 shows the endpoint is there only with a list in it: any other body (an empty object) is the list
  // checks' finding and shows nothing of the endpoint.
  const unlisted = answers.filter(({ response }) => response.status === 200 && !isListBody(response.json));
  if (unlisted.length > 0) {
    t.skip(`${unlisted.map(({ type, response }) => `${answered(response)} without a list for the advertised ${type.name} type`).join('; ')}: whether the endpoint is served is not shown`);
  }
});

suite.check('discovery.spc-filter-matches', async (t) => {
  const filterFeature = spc.status === 200 && isJsonObject(spc.json) ? getMember(spc.json, 'filter') : undefined;
  const supported = isJsonObject(filterFeature) ? getMember(filterFeature, 'supported') : undefined;
  const advertised = typeof supported === 'boolean' ? supported : t.skip(`${answered(spc)} without a boolean filter.supported; discovery.spc-members judges that`);
  const userType = suite.capabilities.resourceTypes.find((type) => type.schema.toLowerCase() === URN.user.toLowerCase()) ?? t.skip('the target serves no resource type with the User schema to filter');
  t.attach(spc);
  const probe = filterProbe(suite.runPrefix);
  const response = await t.client.get(userType.endpoint, probe);
  if (isDeclinedFilter(response)) {
    verify(!advertised, `${answeredWithDetail(response)} to ${probe.filter}, although /ServiceProviderConfig advertises filter.supported true`);
  } else if (servesFilter(response)) {
    verify(
      advertised,
      `${answered(response)} to ${probe.filter}, although /ServiceProviderConfig advertises filter.supported false: ` +
        'clients that trust it never filter; the query checks ran as for a target that advertises it',
    );
  } else {
    // A 404 for no match, a 5xx, a 200 without a list: the list and error checks judge those; they show no
    // capability either way.
    t.skip(`${answered(response)} to ${probe.filter}: neither a list nor a refusal of the filter, so it shows nothing of what the target supports`);
  }
});

suite.check('discovery.filter-forbidden', async (t) => {
  for (const [path, filter] of [['/Schemas', `id eq "${URN.user}"`], ['/ResourceTypes', 'name eq "User"']] as const) {
    const response = await t.client.get(path, { filter });
    verify(response.status === 403, `${answered(response)} to a filter on ${path}, expected 403 Forbidden`);
  }
});
