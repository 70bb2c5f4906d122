/**
 * Filters over a known set of resources: each comparison names an attribute the resources have, with
 * an operator its type allows and a value derived from a value they hold (exact, case-changed, a
 * prefix, suffix or infix, or just past it), so that most comparisons split the set somewhere.
 */
import fc from 'fast-check';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { AttributeType } from '../schema.js';
import { filterTreeArbitrary } from './arbitrary.js';
import type { AttributePath, CompareOperator, Filter } from './ast.js';
import type { AttributeResolver } from './resolver.js';

/** An attribute the dataset can be filtered on, with the values its resources hold there. */
export interface FilterField {
  path: AttributePath;
  type: 'string' | 'boolean' | 'dateTime' | 'number';
  /** How often filters compare it, relative to the other fields. */
  weight: number;
  values: Array<string | number | boolean>;
}

const PLAIN = { noNullPrototype: true } as const;

const FIELD_TYPES: Partial<Record<AttributeType, FilterField['type']>> = {
  string: 'string', reference: 'string', boolean: 'boolean', dateTime: 'dateTime', integer: 'number', decimal: 'number',
};

/** The values at a core attribute path across the resources, every element of multi-valued ones included. */
function valuesAt(resource: JsonObject, path: AttributePath): JsonValue[] {
  const top = getMember(resource, path.attribute);
  const elements = Array.isArray(top) ? top : top === undefined ? [] : [top];
  const { subAttribute } = path;
  if (subAttribute === undefined) return elements;
  return elements.flatMap((element) => {
    if (!isJsonObject(element)) return [];
    const value = getMember(element, subAttribute);
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
  });
}

/** An attribute path to filter on and how often, relative to the others. */
export interface WeightedPath {
  path: AttributePath;
  weight: number;
}

/**
 * The fields among `paths` that the target's schema defines with a simple type and that at least one
 * resource holds a value for.
 */
export function filterFields(resources: JsonObject[], resolve: AttributeResolver, paths: readonly WeightedPath[]): FilterField[] {
  return paths.flatMap(({ path, weight }): FilterField[] => {
    const definition = resolve(path);
    const type = definition === undefined ? undefined : FIELD_TYPES[definition.type];
    if (type === undefined) return [];
    const expected = type === 'boolean' ? 'boolean' : type === 'number' ? 'number' : 'string';
    const values = [...new Set(resources.flatMap((resource) => valuesAt(resource, path)))].filter(
      (value): value is string | number | boolean => typeof value === expected && value !== '',
    );
    return values.length === 0 ? [] : [{ path, type, weight, values }];
  });
}

/** Equality comes twice: it is what clients send most, and the any-value rule shows on `ne` best. */
const STRING_OPERATORS: readonly CompareOperator[] = ['eq', 'eq', 'ne', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
const ORDERED_OPERATORS: readonly CompareOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const BOOLEAN_OPERATORS: readonly CompareOperator[] = ['eq', 'ne'];

type StringPart = 'whole' | 'prefix' | 'suffix' | 'infix' | 'past';

/**
 * The parts of a held value worth comparing with each operator: equality needs whole values to match
 * anything, substring operators need parts, ordering needs values at and just past the held ones.
 */
const PARTS_BY_OPERATOR: Record<CompareOperator, readonly StringPart[]> = {
  eq: ['whole', 'whole', 'whole', 'prefix'],
  ne: ['whole', 'whole', 'whole', 'prefix'],
  co: ['infix', 'infix', 'suffix', 'prefix', 'whole'],
  sw: ['prefix', 'prefix', 'whole', 'infix'],
  ew: ['suffix', 'suffix', 'whole', 'infix'],
  gt: ['whole', 'whole', 'whole', 'prefix', 'past'],
  ge: ['whole', 'whole', 'prefix', 'past'],
  lt: ['whole', 'whole', 'prefix', 'past'],
  le: ['whole', 'whole', 'prefix', 'past'],
};

/** A string near one the dataset holds: the part to keep, then the case to write it in. */
function stringValueArbitrary(values: string[], parts: readonly StringPart[]): fc.Arbitrary<string> {
  return fc
    .record({
      value: fc.constantFrom(...values),
      part: fc.constantFrom(...parts),
      letterCase: fc.constantFrom('same', 'upper', 'lower'),
      start: fc.nat(),
      length: fc.nat(),
    }, PLAIN)
    .map(({ value, part, letterCase, start, length }) => {
      const from = start % value.length;
      const size = 1 + (length % (value.length - from));
      const kept =
        part === 'prefix' ? value.slice(0, size)
        : part === 'suffix' ? value.slice(from)
        : part === 'infix' ? value.slice(from, from + size)
        : part === 'past' ? `${value}~`
        : value;
      return letterCase === 'upper' ? kept.toUpperCase() : letterCase === 'lower' ? kept.toLowerCase() : kept;
    });
}

function comparisonArbitrary(field: FilterField): fc.Arbitrary<Filter> {
  const compare = (operators: readonly CompareOperator[], value: fc.Arbitrary<string | number | boolean>): fc.Arbitrary<Filter> =>
    fc.record({ kind: fc.constant('compare' as const), path: fc.constant(field.path), op: fc.constantFrom(...operators), value }, PLAIN);
  switch (field.type) {
    case 'string': {
      const strings = field.values.filter((v): v is string => typeof v === 'string');
      return fc.constantFrom(...STRING_OPERATORS).chain((op) =>
        fc.record({ kind: fc.constant('compare' as const), path: fc.constant(field.path), op: fc.constant(op), value: stringValueArbitrary(strings, PARTS_BY_OPERATOR[op]) }, PLAIN),
      );
    }
    case 'boolean':
      return compare(BOOLEAN_OPERATORS, fc.boolean());
    case 'dateTime':
      return compare(ORDERED_OPERATORS, fc.constantFrom(...field.values));
    case 'number': {
      const numbers = field.values.filter((v): v is number => typeof v === 'number');
      return compare(ORDERED_OPERATORS, fc.constantFrom(...numbers).chain((n) => fc.constantFrom(n, n - 1, n + 1)));
    }
  }
}

/** Comparisons and presence tests over the fields, combined with and, or and not up to `maxDepth` levels. */
export function datasetFilterArbitrary(fields: FilterField[], maxDepth = 2): fc.Arbitrary<Filter> {
  if (fields.length === 0) throw new Error('no attribute of the dataset can be filtered on');
  const comparison = fc.oneof(...fields.map((field) => ({ arbitrary: comparisonArbitrary(field), weight: field.weight })));
  const leaf = fc.oneof(
    { arbitrary: comparison, weight: 5 },
    { arbitrary: fc.record({ kind: fc.constant('present' as const), path: fc.constantFrom(...fields.map((f) => f.path)) }, PLAIN), weight: 1 },
  );
  return filterTreeArbitrary(leaf, maxDepth);
}
