/**
 * The harness's oracle for filter semantics (RFC 7644 §3.4.2.2): whether a resource matches a filter,
 * and which filters a server must refuse with 400 invalidFilter whatever its data.
 */
import { type JsonObject, type JsonValue, getMember, isJsonObject } from '../json.js';
import type { AttributeDefinition } from '../schema.js';
import type { AttributePath, CompareOperator, CompareValue, Filter } from './ast.js';
import type { AttributeResolver } from './resolver.js';
import { compareCodePoints, compareInstants, parseDateTime, prepareString } from './values.js';

/**
 * A well-formed filter that cannot be evaluated against the schema, e.g. `gt` on a boolean
 * attribute: a server answers 400 with scimType invalidFilter.
 */
export class FilterSemanticError extends Error {
  override readonly name = 'FilterSemanticError';
}

const ORDERING_OPERATORS: ReadonlySet<CompareOperator> = new Set(['gt', 'ge', 'lt', 'le']);
const SUBSTRING_OPERATORS: ReadonlySet<CompareOperator> = new Set(['co', 'sw', 'ew']);

/**
 * Throws FilterSemanticError when the filter combines an attribute and an operator or value that the
 * attribute's type does not allow. Unknown attributes are not errors: they have no value.
 */
export function checkFilter(filter: Filter, resolve: AttributeResolver): void {
  checkWithin(filter, resolve, undefined);
}

/**
 * Whether the resource matches the filter. Checks the whole filter first (checkFilter), so that the
 * answer to an invalid filter never depends on the data.
 */
export function matchesFilter(filter: Filter, resource: JsonObject, resolve: AttributeResolver): boolean {
  checkFilter(filter, resolve);
  return evaluate(filter, resourceScope(resource, resolve), resolve);
}

/**
 * Whether the RFC decides the filter's verdict on this resource. RFC 7644 Table 3 does not say what `ne`
 * or an ordering operator makes of an attribute the resource has no value for, so a resource where the
 * filter asks that is not judged either way: the harness records what the server does there.
 */
export function isDecided(filter: Filter, resource: JsonObject, resolve: AttributeResolver): boolean {
  checkFilter(filter, resolve);
  return decidedWithin(filter, resourceScope(resource, resolve), resolve);
}

const UNDECIDED_ON_ABSENT: ReadonlySet<CompareOperator> = new Set(['ne', 'gt', 'ge', 'lt', 'le']);

function decidedWithin(filter: Filter, scope: Scope, resolve: AttributeResolver): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return decidedWithin(filter.left, scope, resolve) && decidedWithin(filter.right, scope, resolve);
    case 'not':
      return decidedWithin(filter.filter, scope, resolve);
    case 'present':
      return true;
    case 'compare': {
      if (filter.value === null || !UNDECIDED_ON_ABSENT.has(filter.op)) return true;
      const attribute = scope(filter.path);
      return attribute === undefined || attribute.values.length > 0;
    }
    case 'valuePath': {
      const attribute = scope(filter.path);
      return (attribute?.values ?? []).every(
        (element) => !isJsonObject(element) || decidedWithin(filter.filter, elementScope(element, filter.path, resolve), resolve),
      );
    }
  }
}

/** The definition of the attribute at a path and the non-null values a scope holds there. */
interface Attribute {
  definition: AttributeDefinition;
  values: JsonValue[];
}

/** Where names are looked up: the resource, or one element of a value path's attribute. */
type Scope = (path: AttributePath) => Attribute | undefined;

function pathText(path: AttributePath): string {
  const qualified = path.schema === undefined ? path.attribute : `${path.schema}:${path.attribute}`;
  return path.subAttribute === undefined ? qualified : `${qualified}.${path.subAttribute}`;
}

/** Inside `parent[…]`, names are sub-attributes of the parent. */
function innerPath(parent: AttributePath, path: AttributePath): AttributePath {
  if (path.schema !== undefined || path.subAttribute !== undefined) {
    throw new FilterSemanticError(
      `'${pathText(path)}' inside '${pathText(parent)}[…]' must be the plain name of a sub-attribute of '${pathText(parent)}'`,
    );
  }
  const resolved: AttributePath = { attribute: parent.attribute, subAttribute: path.attribute };
  if (parent.schema !== undefined) resolved.schema = parent.schema;
  return resolved;
}

function checkWithin(filter: Filter, resolve: AttributeResolver, parent: AttributePath | undefined): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      checkWithin(filter.left, resolve, parent);
      checkWithin(filter.right, resolve, parent);
      return;
    case 'not':
      checkWithin(filter.filter, resolve, parent);
      return;
    case 'present':
      if (parent !== undefined) innerPath(parent, filter.path);
      return;
    case 'compare': {
      const path = parent === undefined ? filter.path : innerPath(parent, filter.path);
      const definition = resolve(path);
      if (definition !== undefined) checkComparison(definition, filter.op, filter.value, pathText(path));
      return;
    }
    case 'valuePath': {
      const where = pathText(filter.path);
      if (parent !== undefined) throw new FilterSemanticError(`value filter '${where}[…]' is nested inside '${pathText(parent)}[…]'`);
      if (filter.path.subAttribute !== undefined) {
        throw new FilterSemanticError(`'${where}[…]' filters a sub-attribute, which is never complex`);
      }
      const definition = resolve(filter.path);
      if (definition !== undefined && definition.type !== 'complex') {
        throw new FilterSemanticError(`'${where}[…]' filters a ${definition.type} attribute; only complex attributes have sub-attributes`);
      }
      checkWithin(filter.filter, resolve, filter.path);
      return;
    }
  }
}

