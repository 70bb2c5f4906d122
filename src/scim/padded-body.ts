/** Request bodies of an exact size, to probe a server's payload limits with requests that change nothing. */
import { URN } from './urns.js';

/** A body that grows by padding one string inside it, from its smallest size to any larger one. */
export interface PaddedBody {
  /** The size of the body without padding: no smaller one can be made. */
  smallest: number;
  /** The body of exactly `bytes` bytes. */
  ofSize(bytes: number): string;
}

/** The text is printable ASCII, so its length in characters is its length in bytes. */
function paddedBody(build: (padding: string) => string): PaddedBody {
  const bare = build('');
  if (/[^\x20-\x7e]/.test(bare)) throw new Error(`padded body: ${bare} is not printable ASCII`);
  return {
    smallest: bare.length,
    ofSize(bytes) {
      if (bytes < bare.length) throw new Error(`padded body: ${bytes} bytes is smaller than the ${bare.length} the body needs`);
      return build('x'.repeat(bytes - bare.length));
    },
  };
}

/**
 * A SearchRequest (RFC 7644 §3.4.3) whose filter asks for a userName made of `scope` and the padding, so it
 * matches no resource the scope does not own.
 */
export function paddedSearchRequest(scope: string): PaddedBody {
  return paddedBody((padding) => JSON.stringify({ schemas: [URN.searchRequest], filter: `userName eq "${scope}-${padding}"`, count: 1 }));
}

/**
 * A BulkRequest (RFC 7644 §3.7) of one DELETE of a resource at `endpoint` whose id is made of `scope` and
 * the padding: no resource has that id, so a server that runs it changes nothing.
 */
export function paddedBulkRequest(endpoint: string, scope: string): PaddedBody {
  return paddedBody((padding) => JSON.stringify({ schemas: [URN.bulkRequest], Operations: [{ method: 'DELETE', path: `${endpoint}/${scope}-${padding}` }] }));
}
