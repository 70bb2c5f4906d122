/**
 * fast-check arbitraries of filter ASTs. The defaults cover the whole grammar, with names and values
 * chosen to trip tokenizers (keyword-like names, quotes and brackets inside strings); query checks
 * pass their own attribute expressions to get filters over a known data set.
 */
import fc from 'fast-check';
import { URN } from '../urns.js';
import { type AttributePath, COMPARE_OPERATORS, type CompareValue, type Filter } from './ast.js';

/** Records with Object.prototype, like the parser's output, so that strict equality holds. */
const PLAIN = { noNullPrototype: true } as const;

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const NAME_CHARACTERS = [...LETTERS, ...'0123456789-_'];

/** Names that look like keywords or literals, or begin like them. */
const TRICKY_NAMES = ['and', 'or', 'not', 'pr', 'eq', 'ne', 'true', 'null', 'orgUnit', 'notes', 'neighbour', 'x-y_1', 'A'];

const SCHEMA_URIS = [
  URN.user,
  URN.group,
  URN.enterpriseUser,
  'urn:example:params:scim:schemas:extension:acme:2.0:User',
];

const TRICKY_STRINGS = ['', 'a and b', 'x or y', 'not (x)', 'O"Malley', 'C:\\temp', 'a/b', '(x)', 'a[b]', "O'Malley", '\t\n', '\u00e9', 'e\u0301', '\ud83d\ude00'];

/** ATTRNAME: a letter followed by letters, digits, '-' or '_'. */
export function attributeNameArbitrary(): fc.Arbitrary<string> {
  const generated = fc
    .tuple(fc.constantFrom(...LETTERS), fc.string({ unit: fc.constantFrom(...NAME_CHARACTERS), maxLength: 8 }))
    .map(([first, rest]) => first + rest);
  return fc.oneof(fc.constantFrom(...TRICKY_NAMES), generated);
}

/** Attribute paths, some qualified by a schema URI, some with a sub-attribute. */
export function attributePathArbitrary(): fc.Arbitrary<AttributePath> {
  return fc
    .record({
      schema: fc.option(fc.constantFrom(...SCHEMA_URIS), { nil: undefined, freq: 4 }),
      attribute: attributeNameArbitrary(),
      subAttribute: fc.option(attributeNameArbitrary(), { nil: undefined, freq: 2 }),
    }, PLAIN)
    .map(({ schema, attribute, subAttribute }) => {
      // Absent rather than undefined members, as the parser builds them.
      const path: AttributePath = { attribute };
      if (schema !== undefined) path.schema = schema;
      if (subAttribute !== undefined) path.subAttribute = subAttribute;
      return path;
    });
}

/** JSON literals a compValue can hold: any string, finite number, boolean or null. */
export function compareValueArbitrary(): fc.Arbitrary<CompareValue> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(...TRICKY_STRINGS),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
}

/** Comparison and presence expressions over the given paths and values. */
export function attributeExpressionArbitrary(
  path: fc.Arbitrary<AttributePath> = attributePathArbitrary(),
  value: fc.Arbitrary<CompareValue> = compareValueArbitrary(),
): fc.Arbitrary<Filter> {
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('compare' as const), path, op: fc.constantFrom(...COMPARE_OPERATORS), value }, PLAIN), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('present' as const), path }, PLAIN), weight: 1 },
  );
}

/**
 * `and`, `or` and `not` trees of at most `maxDepth` operator levels over the given leaves. A tree shrinks
 * first to each of its operands, then within them, so a failing filter shrinks to the part that fails.
 */
export function filterTreeArbitrary(leaf: fc.Arbitrary<Filter>, maxDepth = 3): fc.Arbitrary<Filter> {
  return new FilterTreeArbitrary(leaf, maxDepth);
}

/** How a generated tree was built: the leaf's own context, or the operands' generated values. */
type TreeContext =
  | { kind: 'leaf'; context: unknown }
  | { kind: 'and' | 'or'; left: fc.Value<Filter>; right: fc.Value<Filter> }
  | { kind: 'not'; operand: fc.Value<Filter> };

