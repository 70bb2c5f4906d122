/**
 * The oracle of resource representations (RFC 7643 §2–§3): what every User, Group or other resource a
 * service provider returns must look like, whichever request returned it — a read, a create, a list
 * page, a projection. It judges only what the schemas fix for every representation; what a particular
 * request should change is for the checks of that request.
 */
import type { Finding } from './finding.js';
import { COMMON_ATTRIBUTES } from './filter/resolver.js';
import { parseDateTime } from './filter/values.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { show } from './messages.js';
import { findSchema, type AttributeDefinition, type ResourceTypeDefinition, type SchemaDefinition } from './schema.js';

/** What the response that carried the representation says about it. */
export interface ResourceCircumstance {
  /** The Content-Location header of a response holding one resource. */
  contentLocation?: string;
}

/** Every way the representation breaks the rules every resource of its type follows; empty when it conforms. */
export function judgeResourceBody(
  body: JsonObject,
  type: ResourceTypeDefinition,
  schemas: readonly SchemaDefinition[],
  circumstance: ResourceCircumstance = {},
): Finding[] {
  const core = findSchema(schemas, type.schema);
  const extensions = (type.schemaExtensions ?? [])
    .map((extension) => findSchema(schemas, extension.schema))
    .filter((schema): schema is SchemaDefinition => schema !== undefined);
  const coreAttributes = [...COMMON_ATTRIBUTES, ...(core?.attributes ?? [])];
  const findings = [...idFindings(body), ...schemasFindings(body, type), ...unservedSchemaFindings(body, type, schemas)];
  findings.push(...attributeFindings(body, coreAttributes, ''));
  for (const extension of extensions) {
    const object = getMember(body, extension.id);
    if (isJsonObject(object)) findings.push(...attributeFindings(object, extension.attributes, `${extension.id}:`));
    findings.push(...misplacedExtensionFindings(body, extension, coreAttributes));
  }
  const location = getMember(isJsonObject(body.meta) ? body.meta : {}, 'location');
  // A meta.location left out (e.g. by attributes=userName) has nothing to disagree with.
  if (circumstance.contentLocation !== undefined && location !== undefined && circumstance.contentLocation !== location) {
    findings.push({
      requirement: 'C-3.1-8',
      level: 'MUST',
      message: `Content-Location ${circumstance.contentLocation} differs from meta.location ${show(location)}`,
    });
  }
  return findings;
}

function idFindings(body: JsonObject): Finding[] {
  const id = getMember(body, 'id');
  if (typeof id !== 'string' || id === '') {
    return [{ requirement: 'C-3.1-4', level: 'MUST', message: `id is ${show(id)}, expected a non-empty string` }];
  }
  // RFC 7643 §3.1 reserves the keyword for bulk references (RFC 7644 §3.7.2), so no id may hold it.
  return id.includes('bulkId') ? [{ requirement: 'C-3.1-7', level: 'MUST', message: `id ${show(id)} holds the reserved string "bulkId"` }] : [];
}

function schemasFindings(body: JsonObject, type: ResourceTypeDefinition): Finding[] {
  const schemas = getMember(body, 'schemas');
  const finding = (message: string): Finding => ({ requirement: 'C-3-4', level: 'MUST', message });
  if (!Array.isArray(schemas) || schemas.length === 0 || !schemas.every((uri) => typeof uri === 'string')) {
    return [finding(`schemas is ${show(schemas)}, expected a non-empty array of schema URIs`)];
  }
  const uris = schemas as string[];
  const findings: Finding[] = [];
  const lower = uris.map((uri) => uri.toLowerCase());
  const duplicates = uris.filter((_, i) => lower.indexOf(lower[i] ?? '') !== i);
  if (duplicates.length > 0) findings.push(finding(`schemas lists ${duplicates.map((uri) => `"${uri}"`).join(', ')} more than once`));
  if (!uris.some((uri) => sameUri(uri, type.schema))) findings.push(finding(`schemas lacks the ${type.name} schema "${type.schema}"`));
  const allowed = [type.schema, ...(type.schemaExtensions ?? []).map((extension) => extension.schema)];
  const foreign = uris.filter((uri) => !allowed.some((candidate) => sameUri(candidate, uri)));
  if (foreign.length > 0) {
    findings.push(finding(`schemas lists ${foreign.map((uri) => `"${uri}"`).join(', ')}, which is neither the ${type.name} schema nor one of its extensions`));
  }
  for (const extension of type.schemaExtensions ?? []) {
    if (getMember(body, extension.schema) !== undefined && !uris.some((uri) => sameUri(uri, extension.schema))) {
      findings.push(finding(`the body holds the extension "${extension.schema}" but schemas does not list it`));
    }
  }
  return findings;
}