function describeValue(value: CompareValue): string {
  return value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`;
}

function checkComparison(definition: AttributeDefinition, op: CompareOperator, value: CompareValue, where: string): void {
  const { type } = definition;
  if (type === 'complex') {
    throw new FilterSemanticError(`'${where}' is a complex attribute: '${op}' needs one of its sub-attributes, e.g. '${where}.value'`);
  }
  if (ORDERING_OPERATORS.has(op) && (type === 'boolean' || type === 'binary')) {
    throw new FilterSemanticError(`operator '${op}' does not apply to '${where}', a ${type} attribute`);
  }
  if (SUBSTRING_OPERATORS.has(op) && type !== 'string' && type !== 'reference') {
    throw new FilterSemanticError(`operator '${op}' applies to strings only, and '${where}' is a ${type} attribute`);
  }
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') throw new FilterSemanticError(`operator '${op}' cannot compare '${where}' with null`);
    return;
  }
  const expected = type === 'boolean' ? 'boolean' : type === 'integer' || type === 'decimal' ? 'number' : 'string';
  if (typeof value !== expected) {
    throw new FilterSemanticError(`'${where}' is a ${type} attribute and cannot be compared with ${describeValue(value)}`);
  }
  if (type === 'dateTime' && parseDateTime(String(value)) === undefined) {
    throw new FilterSemanticError(`${JSON.stringify(value)} is not an xsd:dateTime, so it cannot be compared with '${where}'`);
  }
}

function nonNullValues(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.filter((element) => element !== null) : [value];
}

/** The values at a path within one object: every element of a multi-valued attribute, flattened. */
function valuesWithin(container: JsonObject | undefined, path: AttributePath): JsonValue[] {
  if (container === undefined) return [];
  const values = nonNullValues(getMember(container, path.attribute));
  const { subAttribute } = path;
  if (subAttribute === undefined) return values;
  return values.flatMap((value) => (isJsonObject(value) ? nonNullValues(getMember(value, subAttribute)) : []));
}

/** The object a path's top-level attribute lives in: the resource, or its extension member. */
function containerOf(resource: JsonObject, path: AttributePath, resolve: AttributeResolver): JsonObject | undefined {
  const extension = resolve.extensionOf === undefined ? path.schema : resolve.extensionOf(path);
  if (extension === undefined) return resource;
  const member = getMember(resource, extension);
  if (isJsonObject(member)) return member;
  return resolve.extensionOf === undefined ? resource : undefined;
}

function resourceScope(resource: JsonObject, resolve: AttributeResolver): Scope {
  return (path) => {
    const definition = resolve(path);
    return definition && { definition, values: valuesWithin(containerOf(resource, path, resolve), path) };
  };
}

function elementScope(element: JsonObject, parent: AttributePath, resolve: AttributeResolver): Scope {
  return (path) => {
    const definition = resolve(innerPath(parent, path));
    return definition && { definition, values: valuesWithin(element, path) };
  };
}

function evaluate(filter: Filter, scope: Scope, resolve: AttributeResolver): boolean {
  switch (filter.kind) {
    case 'and':
      return evaluate(filter.left, scope, resolve) && evaluate(filter.right, scope, resolve);
    case 'or':
      return evaluate(filter.left, scope, resolve) || evaluate(filter.right, scope, resolve);
    case 'not':
      return !evaluate(filter.filter, scope, resolve);
    case 'present':
      return scope(filter.path)?.values.some(isPresent) ?? false;
    case 'compare': {
      const attribute = scope(filter.path);
      if (attribute === undefined) return false;
      // RFC 7643 §2.5: null means unassigned, so `eq null` asks for absence and `ne null` for presence.
      if (filter.value === null) return attribute.values.some(isPresent) === (filter.op === 'ne');
      const { definition, values } = attribute;
      const expected = filter.value;
      return values.some((actual) => compareValue(definition, filter.op, actual, expected));
    }
    case 'valuePath': {
      const attribute = scope(filter.path);
      if (attribute === undefined) return false;
      return attribute.values.some(
        (element) => isJsonObject(element) && evaluate(filter.filter, elementScope(element, filter.path, resolve), resolve),
      );
    }
  }
}

/** `pr`: a value that is not null, not "", not [] and, for complex values, has a present sub-attribute. */
function isPresent(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.some(isPresent);
  if (isJsonObject(value)) return Object.values(value).some(isPresent);
  return true;
}

function ordered(op: CompareOperator, difference: number): boolean {
  switch (op) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      return false;
  }
}

/** One stored value against the operator value; values of the wrong JSON type never match. */
function compareValue(definition: AttributeDefinition, op: CompareOperator, actual: JsonValue, expected: CompareValue): boolean {
  switch (definition.type) {
    case 'string':
    case 'reference':
    case 'binary': {
      if (typeof actual !== 'string' || typeof expected !== 'string') return false;
      // RFC 7643 §2.3.6–2.3.7: references and binary values are case-exact unless the schema says otherwise.
      const caseExact = definition.caseExact ?? definition.type !== 'string';
      const stored = prepareString(actual, caseExact);
      const operand = prepareString(expected, caseExact);
      if (op === 'co') return stored.includes(operand);
      if (op === 'sw') return stored.startsWith(operand);
      if (op === 'ew') return stored.endsWith(operand);
      return ordered(op, compareCodePoints(stored, operand));
    }
    case 'boolean':
      return typeof actual === 'boolean' && ordered(op, actual === expected ? 0 : 1);
    case 'integer':
    case 'decimal':
      return typeof actual === 'number' && typeof expected === 'number' && ordered(op, actual - expected);
    case 'dateTime': {
      const stored = typeof actual === 'string' ? parseDateTime(actual) : undefined;
      const operand = typeof expected === 'string' ? parseDateTime(expected) : undefined;
      return stored !== undefined && operand !== undefined && ordered(op, compareInstants(stored, operand));
    }
    case 'complex':
      return false;
  }
}
