import { describe, expect, test } from 'vitest';
import { paddedBulkRequest, paddedSearchRequest } from '../../src/scim/padded-body.js';
import { URN } from '../../src/scim/urns.js';

describe('padded request bodies', () => {
  test('a SearchRequest of any size from the smallest, asking for a userName under the scope', () => {
    const search = paddedSearchRequest('scimprobe-1-payload');
    for (const bytes of [search.smallest, search.smallest + 1, 4096]) {
      const body = search.ofSize(bytes);
      expect(Buffer.byteLength(body)).toBe(bytes);
      expect(JSON.parse(body)).toMatchObject({ schemas: [URN.searchRequest], filter: expect.stringMatching(/^userName eq "scimprobe-1-payload-x*"$/) });
    }
  });

  test('a BulkRequest of one DELETE of an id under the scope, of any size from the smallest', () => {
    const bulk = paddedBulkRequest('/Users', 'scimprobe-1-payload');
    const body = bulk.ofSize(1000);
    expect(Buffer.byteLength(body)).toBe(1000);
    expect(JSON.parse(body)).toEqual({
      schemas: [URN.bulkRequest],
      Operations: [{ method: 'DELETE', path: expect.stringMatching(/^\/Users\/scimprobe-1-payload-x+$/) }],
    });
    expect(() => bulk.ofSize(bulk.smallest - 1)).toThrow(/smaller than/);
  });

  test('refuses a scope whose characters would not count one byte each', () => {
    expect(() => paddedSearchRequest('caf\u00e9')).toThrow(/printable ASCII/);
  });
});