/**
 * Every URI in schemas names a schema /Schemas serves (RFC 7643 §7). One the type does not advertise is
 * schemasFindings'; here, the core schema or an extension the type lists that /Schemas lacks.
 */
function unservedSchemaFindings(body: JsonObject, type: ResourceTypeDefinition, schemas: readonly SchemaDefinition[]): Finding[] {
  const listed = getMember(body, 'schemas');
  const advertised = [type.schema, ...(type.schemaExtensions ?? []).map((extension) => extension.schema)];
  const unserved = (Array.isArray(listed) ? listed : []).filter(
    (uri): uri is string => typeof uri === 'string' && advertised.some((candidate) => sameUri(candidate, uri)) && findSchema(schemas, uri) === undefined,
  );
  return unserved.length === 0 ? [] : [{ requirement: 'C-7-1', level: 'MUST', message: `schemas lists ${unserved.map((uri) => `"${uri}"`).join(', ')}, which /Schemas does not serve` }];
}

/** dateTime values (RFC 7643 §2.3.5) and at most one primary value (§2.4), for the attributes the schema defines. */
function attributeFindings(object: JsonObject, attributes: readonly AttributeDefinition[], prefix: string): Finding[] {
  const findings: Finding[] = [];
  for (const attribute of attributes) {
    const value = getMember(object, attribute.name);
    if (value === undefined || value === null) continue;
    const name = `${prefix}${attribute.name}`;
    const values: JsonValue[] = attribute.multiValued && Array.isArray(value) ? value : [value];
    if (attribute.type === 'dateTime') {
      for (const item of values) {
        if (typeof item !== 'string' || parseDateTime(item) === undefined) {
          findings.push({ requirement: 'C-2.3.5-1', level: 'MUST', message: `${name} is ${show(item)}, not an xsd:dateTime with date and time` });
        }
      }
    }
    if (attribute.type !== 'complex') continue;
    if (attribute.multiValued) {
      const primaries = values.filter((item) => isJsonObject(item) && getMember(item, 'primary') === true).length;
      if (primaries > 1) {
        findings.push({ requirement: 'C-2.4-1', level: 'MUST', message: `${name} has ${primaries} values with primary true, at most one may be` });
      }
    }
    for (const item of values) {
      if (isJsonObject(item)) findings.push(...attributeFindings(item, attribute.subAttributes ?? [], `${name}.`));
    }
  }
  return findings;
}

/** An extension's attributes belong in the object keyed by its URN (RFC 7643 §3.3), not beside the core ones. */
function misplacedExtensionFindings(body: JsonObject, extension: SchemaDefinition, coreAttributes: readonly AttributeDefinition[]): Finding[] {
  const coreNames = new Set(coreAttributes.map((attribute) => attribute.name.toLowerCase()));
  return extension.attributes
    .filter((attribute) => !coreNames.has(attribute.name.toLowerCase()) && getMember(body, attribute.name) !== undefined)
    .map((attribute) => ({
      requirement: 'C-3.3-1',
      level: 'MUST',
      message: `the extension attribute ${attribute.name} is a top-level member instead of a member of "${extension.id}"`,
    }));
}

function sameUri(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
