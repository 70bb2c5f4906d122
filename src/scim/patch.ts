/**
 * The harness's model of PATCH (RFC 7644 §3.5.2): applies a list of operations to a resource as a
 * client sees it and says what the server must then hold, which error the request must get, or that
 * the RFC leaves the outcome open. It is pure and knows only the schemas; the checks compare a
 * server's answers with it.
 *
 * Outcomes the RFC does not fix are `PatchOutcomeOpen`, never a guess: a sub-attribute of a
 * multi-valued attribute without a value filter, `add` through a value filter, `replace` of whole
 * values through a value filter, `remove` with a `value`, a value filter that matches nothing on
 * `remove`, a result that holds the same value twice or two primary values.
 */
import { parsePatchPath, type AttributePath, type Filter, type PatchPath } from './filter/index.js';
import { createAttributeResolver, type AttributeResolver } from './filter/resolver.js';
import { matchesFilter } from './filter/evaluator.js';
import { FilterSyntaxError, PathSyntaxError } from './filter/parser.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { AttributeDefinition, SchemaDefinition } from './schema.js';

export type PatchOperationName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  op: PatchOperationName;
  path?: string;
  value?: JsonValue;
}

/** The error the request must get: 400 with this scimType (RFC 7644 Table 9). */
export class PatchModelError extends Error {
  override readonly name = 'PatchModelError';
  constructor(
    readonly scimType: 'invalidPath' | 'invalidFilter' | 'noTarget' | 'mutability' | 'invalidValue',
    message: string,
  ) {
    super(message);
  }
}

/** The RFC allows more than one result for these operations on this resource. */
export class PatchOutcomeOpen extends Error {
  override readonly name = 'PatchOutcomeOpen';
}

/** What the model needs of a resource type: its schemas, resolved case-insensitively. */
export interface PatchSchema {
  resolve: AttributeResolver;
  extensions: readonly SchemaDefinition[];
}

export function patchSchema(core: SchemaDefinition, extensions: readonly SchemaDefinition[]): PatchSchema {
  return { resolve: createAttributeResolver(core, [...extensions]), extensions };
}

interface Target {
  /** The extension URN whose member holds the attribute, or undefined for the core schema. */
  extension: string | undefined;
  definition: AttributeDefinition;
  /** The attribute's path without filter or sub-attribute, for evaluating a value filter. */
  path: AttributePath;
  subAttribute: AttributeDefinition | undefined;
  filter: Filter | undefined;
  text: string;
  resolve: AttributeResolver;
}

/** The resource after the operations, applied in order to a copy (RFC 7644 §3.5.2); throws PatchModelError or PatchOutcomeOpen. */
export function applyPatchModel(schema: PatchSchema, resource: JsonObject, operations: readonly PatchOperation[]): JsonObject {
  const state = structuredClone(resource);
  for (const operation of operations) applyOperation(schema, state, operation);
  return state;
}

function applyOperation(schema: PatchSchema, state: JsonObject, operation: PatchOperation): void {
  const { op, path, value } = operation;
  if (op === 'remove') {
    if (path === undefined) throw new PatchModelError('noTarget', 'remove needs a path (§3.5.2.2)');
    if (value !== undefined) throw new PatchOutcomeOpen('remove with a value');
    const extension = extensionNamed(schema, path);
    if (extension !== undefined) throw new PatchOutcomeOpen('remove of a whole extension');
    remove(state, target(schema, path));
    return;
  }
  if (value === undefined) throw new PatchModelError('invalidValue', `${op} needs a value (§3.5.2.1)`);
  if (path === undefined) {
    if (!isJsonObject(value)) throw new PatchModelError('invalidValue', `${op} without a path takes an object (§3.5.2.1)`);
    for (const [name, member] of Object.entries(value)) writeMember(schema, state, op, name, member);
    return;
  }
  const extension = extensionNamed(schema, path);
  if (extension !== undefined) {
    if (!isJsonObject(value)) throw new PatchModelError('invalidValue', `${path} takes an object of its attributes`);
    for (const [name, member] of Object.entries(value)) write(state, op, target(schema, `${extension.id}:${name}`), member);
    return;
  }
  write(state, op, target(schema, path), value);
}