class FilterTreeArbitrary extends fc.Arbitrary<Filter> {
  constructor(
    private readonly leaf: fc.Arbitrary<Filter>,
    private readonly maxDepth: number,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Filter> {
    return this.generateTree(mrng, biasFactor, this.maxDepth);
  }

  /** At each level: a leaf (weight 2), an `and` or `or` of two trees (weight 2), or a `not` of one (weight 1). */
  private generateTree(mrng: fc.Random, biasFactor: number | undefined, depth: number): fc.Value<Filter> {
    const pick = depth === 0 ? 0 : mrng.nextInt(0, 4);
    if (pick < 2) return leafValue(this.leaf.generate(mrng, biasFactor));
    if (pick < 4) {
      const kind = mrng.nextInt(0, 1) === 0 ? 'and' : 'or';
      return logicalValue(kind, this.generateTree(mrng, biasFactor, depth - 1), this.generateTree(mrng, biasFactor, depth - 1));
    }
    return notValue(this.generateTree(mrng, biasFactor, depth - 1));
  }

  canShrinkWithoutContext(_value: unknown): _value is Filter {
    return false;
  }

  shrink(value: Filter, context: unknown): fc.Stream<fc.Value<Filter>> {
    const tree = context as TreeContext;
    if (tree.kind === 'leaf') return this.leaf.shrink(value, tree.context).map(leafValue);
    const shrinkTree = (operand: fc.Value<Filter>): fc.Stream<fc.Value<Filter>> => this.shrink(operand.value_, operand.context);
    return new fc.Stream(
      (function* shrinks(): Generator<fc.Value<Filter>> {
        if (tree.kind === 'not') {
          yield tree.operand;
          for (const smaller of shrinkTree(tree.operand)) yield notValue(smaller);
          return;
        }
        yield tree.left;
        yield tree.right;
        for (const smaller of shrinkTree(tree.left)) yield logicalValue(tree.kind, smaller, tree.right);
        for (const smaller of shrinkTree(tree.right)) yield logicalValue(tree.kind, tree.left, smaller);
      })(),
    );
  }
}

function leafValue(leaf: fc.Value<Filter>): fc.Value<Filter> {
  return new fc.Value(leaf.value_, { kind: 'leaf', context: leaf.context } satisfies TreeContext);
}

function logicalValue(kind: 'and' | 'or', left: fc.Value<Filter>, right: fc.Value<Filter>): fc.Value<Filter> {
  return new fc.Value<Filter>({ kind, left: left.value_, right: right.value_ }, { kind, left, right } satisfies TreeContext);
}

function notValue(operand: fc.Value<Filter>): fc.Value<Filter> {
  return new fc.Value<Filter>({ kind: 'not', filter: operand.value_ }, { kind: 'not', operand } satisfies TreeContext);
}

/** Value paths `path[filter]`; the inner filter's paths are read as sub-attributes of `path`. */
export function valuePathArbitrary(path: fc.Arbitrary<AttributePath>, filter: fc.Arbitrary<Filter>): fc.Arbitrary<Filter> {
  return fc.record({ kind: fc.constant('valuePath' as const), path, filter }, PLAIN);
}

export interface FilterArbitraryOptions {
  /** Top-level comparison and presence expressions; by default any path, operator and value. */
  attributeExpression?: fc.Arbitrary<Filter>;
  /** Value paths; by default any path over plain-named inner expressions; null for none. */
  valuePath?: fc.Arbitrary<Filter> | null;
  /** Levels of `and` / `or` / `not` above the leaves (default 3). */
  maxDepth?: number;
}

/** Filters the grammar accepts, so that parseFilter(printFilter(filter)) equals filter. */
export function filterArbitrary(options: FilterArbitraryOptions = {}): fc.Arbitrary<Filter> {
  const attributeExpression = options.attributeExpression ?? attributeExpressionArbitrary();
  const valuePath =
    options.valuePath === undefined
      ? valuePathArbitrary(
          attributePathArbitrary(),
          filterTreeArbitrary(attributeExpressionArbitrary(attributeNameArbitrary().map((attribute) => ({ attribute }))), 2),
        )
      : options.valuePath;
  const leaf =
    valuePath === null
      ? attributeExpression
      : fc.oneof({ arbitrary: attributeExpression, weight: 3 }, { arbitrary: valuePath, weight: 1 });
  return filterTreeArbitrary(leaf, options.maxDepth ?? 3);
}
