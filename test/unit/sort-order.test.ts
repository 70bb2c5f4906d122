import { describe, expect, it } from 'vitest';
import { createAttributeResolver } from '../../src/scim/filter/index.js';
import type { JsonObject } from '../../src/scim/json.js';
import type { AttributeDefinition } from '../../src/scim/schema.js';
import { compareSortKeys, firstOutOfOrder, sortKey, type SortOrder } from '../../src/scim/sort-order.js';

const text = (name: string, caseExact = false): AttributeDefinition => ({ name, type: 'string', multiValued: false, caseExact });

const resolve = createAttributeResolver(
  {
    id: 'urn:ietf:params:scim:schemas:core:2.0:User',
    attributes: [
      text('userName'),
      text('title'),
      { name: 'emails', type: 'complex', multiValued: true, subAttributes: [text('value'), text('type'), { name: 'primary', type: 'boolean', multiValued: false }] },
    ],
  },
  [],
);

/** The order of the resources' labels when sorted by the oracle's keys (stable for ties). */
function sortedLabels(resources: JsonObject[], attribute: string, order: SortOrder, subAttribute?: string): string[] {
  const path = subAttribute === undefined ? { attribute } : { attribute, subAttribute };
  return resources
    .map((resource) => ({ label: String(resource.label), key: sortKey(resource, path, resolve) }))
    .sort((a, b) => compareSortKeys(a.key, b.key, order))
    .map((entry) => entry.label);
}

describe('the sort order of RFC 7644 §3.4.2.3', () => {
  it('compares strings that are not caseExact without case, and caseExact ones by code point', () => {
    const users = [{ label: 'b', userName: 'b', externalId: 'b' }, { label: 'C', userName: 'C', externalId: 'C' }, { label: 'a', userName: 'a', externalId: 'a' }];
    expect(sortedLabels(users, 'userName', 'ascending')).toEqual(['a', 'b', 'C']);
    // externalId is caseExact (RFC 7643 §3.1).
    expect(sortedLabels(users, 'externalId', 'ascending')).toEqual(['C', 'a', 'b']);
  });

  it('puts resources without a value last when ascending and first when descending', () => {
    const users: JsonObject[] = [{ label: 'none' }, { label: 'b', title: 'B' }, { label: 'empty', title: '' }, { label: 'a', title: 'A' }];
    expect(sortedLabels(users, 'title', 'ascending')).toEqual(['a', 'b', 'none', 'empty']);
    expect(sortedLabels(users, 'title', 'descending')).toEqual(['none', 'empty', 'b', 'a']);
  });

  it('sorts a multi-valued attribute by its primary value, else its first', () => {
    const users: JsonObject[] = [
      { label: 'primary-b', emails: [{ value: 'z@example.com' }, { value: 'b@example.com', primary: true }] },
      { label: 'first-c', emails: [{ value: 'c@example.com' }, { value: 'a@example.com' }] },
    ];
    expect(sortedLabels(users, 'emails', 'ascending', 'value')).toEqual(['primary-b', 'first-c']);
  });

  it('compares dateTimes as instants whatever their offset', () => {
    const users = [
      { label: 'later', meta: { created: '2026-01-01T10:00:00+02:00' } },
      { label: 'earlier', meta: { created: '2026-01-01T09:00:00.5Z' } },
    ];
    // 10:00+02:00 is 08:00Z, before 09:00:00.5Z, though it reads as the larger string.
    expect(sortedLabels(users, 'meta', 'ascending', 'created')).toEqual(['later', 'earlier']);
  });

  it('finds the first key listed after one it must precede', () => {
    const keys = ['a', 'b', 'a'].map((value) => sortKey({ title: value }, { attribute: 'title' }, resolve));
    expect(firstOutOfOrder(keys, 'ascending')).toBe(2);
    expect(firstOutOfOrder(keys.slice(0, 2), 'ascending')).toBeUndefined();
    expect(firstOutOfOrder([keys[1], keys[0], undefined], 'descending')).toBe(2);
    expect(firstOutOfOrder([undefined, keys[1], keys[0]], 'descending')).toBeUndefined();
  });
});