/** A member of a path-less add/replace: an attribute name, URN-qualified or not, or an extension URN with its attributes. */
function writeMember(schema: PatchSchema, state: JsonObject, op: 'add' | 'replace', name: string, value: JsonValue): void {
  if (name.toLowerCase() === 'schemas') throw new PatchOutcomeOpen('writing schemas');
  const extension = extensionNamed(schema, name);
  if (extension === undefined) {
    write(state, op, target(schema, name), value);
    return;
  }
  if (!isJsonObject(value)) throw new PatchModelError('invalidValue', `${name} takes an object of its attributes`);
  for (const [member, memberValue] of Object.entries(value)) write(state, op, target(schema, `${extension.id}:${member}`), memberValue);
}

function extensionNamed(schema: PatchSchema, text: string): SchemaDefinition | undefined {
  return schema.extensions.find((extension) => extension.id.toLowerCase() === text.toLowerCase());
}

function target(schema: PatchSchema, text: string): Target {
  let parsed: PatchPath;
  try {
    parsed = parsePatchPath(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new PatchModelError('invalidFilter', `${text}: ${error.message}`);
    if (error instanceof PathSyntaxError) throw new PatchModelError('invalidPath', `${text}: ${error.message}`);
    throw error;
  }
  const path: AttributePath = parsed.path.schema === undefined ? { attribute: parsed.path.attribute } : { schema: parsed.path.schema, attribute: parsed.path.attribute };
  const definition = schema.resolve(path);
  if (definition === undefined) throw new PatchModelError('invalidPath', `${text} names no attribute (Table 9)`);
  const subName = parsed.kind === 'attribute' ? parsed.path.subAttribute : parsed.subAttribute;
  const subAttribute = subName === undefined ? undefined : findDefinition(definition.subAttributes ?? [], subName);
  if (subName !== undefined && subAttribute === undefined) throw new PatchModelError('invalidPath', `${text}: ${definition.name} has no sub-attribute ${subName}`);
  const filter = parsed.kind === 'valuePath' ? parsed.filter : undefined;
  if (filter !== undefined && !(definition.multiValued && definition.type === 'complex')) {
    throw new PatchModelError('invalidPath', `${text}: a value filter selects values of a multi-valued complex attribute`);
  }
  return { extension: schema.resolve.extensionOf?.(path), definition, path, subAttribute, filter, text, resolve: schema.resolve };
}

function findDefinition(definitions: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  return definitions.find((definition) => definition.name.toLowerCase() === name.toLowerCase());
}

function containerOf(state: JsonObject, target: Target, create: boolean): JsonObject | undefined {
  if (target.extension === undefined) return state;
  const key = Object.keys(state).find((name) => name.toLowerCase() === target.extension?.toLowerCase());
  const existing = key === undefined ? undefined : state[key];
  if (isJsonObject(existing)) return existing;
  if (!create) return undefined;
  const created: JsonObject = {};
  state[target.extension] = created;
  const schemas = getMember(state, 'schemas');
  // Adding an extension's attribute adds its URN to `schemas` (§3.5.2).
  if (Array.isArray(schemas) && !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === target.extension?.toLowerCase())) {
    schemas.push(target.extension);
  }
  return created;
}

/** The key under which `container` holds `name` (case-insensitive), or the definition's name when absent. */
function keyOf(container: JsonObject, name: string): string {
  return Object.keys(container).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
}

function read(state: JsonObject, target: Target): JsonValue | undefined {
  const container = containerOf(state, target, false);
  return container === undefined ? undefined : getMember(container, target.definition.name);
}

function store(state: JsonObject, target: Target, value: JsonValue | undefined): void {
  const container = containerOf(state, target, value !== undefined);
  if (container === undefined) return;
  const key = keyOf(container, target.definition.name);
  if (value === undefined) delete container[key];
  else container[key] = value;
}

function checkWritable(definition: AttributeDefinition, before: JsonValue | undefined, text: string): void {
  const mutability = definition.mutability ?? 'readWrite';
  if (mutability === 'readOnly') throw new PatchModelError('mutability', `${text} is readOnly (§3.5.2)`);
  if (mutability === 'immutable' && before !== undefined) throw new PatchOutcomeOpen(`${text} is immutable and has a value`);
}

