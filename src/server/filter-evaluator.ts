/**
 * The server's own evaluation of parsed filters (RFC 7644 §3.4.2.2), written apart from the
 * harness's oracle on purpose. A filter is compiled once against the schema, so every semantic error
 * (unknown attribute, ordering on a boolean, wrong literal type) is a 400 invalidFilter whether or
 * not any resource would have reached it; the compiled predicate then runs over full representations.
 *
 * Semantics chosen where the RFC leaves room:
 * - an expression on an attribute without a value is false (`not (title pr)` matches users without
 *   a title); `eq null` holds exactly when the attribute has no value, `ne null` when it has one;
 * - a complex attribute is compared only through a sub-attribute (§3.4.2.2 requires one), so
 *   `emails co "example.com"` is an error while `emails pr` is not;
 * - co/sw/ew apply to strings and references only; gt/ge/lt/le to strings, references, numbers and
 *   dateTimes; binaries are only compared for (case-exact) equality.
 */
import type { AttributePath, CompareOperator, CompareValue, Filter } from '../scim/filter/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { compareCodePoints, parseDateTime, prepareString } from './comparison.js';
import { badRequest, type ScimError } from './errors.js';
import { QuirkSet } from './quirks.js';
import { findAttribute, resolveAttribute, type Attribute, type ResolvedAttribute, type ResourceModel } from './schema-registry.js';

export type Predicate = (node: JsonObject) => boolean;

/** Where a filter's attribute paths point to: the leaf definition and a reader of its values. */
interface Target {
  leaf: Attribute;
  read: (node: JsonObject) => JsonValue[];
}

interface Scope {
  quirks: QuirkSet;
  /** True for a path the resource type does not define, where that is no error but an attribute without a value. */
  undefinedHere(path: AttributePath): boolean;
  target(path: AttributePath): Target;
  /** The complex attribute a value path filters, and a reader of its values; undefined where value paths are not allowed. */
  valuePathTarget: ((path: AttributePath) => { attribute: Attribute; read: (node: JsonObject) => JsonValue[] }) | undefined;
}

const invalidFilter = (detail: string): ScimError => badRequest('invalidFilter', detail);

/**
 * Compiles a filter over resources of one type. acrossTypes: the query spans several types (the server
 * root), where an attribute the type does not define has no value rather than being an error (RFC 7644 §3.4.2.1).
 */
export function compileFilter(filter: Filter, model: ResourceModel, quirks: QuirkSet, acrossTypes = false): Predicate {
  return compile(filter, resourceScope(model, quirks, acrossTypes));
}

/**
 * Compiles the filter of a value path (`emails[type eq "work"]`) over the values of a complex attribute.
 * PATCH paths compile it without quirks: the filter quirks break queries only.
 */
export function compileValueFilter(filter: Filter, attribute: Attribute, quirks: QuirkSet = new QuirkSet()): Predicate {
  return compile(filter, valueScope(attribute, quirks));
}

function compile(filter: Filter, scope: Scope): Predicate {
  switch (filter.kind) {
    case 'and': {
      const left = compile(filter.left, scope);
      const right = compile(filter.right, scope);
      return (node) => left(node) && right(node);
    }
    case 'or': {
      const left = compile(filter.left, scope);
      const right = compile(filter.right, scope);
      if (scope.quirks.has('filter-or-as-and')) return (node) => left(node) && right(node);
      return (node) => left(node) || right(node);
    }
    case 'not': {
      const inner = compile(filter.filter, scope);
      return (node) => !inner(node);
    }
    case 'present':
    case 'compare':
    case 'valuePath':
      // No value: presence and comparisons are false, `not` of them true.
      if (scope.undefinedHere(filter.path)) return () => false;
      return compileAttributeExpression(filter, scope);
  }
}

function compileAttributeExpression(filter: Extract<Filter, { kind: 'present' | 'compare' | 'valuePath' }>, scope: Scope): Predicate {
  switch (filter.kind) {
    case 'present': {
      const { read } = scope.target(filter.path);
      return (node) => read(node).some(isPresent);
    }
    case 'compare':
      return compileComparison(scope.target(filter.path), filter.op, filter.value, printPath(filter.path), scope.quirks);
    case 'valuePath': {
      if (scope.valuePathTarget === undefined) {
        throw invalidFilter(`a value filter cannot be nested inside another: ${printPath(filter.path)}[...]`);
      }
      const { attribute, read } = scope.valuePathTarget(filter.path);
      if (scope.quirks.has('filter-value-path-across-values')) {
        const across = acrossValues(filter.filter, valueScope(attribute, scope.quirks));
        return (node) => across(read(node).filter(isJsonObject));
      }
      const inner = compile(filter.filter, valueScope(attribute, scope.quirks));
      return (node) => read(node).some((value) => isJsonObject(value) && inner(value));
    }
  }
}

