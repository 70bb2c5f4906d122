/**
 * Our filter parser and evaluator against two npm implementations, scim2-parse-filter and
 * scim-query-filter-parser, on filters generated over a small user set. Neither package follows every
 * rule of RFC 7644 §3.4.2.2, so each is described by its dialect: the rules where it departs from the
 * RFC, each one named, applied to our evaluator, and shown on a fixed example below. A generated filter
 * on which a package disagrees with our evaluator under its dialect fails the test: either our
 * implementation is wrong or the package departs in a way not yet named here. The packages' parsers
 * read our printer's text, so they also check that what we print is the filter we mean.
 */
import fc from 'fast-check';
import { filter as compileParsed, parse as parseWithA } from 'scim2-parse-filter';
import { compileFilter as compileWithB } from 'scim-query-filter-parser';
import { describe, expect, it } from 'vitest';
import { datasetFilterArbitrary, filterFields, type WeightedPath } from '../../src/scim/filter/dataset-arbitrary.js';
import {
  createAttributeResolver,
  matchesFilter,
  parseFilter,
  printFilter,
  type AttributeResolver,
  type Filter,
} from '../../src/scim/filter/index.js';
import type { AttributePath } from '../../src/scim/filter/ast.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import type { AttributeDefinition } from '../../src/scim/schema.js';
import { USER_SCHEMA } from '../support/core-schemas.js';

const resolve = createAttributeResolver(USER_SCHEMA, []);

/** Case variants, an accented name, caseExact ids, several emails, dateTimes with fractions and offsets, missing values. */
const USERS: JsonObject[] = [
  {
    id: 'u-Alice', userName: 'Alice', displayName: 'Alice Adams', title: 'Engineer', active: true, externalId: 'ext-Alice',
    name: { familyName: 'Adams', givenName: 'Alice' },
    emails: [{ value: 'alice@example.com', type: 'work', primary: true }, { value: 'ALICE@home.example.org', type: 'home' }],
    meta: { created: '2026-01-01T10:00:00Z' },
  },
  {
    id: 'u-bob', userName: 'bob', displayName: 'Bob', title: 'engineer', active: false, externalId: 'EXT-bob',
    name: { familyName: 'smith', givenName: 'Bob' },
    emails: [{ value: 'bob@example.org', type: 'home' }],
    meta: { created: '2026-01-02T10:00:00.5Z' },
  },
  {
    id: 'u-zoe', userName: 'Zoë', displayName: 'Zoe Smith', nickName: 'zoe', active: true,
    name: { familyName: 'Smith', givenName: 'Zoë' },
    meta: { created: '2026-01-02T11:00:00+02:00' },
  },
  { id: 'u-carol', userName: 'carol', nickName: 'Carol', meta: { created: '2026-01-03T10:00:00Z' } },
];

const PATHS: WeightedPath[] = [
  ['userName'], ['displayName'], ['nickName'], ['title'], ['externalId'], ['id'], ['active'],
  ['name', 'familyName'], ['name', 'givenName'], ['emails', 'value'], ['emails', 'type'], ['meta', 'created'],
].map(([attribute = '', subAttribute]) => ({ path: subAttribute === undefined ? { attribute } : { attribute, subAttribute }, weight: 1 }));

const FIELDS = filterFields(USERS, resolve, PATHS);

/** A rule a package follows instead of the RFC's, for one attribute definition. */
type DefinitionRule = (definition: AttributeDefinition) => AttributeDefinition;

/** Every string compared with its case, whatever the schema's caseExact says. */
const caseSensitiveStrings: DefinitionRule = (definition) => (definition.type === 'string' ? { ...definition, caseExact: true } : definition);
/** Every string compared without its case, caseExact ones (id, externalId) too. */
const caseInsensitiveStrings: DefinitionRule = (definition) => (definition.type === 'string' ? { ...definition, caseExact: false } : definition);
/** dateTimes compared as the text they are written in, not as instants. */
const dateTimesAsText: DefinitionRule = (definition) => (definition.type === 'dateTime' ? { ...definition, type: 'string', caseExact: true } : definition);

function withRules(rules: DefinitionRule[]): AttributeResolver {
  return (path: AttributePath) => {
    const definition = resolve(path);
    return definition && rules.reduce((current, rule) => rule(current), definition);
  };
}

