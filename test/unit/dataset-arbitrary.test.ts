import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFilterArbitrary, filterFields } from '../../src/scim/filter/dataset-arbitrary.js';
import { checkFilter, createAttributeResolver, matchesFilter, parseFilter, printFilter, type Filter } from '../../src/scim/filter/index.js';
import type { JsonObject } from '../../src/scim/json.js';
import { readListPage } from '../../src/scim/list-response.js';
import type { AttributeDefinition, SchemaDefinition } from '../../src/scim/schema.js';

const text = (name: string): AttributeDefinition => ({ name, type: 'string', multiValued: false, caseExact: false });

const userSchema: SchemaDefinition = {
  id: 'urn:ietf:params:scim:schemas:core:2.0:User',
  attributes: [
    text('userName'),
    text('title'),
    { name: 'active', type: 'boolean', multiValued: false },
    { name: 'loginCount', type: 'integer', multiValued: false },
    { name: 'emails', type: 'complex', multiValued: true, subAttributes: [text('value'), text('type')] },
  ],
};
const resolve = createAttributeResolver(userSchema, []);

const users: JsonObject[] = [
  { id: 'a', userName: 'Ann', title: 'Engineer', active: true, loginCount: 3, emails: [{ value: 'ann@example.com', type: 'work' }] },
  { id: 'b', userName: 'bob', active: false, emails: [{ value: 'bob@example.org', type: 'home' }, { value: 'BOB@example.com' }] },
  { id: 'c', userName: 'carl', title: '', meta: { created: '2026-01-01T00:00:00Z' } },
];

const paths = [
  { path: { attribute: 'userName' }, weight: 2 },
  { path: { attribute: 'title' }, weight: 1 },
  { path: { attribute: 'active' }, weight: 1 },
  { path: { attribute: 'loginCount' }, weight: 1 },
  { path: { attribute: 'emails', subAttribute: 'value' }, weight: 1 },
  { path: { attribute: 'nickName' }, weight: 1 },
  { path: { attribute: 'emails' }, weight: 1 },
  { path: { attribute: 'meta', subAttribute: 'created' }, weight: 1 },
];

function pathsOf(filter: Filter): string[] {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return [...pathsOf(filter.left), ...pathsOf(filter.right)];
    case 'not':
      return pathsOf(filter.filter);
    case 'valuePath':
      return [filter.path.attribute];
    default:
      return [[filter.path.attribute, filter.path.subAttribute].filter(Boolean).join('.')];
  }
}

describe('filterFields', () => {
  it('keeps the simple attributes the schema defines and the resources hold, with their non-empty values', () => {
    const fields = filterFields(users, resolve, paths);
    expect(fields.map((field) => [field.path, field.type, field.weight])).toEqual([
      [{ attribute: 'userName' }, 'string', 2],
      [{ attribute: 'title' }, 'string', 1],
      [{ attribute: 'active' }, 'boolean', 1],
      [{ attribute: 'loginCount' }, 'number', 1],
      [{ attribute: 'emails', subAttribute: 'value' }, 'string', 1],
      [{ attribute: 'meta', subAttribute: 'created' }, 'dateTime', 1],
    ]);
    expect(fields[1]?.values).toEqual(['Engineer']);
    expect(fields[4]?.values).toEqual(['ann@example.com', 'bob@example.org', 'BOB@example.com']);
  });
});

describe('datasetFilterArbitrary', () => {
  const fields = filterFields(users, resolve, paths);

  it('generates filters that print, parse back unchanged and are valid for the schema', () => {
    fc.assert(
      fc.property(datasetFilterArbitrary(fields), (filter) => {
        expect(parseFilter(printFilter(filter))).toEqual(filter);
        expect(() => checkFilter(filter, resolve)).not.toThrow();
        for (const path of pathsOf(filter)) expect(['userName', 'title', 'active', 'loginCount', 'emails.value', 'meta.created']).toContain(path);
      }),
      { seed: 4, numRuns: 300 },
    );
  });

  it('splits the resources: some filters match some of them but not all', () => {
    const splits = fc
      .sample(datasetFilterArbitrary(fields), { seed: 5, numRuns: 200 })
      .map((filter) => users.filter((user) => matchesFilter(filter, user, resolve)).length)
      .filter((matched) => matched > 0 && matched < users.length);
    expect(splits.length).toBeGreaterThan(50);
  });

  it('shrinks a failing filter to the one comparison that fails', () => {
    // A server that compares userName case-sensitively: a filter fails when one of its userName comparisons changes case.
    const caseChanged = (filter: Filter): boolean =>
      filter.kind === 'compare' ? filter.path.attribute === 'userName' && typeof filter.value === 'string' && !users.some((user) => user.userName === filter.value)
      : filter.kind === 'and' || filter.kind === 'or' ? caseChanged(filter.left) || caseChanged(filter.right)
      : filter.kind === 'not' ? caseChanged(filter.filter)
      : false;
    const details = fc.check(fc.property(datasetFilterArbitrary(fields), (filter) => !caseChanged(filter)), { seed: 1 });
    expect(details.failed).toBe(true);
    const [smallest] = details.counterexample ?? [];
    expect(smallest).toMatchObject({ kind: 'compare', path: { attribute: 'userName' } });
  });

  it('refuses a dataset with nothing to filter on', () => {
    expect(() => datasetFilterArbitrary([])).toThrow(/no attribute/);
  });
});

describe('readListPage', () => {
  it('reads the paging members and the resources', () => {
    expect(readListPage({ totalResults: 2, startIndex: 1, itemsPerPage: 1, Resources: [{ id: 'a' }] })).toEqual({
      totalResults: 2, startIndex: 1, itemsPerPage: 1, resources: [{ id: 'a' }],
    });
  });

  it('leaves out Resources that are absent or not an array of objects, and a body that is not an object', () => {
    expect(readListPage({ totalResults: 0 })?.resources).toBeUndefined();
    expect(readListPage({ totalResults: 1, resources: ['a'] })?.resources).toBeUndefined();
    expect(readListPage([])).toBeUndefined();
  });
});