function write(state: JsonObject, op: 'add' | 'replace', target: Target, value: JsonValue): void {
  const { definition, subAttribute, filter } = target;
  const existing = read(state, target);
  checkWritable(definition, existing, target.text);
  if (subAttribute !== undefined) checkWritable(subAttribute, undefined, target.text);
  if (value === null || (Array.isArray(value) && value.length === 0)) throw new PatchOutcomeOpen(`${op} of an empty value`);
  if (filter !== undefined) {
    if (op === 'add' || subAttribute === undefined) throw new PatchOutcomeOpen(`${op} through a value filter${subAttribute === undefined ? ' without a sub-attribute' : ''}`);
    const values = Array.isArray(existing) ? existing : [];
    const matched = values.filter((element) => matchesElement(target, element));
    // §3.5.2.3: a value filter that matches nothing is an error.
    if (matched.length === 0) throw new PatchModelError('noTarget', `${target.text} matches no value (§3.5.2.3)`);
    const touched: JsonValue[] = [];
    const updated = values.map((element) => {
      if (!matched.includes(element) || !isJsonObject(element)) return element;
      const changed = setMember(element, subAttribute.name, value);
      touched.push(changed);
      return changed;
    });
    storeMultiValued(state, target, updated, touched);
    return;
  }
  if (subAttribute !== undefined) {
    if (definition.multiValued) throw new PatchOutcomeOpen(`${target.text}: a sub-attribute of every value`);
    store(state, target, setMember(isJsonObject(existing) ? existing : {}, subAttribute.name, value));
    return;
  }
  if (definition.multiValued) {
    const incoming = Array.isArray(value) ? value : [value];
    if (op === 'replace') {
      storeMultiValued(state, target, incoming, incoming);
      return;
    }
    const current = Array.isArray(existing) ? existing : [];
    // Adding a value that is already there changes nothing (§3.5.2.1).
    const fresh = incoming.filter((item) => !current.some((present) => comparableValue(present) === comparableValue(item)));
    storeMultiValued(state, target, [...current, ...fresh], fresh);
    return;
  }
  if (definition.type === 'complex' && isJsonObject(value)) {
    // Both add and replace set the given sub-attributes and keep the others (§3.5.2.1, §3.5.2.3).
    let merged = isJsonObject(existing) ? existing : {};
    for (const [name, subValue] of Object.entries(value)) merged = setMember(merged, name, subValue);
    store(state, target, merged);
    return;
  }
  store(state, target, value);
}

function setMember(object: JsonObject, name: string, value: JsonValue): JsonObject {
  return { ...Object.fromEntries(Object.entries(object).filter(([key]) => key.toLowerCase() !== name.toLowerCase())), [name]: value };
}

function matchesElement(target: Target, element: JsonValue): boolean {
  if (!isJsonObject(element) || target.filter === undefined) return false;
  // The filter is evaluated on a resource that holds just this value.
  const { definition, extension, path, filter } = target;
  const probe: JsonObject = extension === undefined ? { [definition.name]: [element] } : { [extension]: { [definition.name]: [element] } };
  return matchesFilter({ kind: 'valuePath', path, filter }, probe, target.resolve);
}

/**
 * Stores the values of a multi-valued attribute. A touched value that is primary makes every other
 * value non-primary (§3.5.2); results the RFC does not settle are PatchOutcomeOpen.
 */
function storeMultiValued(state: JsonObject, target: Target, values: readonly JsonValue[], touched: readonly JsonValue[]): void {
  const isPrimary = (value: JsonValue): boolean => isJsonObject(value) && getMember(value, 'primary') === true;
  const newPrimaries = touched.filter(isPrimary);
  if (newPrimaries.length > 1) throw new PatchOutcomeOpen(`${target.text}: more than one value made primary`);
  const result = newPrimaries.length === 0 ? [...values] : values.map((value) => (isPrimary(value) && !touched.includes(value) && isJsonObject(value) ? setMember(value, 'primary', false) : value));
  const seen = new Set(result.map(comparableValue));
  if (seen.size < result.length) throw new PatchOutcomeOpen(`${target.text}: the same value twice`);
  if (result.filter(isPrimary).length > 1) throw new PatchOutcomeOpen(`${target.text}: two primary values`);
  store(state, target, result.length === 0 ? undefined : result);
}