/** The text with accents taken off (é → e): what a comparison at "base" sensitivity sees. */
function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

function withoutAccents(value: JsonValue): JsonValue {
  if (typeof value === 'string') return stripAccents(value);
  if (Array.isArray(value)) return value.map(withoutAccents);
  if (isJsonObject(value)) return userWithoutAccents(value);
  return value;
}

function userWithoutAccents(user: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(user).map(([key, value]) => [key, withoutAccents(value)]));
}

type Leaf = Extract<Filter, { kind: 'compare' | 'present' }>;

interface Dialect {
  name: string;
  /** The filter text as the package's parser takes it: our printer's, unless a named departure says otherwise. */
  text(filter: Filter): string;
  /** The package's own verdict on a user. */
  compile(text: string): (user: JsonObject) => boolean;
  /** Whether every filter with `not` throws (see the named departures). */
  refusesNot: boolean;
  /** What the package answers for one comparison or presence test: our evaluator under its rules. */
  expectedLeaf(leaf: Leaf, user: JsonObject): boolean;
}

const packageA: Dialect = {
  name: 'scim2-parse-filter',
  text: printFilter,
  compile: (text) => compileParsed(parseWithA(text)),
  refusesNot: false,
  // It compares with ===, <, >, startsWith and the like on the raw JSON values.
  expectedLeaf: (leaf, user) => matchesFilter(leaf, user, withRules([caseSensitiveStrings, dateTimesAsText])),
};

/**
 * The filter with every and/or in parentheses of its own, which means the same by RFC 7644 §3.4.2.2:
 * scim-query-filter-parser misjudges a chain of three operands (see the named departures).
 */
function printParenthesised(filter: Filter): string {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return `(${printParenthesised(filter.left)} ${filter.kind} ${printParenthesised(filter.right)})`;
    case 'not':
      return `not (${printParenthesised(filter.filter)})`;
    default:
      return printFilter(filter);
  }
}

const packageB: Dialect = {
  name: 'scim-query-filter-parser',
  text: printParenthesised,
  compile: (text) => compileWithB(text),
  refusesNot: true,
  expectedLeaf: (leaf, user) => {
    // eq and ne use localeCompare at "base" sensitivity: no case, no accents, caseExact or not.
    if (leaf.kind === 'compare' && (leaf.op === 'eq' || leaf.op === 'ne') && typeof leaf.value === 'string') {
      return matchesFilter({ ...leaf, value: stripAccents(leaf.value) }, userWithoutAccents(user), withRules([caseInsensitiveStrings, dateTimesAsText]));
    }
    // The other operators compare the raw strings: with case, dateTimes as text.
    return matchesFilter(leaf, user, withRules([caseSensitiveStrings, dateTimesAsText]));
  },
};

const DIALECTS = [packageA, packageB];

function asLeaf(filter: Filter): Leaf {
  if (filter.kind !== 'compare' && filter.kind !== 'present') throw new Error(`expected a comparison or presence test, got ${printFilter(filter)}`);
  return filter;
}

function containsNot(filter: Filter): boolean {
  switch (filter.kind) {
    case 'not':
      return true;
    case 'and':
    case 'or':
      return containsNot(filter.left) || containsNot(filter.right);
    default:
      return false;
  }
}

/** The verdict of our parse of the filter's structure, with each comparison judged by `leafVerdict`. */
function combine(filter: Filter, leafVerdict: (leaf: Leaf) => boolean): boolean {
  switch (filter.kind) {
    case 'and':
      return combine(filter.left, leafVerdict) && combine(filter.right, leafVerdict);
    case 'or':
      return combine(filter.left, leafVerdict) || combine(filter.right, leafVerdict);
    case 'not':
      return !combine(filter.filter, leafVerdict);
    case 'valuePath':
      throw new Error('the dataset arbitrary generates no value paths');
    default:
      return leafVerdict(filter);
  }
}

function label(user: JsonObject): string {
  return String(user.id);
}