/** A value filter whose expressions may each hold for a different value: how a server without value paths reads one. */
function acrossValues(filter: Filter, scope: Scope): (values: JsonObject[]) => boolean {
  if (filter.kind === 'and' || filter.kind === 'or') {
    const left = acrossValues(filter.left, scope);
    const right = acrossValues(filter.right, scope);
    return filter.kind === 'and' ? (values) => left(values) && right(values) : (values) => left(values) || right(values);
  }
  if (filter.kind === 'not') {
    const inner = acrossValues(filter.filter, scope);
    return (values) => !inner(values);
  }
  const predicate = compile(filter, scope);
  return (values) => values.some(predicate);
}

function printPath(path: AttributePath): string {
  const name = path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  return path.schema === undefined ? name : `${path.schema}:${name}`;
}

function valuesOf(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function resourceScope(model: ResourceModel, quirks: QuirkSet, acrossTypes: boolean): Scope {
  const resolve = (path: AttributePath) => {
    if (path.schema !== undefined && quirks.has('filter-urn-paths-rejected')) throw invalidFilter(`schema-qualified names are not supported: ${printPath(path)}`);
    const resolved = resolveAttribute(model, path);
    if (resolved === undefined || (!namedExactly(path, resolved) && quirks.has('filter-attribute-names-case-sensitive'))) {
      throw invalidFilter(`a ${model.name} has no attribute ${printPath(path)}`);
    }
    const leaf = resolved.subAttribute ?? resolved.attribute;
    if (resolved.attribute.returned === 'never' || leaf.returned === 'never') {
      throw invalidFilter(`${printPath(path)} is never returned and cannot be filtered on`);
    }
    const { extension } = resolved;
    const unmatched = model.name === 'Group' && resolved.attribute.name === 'members' && quirks.has('filter-group-members-unmatched');
    const readAttribute = (node: JsonObject): JsonValue[] => {
      if (unmatched) return [];
      const container = extension === undefined ? node : node[extension];
      return isJsonObject(container) ? valuesOf(container[resolved.attribute.name]) : [];
    };
    return { resolved, leaf, readAttribute };
  };
  return {
    quirks,
    // The quirk refuses, as unknown, an attribute that only some of the types queried define.
    undefinedHere: (path) => acrossTypes && resolveAttribute(model, path) === undefined && !quirks.has('root-search-undefined-attribute-refused'),
    target(path) {
      const { resolved, leaf, readAttribute } = resolve(path);
      const sub = resolved.subAttribute;
      if (sub === undefined) return { leaf, read: readAttribute };
      return { leaf, read: (node) => readAttribute(node).flatMap((v) => (isJsonObject(v) ? valuesOf(v[sub.name]) : [])) };
    },
    valuePathTarget(path) {
      const { resolved, readAttribute } = resolve(path);
      if (resolved.subAttribute !== undefined || resolved.attribute.type !== 'complex') {
        throw invalidFilter(`${printPath(path)}[...] needs a complex attribute before the bracket`);
      }
      return { attribute: resolved.attribute, read: readAttribute };
    },
  };
}

/** Whether a path spells its names as the schema does. */
function namedExactly(path: AttributePath, resolved: ResolvedAttribute): boolean {
  return path.attribute === resolved.attribute.name && (path.subAttribute === undefined || path.subAttribute === resolved.subAttribute?.name);
}

function valueScope(attribute: Attribute, quirks: QuirkSet): Scope {
  return {
    quirks,
    undefinedHere: () => false,
    target(path) {
      const sub = path.schema === undefined && path.subAttribute === undefined ? findAttribute(attribute.subAttributes, path.attribute) : undefined;
      if (sub === undefined) throw invalidFilter(`${attribute.name} has no sub-attribute ${printPath(path)}`);
      return { leaf: sub, read: (node) => valuesOf(node[sub.name]) };
    },
    valuePathTarget: undefined,
  };
}

/** Present: not null, not an empty string, and for complex values at least one present sub-attribute. */
function isPresent(value: JsonValue): boolean {
  if (value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresent);
  if (isJsonObject(value)) return Object.values(value).some(isPresent);
  return true;
}

const SUBSTRING: ReadonlySet<CompareOperator> = new Set(['co', 'sw', 'ew']);

function compileComparison(target: Target, op: CompareOperator, operand: CompareValue, where: string, quirks: QuirkSet): Predicate {
  const { leaf, read } = target;
  if (leaf.type === 'complex') {
    // The quirk takes the comparison and matches nothing, where the attribute has no value to compare.
    if (quirks.has('filter-combinations-unchecked')) return () => false;
    throw invalidFilter(`${where} is complex: compare one of its sub-attributes`);
  }
  if (operand === null) {
    if (op === 'eq') return (node) => !read(node).some(isPresent);
    if (op === 'ne') return (node) => read(node).some(isPresent);
    throw invalidFilter(`${where} ${op} null: only eq and ne take null`);
  }
  const test = valueTest(leaf, op, escapesKept(operand, quirks), where, quirks);
  if (op === 'ne' && quirks.has('filter-ne-all-values')) {
    return (node) => {
      const values = read(node);
      return values.length > 0 && values.every(test);
    };
  }
  return (node) => read(node).some(test);
}

/** The quirk compares a string operand with its JSON escapes as written (\" and \\ kept), as a parser that does not unescape. */
function escapesKept(operand: Exclude<CompareValue, null>, quirks: QuirkSet): Exclude<CompareValue, null> {
  if (typeof operand !== 'string' || !/["\\]/.test(operand) || !quirks.has('filter-escapes-kept')) return operand;
  return JSON.stringify(operand).slice(1, -1);
}

function valueTest(
  leaf: Attribute,
  op: CompareOperator,
  operand: Exclude<CompareValue, null>,
  where: string,
  quirks: QuirkSet,
): (value: JsonValue) => boolean {
  const unsupported = (): ScimError => invalidFilter(`${where} is of type ${leaf.type}: the ${op} operator does not apply`);
  const wrongLiteral = (expected: string): ScimError => invalidFilter(`${where} ${op}: the value must be ${expected}`);
  switch (leaf.type) {
    case 'boolean': {
      if (SUBSTRING.has(op) && quirks.has('filter-combinations-unchecked')) return () => false;
      if (typeof operand !== 'boolean') throw wrongLiteral('true or false');
      if (op !== 'eq' && op !== 'ne') {
        if (!quirks.has('filter-boolean-ordering-allowed') || SUBSTRING.has(op)) throw unsupported();
        return (value) => typeof value === 'boolean' && holds(op, Number(value) - Number(operand), quirks);
      }
      // The quirk reads the literal false as the string "false", which no boolean equals.
      if (!operand && quirks.has('filter-false-literal-unmatched')) return (value) => op === 'ne' && typeof value === 'boolean';
      return (value) => typeof value === 'boolean' && (value === operand) === (op === 'eq');
    }
    case 'integer':
    case 'decimal': {
      if (SUBSTRING.has(op)) throw unsupported();
      if (typeof operand !== 'number') throw wrongLiteral('a number');
      return (value) => typeof value === 'number' && holds(op, value - operand, quirks);
    }
    case 'dateTime': {
      if (SUBSTRING.has(op)) throw unsupported();
      const instant = typeof operand === 'string' ? parseDateTime(operand) : undefined;
      if (instant === undefined) throw wrongLiteral('an xsd:dateTime string');
      return (value) => {
        const parsed = typeof value === 'string' ? parseDateTime(value) : undefined;
        return parsed !== undefined && holds(op, parsed - instant, quirks);
      };
    }
    case 'binary':
    case 'string':
    case 'reference': {
      // The quirk orders binary values as strings, as it does any other; substrings stay refused.
      if (leaf.type === 'binary' && op !== 'eq' && op !== 'ne' && (SUBSTRING.has(op) || !quirks.has('filter-binary-ordering-allowed'))) throw unsupported();
      if (typeof operand !== 'string') throw wrongLiteral('a string');
      const compare = (caseExact: boolean): ((value: JsonValue) => boolean) => {
        const expected = prepareString(operand, caseExact);
        return (value) => typeof value === 'string' && stringHolds(op, prepareString(value, caseExact), expected, quirks);
      };
      const asSchemaSays = compare(leaf.caseExact);
      const quirk = caseQuirkOf(leaf);
      if (quirk === undefined) return asSchemaSays;
      // The quirk is asked only about a value the two readings disagree on.
      const otherwise = compare(!leaf.caseExact);
      return (value) => {
        const matches = asSchemaSays(value);
        return matches !== otherwise(value) && quirks.has(quirk) ? !matches : matches;
      };
    }
    case 'complex':
      throw unsupported();
  }
}

/** The quirk that compares values of the attribute with the other case rule than its schema's. */
function caseQuirkOf(leaf: Attribute): 'filter-username-case-sensitive' | 'filter-externalid-case-insensitive' | undefined {
  if (leaf.name === 'userName' && !leaf.caseExact) return 'filter-username-case-sensitive';
  if (leaf.name === 'externalId' && leaf.caseExact) return 'filter-externalid-case-insensitive';
  return undefined;
}

function holds(op: CompareOperator, difference: number, quirks: QuirkSet): boolean {
  if (op === 'gt' && quirks.has('filter-gt-as-ge')) return difference >= 0;
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

function stringHolds(op: CompareOperator, actual: string, expected: string, quirks: QuirkSet): boolean {
  switch (op) {
    case 'co':
      return quirks.has('filter-co-as-sw') ? actual.startsWith(expected) : actual.includes(expected);
    case 'sw':
      return actual.startsWith(expected);
    case 'ew':
      return actual.endsWith(expected);
    default:
      return holds(op, op === 'eq' || op === 'ne' ? (actual === expected ? 0 : 1) : compareCodePoints(actual, expected), quirks);
  }
}
