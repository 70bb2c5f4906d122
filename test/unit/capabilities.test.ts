import { describe, expect, it } from 'vitest';
import { withDocumentedMaxResults, type Capabilities } from '../../src/discovery/capabilities.js';

function capabilities(maxResults: number): Capabilities {
  return {
    patch: true,
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: false,
    sort: true,
    etag: false,
    authenticationSchemes: [],
    resourceTypes: [],
    schemas: [],
  };
}

describe('a documented page limit', () => {
  it('stands in for a filter.maxResults the service does not advertise', () => {
    expect(withDocumentedMaxResults(capabilities(0), 1000).filter).toEqual({ supported: true, maxResults: 1000 });
  });

  it('gives way to an advertised one', () => {
    expect(withDocumentedMaxResults(capabilities(200), 1000).filter.maxResults).toBe(200);
  });

  it('changes nothing when none is configured', () => {
    expect(withDocumentedMaxResults(capabilities(0), undefined).filter.maxResults).toBe(0);
  });
});