function remove(state: JsonObject, target: Target): void {
  const { definition, subAttribute, filter } = target;
  const mutability = definition.mutability ?? 'readWrite';
  if (mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') throw new PatchModelError('mutability', `${target.text} is readOnly (§3.5.2.2)`);
  const existing = read(state, target);
  if (mutability === 'immutable' && existing !== undefined) throw new PatchOutcomeOpen(`${target.text} is immutable`);
  if (filter === undefined && subAttribute === undefined) {
    if (definition.required === true) throw new PatchModelError('mutability', `${target.text} is required (§3.5.2.2)`);
    store(state, target, undefined);
    return;
  }
  if (filter === undefined && subAttribute !== undefined) {
    if (definition.multiValued) throw new PatchOutcomeOpen(`${target.text}: a sub-attribute of every value`);
    if (subAttribute.required === true) throw new PatchModelError('mutability', `${target.text} is required (§3.5.2.2)`);
    if (!isJsonObject(existing)) return;
    const trimmed = Object.fromEntries(Object.entries(existing).filter(([key]) => key.toLowerCase() !== subAttribute.name.toLowerCase()));
    store(state, target, Object.keys(trimmed).length === 0 ? undefined : trimmed);
    return;
  }
  const values = Array.isArray(existing) ? existing : [];
  const matched = values.filter((element) => matchesElement(target, element));
  if (matched.length === 0) throw new PatchOutcomeOpen(`${target.text} matches no value`);
  if (subAttribute?.required === true) throw new PatchModelError('mutability', `${target.text} is required (§3.5.2.2)`);
  const remaining = values.flatMap((element): JsonValue[] => {
    if (!matched.includes(element)) return [element];
    if (subAttribute === undefined || !isJsonObject(element)) return [];
    const trimmed = Object.fromEntries(Object.entries(element).filter(([key]) => key.toLowerCase() !== subAttribute.name.toLowerCase()));
    return Object.keys(trimmed).length === 0 ? [] : [trimmed];
  });
  if (remaining.length === 0 && definition.required === true) throw new PatchModelError('mutability', `${target.text}: ${definition.name} is required (§3.5.2.2)`);
  storeMultiValued(state, target, remaining, []);
}

/**
 * A value as the comparison of two resources sees it: attribute names in lower case, members in
 * order, `primary: false` the same as no primary (§3.5.2 lets a server reset primary either way).
 */
function comparableValue(value: JsonValue): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)));
  if (!isJsonObject(value)) return value;
  const entries = Object.entries(value)
    .filter(([key, member]) => !(key.toLowerCase() === 'primary' && member === false))
    .map(([key, member]): [string, JsonValue] => [key.toLowerCase(), canonical(member)])
    .sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(entries);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What of a resource a PATCH decides, in a form two representations can be compared in: the
 * attributes a client can write and read back (readOnly, writeOnly and returned:never ones and
 * `schemas` left out), names in lower case, multi-valued attributes as sorted sets, and empty
 * values (`null`, `[]`, `{}`) the same as absent (RFC 7643 §2.5).
 */
export function patchComparable(schema: PatchSchema, resource: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    const extension = extensionNamed(schema, key);
    if (extension !== undefined) {
      if (!isJsonObject(value)) continue;
      const members = comparableMembers(extension.attributes, value);
      if (Object.keys(members).length > 0) result[extension.id.toLowerCase()] = members;
      continue;
    }
    const definition = schema.resolve({ attribute: key });
    if (definition === undefined || key.toLowerCase() === 'schemas' || !isComparable(definition)) continue;
    const comparable = comparableAttribute(definition, value);
    if (comparable !== undefined) result[key.toLowerCase()] = comparable;
  }
  return result;
}

/** What a default representation shows and a client controls: returned:request values are not shown unless asked for. */
function isComparable(definition: AttributeDefinition): boolean {
  const mutability = definition.mutability ?? 'readWrite';
  return mutability !== 'readOnly' && mutability !== 'writeOnly' && definition.returned !== 'never' && definition.returned !== 'request';
}

function comparableMembers(definitions: readonly AttributeDefinition[], object: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    const definition = findDefinition(definitions, key);
    if (definition === undefined || !isComparable(definition)) continue;
    const comparable = comparableAttribute(definition, value);
    if (comparable !== undefined) result[key.toLowerCase()] = comparable;
  }
  return result;
}

function comparableAttribute(definition: AttributeDefinition, value: JsonValue): JsonValue | undefined {
  const one = (item: JsonValue): JsonValue | undefined => {
    if (item === null) return undefined;
    if (definition.type !== 'complex' || !isJsonObject(item)) return item;
    const members = comparableMembers(definition.subAttributes ?? [], item);
    return Object.keys(members).length === 0 ? undefined : members;
  };
  if (!Array.isArray(value)) return one(value);
  const items = value.map(one).filter((item): item is JsonValue => item !== undefined);
  return items.length === 0 ? undefined : canonical(items);
}

/** Canonical form of a comparable resource, for equality and for showing a difference. */
export function comparableText(value: JsonObject): string {
  return JSON.stringify(canonical(value));
}

/** The top-level attributes whose comparable values differ between two resources. */
export function differingAttributes(expected: JsonObject, actual: JsonObject): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...names].filter((name) => comparableValue(expected[name] ?? null) !== comparableValue(actual[name] ?? null)).sort();
}
