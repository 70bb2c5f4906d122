import { describe, expect, it } from 'vitest';
import { capabilityMatrix } from '../../src/runner/capability-matrix.js';
import type { FilterSupport } from '../../src/runner/filter-support.js';
import type { CapabilityRow } from '../../src/results/model.js';
import { SAMPLE_CAPABILITIES, sampleExchange } from '../support/sample-result.js';

const BASE = 'https://scim.example.test/scim/v2';
const at = '2025-03-04T10:00:00.000Z';
const get = (query: string, status: number) => sampleExchange({ startedAt: at, method: 'GET', url: `${BASE}/Users?${query}`, status });

const SUPPORT: FilterSupport = {
  probes: [
    { feature: 'operator eq', filter: 'userName eq "p"', status: 200, served: true, declined: false },
    { feature: 'operator sw', filter: 'userName sw "p"', status: 400, served: false, declined: true },
    { feature: 'and', filter: 'userName eq "p" and userName eq "p"', status: 200, served: true, declined: false },
  ],
};

function rowOf(rows: CapabilityRow[], feature: string): CapabilityRow | undefined {
  return rows.find((row) => row.feature === feature);
}

describe('capabilityMatrix', () => {
  const exchanges = [
    // The probes themselves say what is served; they are not what the checks used.
    get(`filter=${encodeURIComponent('userName eq "p"')}&count=1`, 200),
    get(`filter=${encodeURIComponent('userName sw "p"')}&count=1`, 400),
    get(`filter=${encodeURIComponent('userName eq "a" and externalId eq "b"')}`, 200),
    get(`filter=${encodeURIComponent('userName eq "a"')}`, 200),
    get(`sortBy=userName`, 400),
    sampleExchange({ startedAt: at, method: 'POST', url: `${BASE}/Bulk`, body: '{}', status: 501 }),
    sampleExchange({ startedAt: at, method: 'POST', url: `${BASE}/Users/.search`, body: JSON.stringify({ filter: 'userName eq "a"' }), status: 200 }),
    sampleExchange({ startedAt: at, method: 'PATCH', url: `${BASE}/Users/u-1`, body: JSON.stringify({ Operations: [{ op: 'replace', path: 'password', value: 'x' }] }), status: 200 }),
  ];
  const rows = capabilityMatrix(SAMPLE_CAPABILITIES, SUPPORT, exchanges);

  it('says what the probes saw of each part of the filter language, and counts the answered filters of the checks that used it', () => {
    expect(rowOf(rows, 'filter')).toEqual({ feature: 'filter', advertised: true, observed: 'served', used: 3 });
    expect(rowOf(rows, 'filter: operator eq')).toEqual({ feature: 'filter: operator eq', advertised: true, observed: 'served', used: 3 });
    expect(rowOf(rows, 'filter: operator sw')).toEqual({ feature: 'filter: operator sw', advertised: true, observed: 'not served', used: 0 });
    expect(rowOf(rows, 'filter: and')?.used).toBe(1);
  });

  it('reads the other features from the answers to the requests that used them', () => {
    expect(rowOf(rows, 'sort')).toEqual({ feature: 'sort', advertised: false, observed: 'not served', used: 1 });
    expect(rowOf(rows, 'bulk')).toEqual({ feature: 'bulk', advertised: false, observed: 'not served', used: 1 });
    expect(rowOf(rows, '.search')).toEqual({ feature: '.search', advertised: null, observed: 'served', used: 1 });
    expect(rowOf(rows, '/Me')).toEqual({ feature: '/Me', advertised: null, observed: 'not asked', used: 0 });
    expect(rowOf(rows, 'patch')).toMatchObject({ advertised: true, observed: 'served', used: 1 });
    expect(rowOf(rows, 'changePassword')).toMatchObject({ advertised: false, observed: 'served', used: 1 });
    // No answer carried an ETag header.
    expect(rowOf(rows, 'etag')).toMatchObject({ advertised: false, observed: 'not served', used: 0 });
  });

  it('counts a request once, though several checks show it as their evidence', () => {
    const shared = get(`filter=${encodeURIComponent('userName eq "shared"')}`, 200);
    expect(rowOf(capabilityMatrix(SAMPLE_CAPABILITIES, SUPPORT, [shared, shared]), 'filter')?.used).toBe(1);
  });
});
