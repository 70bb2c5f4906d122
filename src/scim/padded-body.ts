/** Request bodies of an exact size, to probe a server's payload limit with a request that changes nothing. */
import { URN } from './urns.js';

/**
 * A SearchRequest (RFC 7644 §3.4.3) of exactly `bytes` bytes: its filter asks for a userName made of
 * `scope` and enough padding to reach the size, so it matches no resource the scope does not own.
 * The text is ASCII, so its length in characters is its length in bytes.
 */
export function paddedSearchRequest(scope: string, bytes: number): string {
  const smallest = smallestSearchRequest(scope);
  if (bytes < smallest) throw new Error(`padded body: ${bytes} bytes is smaller than the ${smallest} a SearchRequest needs`);
  return searchRequest(scope, 'x'.repeat(bytes - smallest));
}

/** The size of the SearchRequest paddedSearchRequest builds without padding: no smaller one can be made. */
export function smallestSearchRequest(scope: string): number {
  const bare = searchRequest(scope, '');
  if (/[^\x20-\x7e]/.test(bare)) throw new Error(`padded body: the scope ${JSON.stringify(scope)} is not printable ASCII`);
  return bare.length;
}

function searchRequest(scope: string, padding: string): string {
  return JSON.stringify({ schemas: [URN.searchRequest], filter: `userName eq "${scope}-${padding}"`, count: 0 });
}