describe.each(DIALECTS)('against $name', (dialect) => {
  it('judges every generated comparison as our evaluator does under its named rules', () => {
    fc.assert(
      // With no operator levels, the arbitrary gives single comparisons and presence tests.
      fc.property(datasetFilterArbitrary(FIELDS, 0).map(asLeaf), (leaf) => {
        const theirs = dialect.compile(dialect.text(leaf));
        for (const user of USERS) {
          expect(theirs(user), `${dialect.text(leaf)} on ${label(user)}`).toBe(dialect.expectedLeaf(leaf, user));
        }
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('combines comparisons with and, or, not and parentheses as our parser reads them', () => {
    fc.assert(
      fc.property(datasetFilterArbitrary(FIELDS, 3), (filter) => {
        if (dialect.refusesNot && containsNot(filter)) {
          expect(() => dialect.compile(dialect.text(filter)), dialect.text(filter)).toThrow();
          return;
        }
        const whole = dialect.compile(dialect.text(filter));
        for (const user of USERS) {
          const combined = combine(filter, (leaf) => dialect.compile(dialect.text(leaf))(user));
          expect(whole(user), `${dialect.text(filter)} on ${label(user)}`).toBe(combined);
        }
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });
});

/** The users a filter matches: ours by the RFC, and the package's. */
function verdicts(dialect: Dialect, text: string): { ours: string[]; theirs: string[] } {
  const filter = parseFilter(text);
  const theirs = dialect.compile(dialect.text(filter));
  return {
    ours: USERS.filter((user) => matchesFilter(filter, user, resolve)).map(label),
    theirs: USERS.filter((user) => theirs(user)).map(label),
  };
}

describe('the named departures from RFC 7644 §3.4.2.2', () => {
  it('scim2-parse-filter compares strings with their case; the RFC compares userName (caseExact false) without', () => {
    expect(verdicts(packageA, 'userName eq "BOB"')).toEqual({ ours: ['u-bob'], theirs: [] });
  });

  it('both compare dateTimes as text; the RFC compares them as instants (10:00:00.5Z is after 10:00:00Z)', () => {
    for (const dialect of DIALECTS) {
      expect(verdicts(dialect, 'meta.created gt "2026-01-02T10:00:00Z"'), dialect.name).toEqual({
        ours: ['u-bob', 'u-carol'],
        // "." sorts before "Z", and "11:00:00+02:00" (09:00Z) reads later than "10:00:00Z".
        theirs: ['u-zoe', 'u-carol'],
      });
    }
  });

  it('scim-query-filter-parser takes eq without case even for caseExact externalId; the RFC does not', () => {
    expect(verdicts(packageB, 'externalId eq "ext-bob"')).toEqual({ ours: [], theirs: ['u-bob'] });
  });

  it('scim-query-filter-parser takes eq without accents (Zoe eq Zoë); the RFC compares code points', () => {
    expect(verdicts(packageB, 'userName eq "zoe"')).toEqual({ ours: [], theirs: ['u-zoe'] });
  });

  it('scim-query-filter-parser compares sw, co, ew and ordering with case; the RFC compares userName without', () => {
    expect(verdicts(packageB, 'userName sw "B"')).toEqual({ ours: ['u-bob'], theirs: [] });
  });

  it('scim-query-filter-parser misjudges a chain of three operands, which the RFC reads left to right', () => {
    const noNickName = (text: string): boolean => compileWithB(text)({ userName: 'Alice' });
    expect(noNickName('nickName pr and userName pr and userName pr')).toBe(true);
    expect(noNickName('(nickName pr and userName pr) and userName pr')).toBe(false);
    expect(matchesFilter(parseFilter('nickName pr and userName pr and userName pr'), { userName: 'Alice' }, resolve)).toBe(false);
  });

  it('scim-query-filter-parser evaluates no not at all, which RFC 7644 Figure 1 defines', () => {
    // Figure 1's ABNF form parses, then fails inside the package; the RFC examples' form, with a space, does not parse.
    expect(() => compileWithB('not(userName eq "bob")')).toThrow(/INVARIANT/);
    expect(() => compileWithB('not (userName eq "bob")')).toThrow(/Failed to parse/);
    expect(USERS.filter((user) => matchesFilter(parseFilter('not (userName eq "bob")'), user, resolve)).map(label)).toEqual(['u-Alice', 'u-zoe', 'u-carol']);
    expect(USERS.filter((user) => matchesFilter(parseFilter('not(userName eq "bob")'), user, resolve)).map(label)).toEqual(['u-Alice', 'u-zoe', 'u-carol']);
  });
});
