/**
 * Everything a suite file creates on the target, so it can be deleted when the file ends. Each create and
 * delete is also written to the run's ledger at once, so nothing is lost if the process dies.
 */
import type { ScimClient, ScimResponse } from '../http/client.js';
import { pathUnderBase, resolveAgainstBase } from '../scim/base-url.js';
import { stringMember } from '../scim/messages.js';
import { deleteEach, type LedgerWriter } from './ledger.js';

export interface CreatedResource {
  response: ScimResponse;
  id: string;
  /** Where the resource is: its Location (an absolute URL under the base URL), or `${endpoint}/${id}` relative to the base URL. */
  path: string;
}

/** The last segment of a location's path, percent-encoded as sent: the id of the resource it names. */
function lastSegment(location: URL): string {
  return location.pathname.split('/').pop() ?? '';
}

/**
 * The resource a create response names. The body is only RECOMMENDED (RFC 7644 §3.3), so a 201 without
 * one still names its resource by the Location header, which is REQUIRED. A Location outside the base URL
 * (another origin, an internal host a gateway left in) is not followed: the resource is addressed at
 * `${endpoint}/${id}` below the base URL, where RFC 7644 §3.2 puts it, and schema.every-resource-location
 * reports the Location.
 */
export function createdResource(baseUrl: string, endpoint: string, response: ScimResponse): CreatedResource | undefined {
  const header = response.headers['location'];
  const location = header === undefined ? undefined : resolveAgainstBase(header, baseUrl);
  const id = stringMember(response.json, 'id') ?? (location === undefined ? undefined : decodeURIComponent(lastSegment(location)));
  if (id === undefined || id === '') return undefined;
  const underBase = location !== undefined && pathUnderBase(location, baseUrl) !== undefined;
  return { response, id, path: underBase ? location.href : `${endpoint}/${encodeURIComponent(id)}` };
}

/**
 * Where to address a resource the server names by a location it posted to `endpoint` (a bulk operation's
 * `location`): the location when it is under the base URL, else `${endpoint}/${id}` below the base URL.
 */
export function resourceAddress(baseUrl: string, endpoint: string, location: string): string {
  const url = resolveAgainstBase(location, baseUrl);
  if (url === undefined) return location;
  return pathUnderBase(url, baseUrl) === undefined ? `${endpoint}/${lastSegment(url)}` : url.href;
}

export class ResourceTracker {
  /** Absolute URLs of live resources, in creation order. */
  private readonly live: string[] = [];

  constructor(
    private readonly client: ScimClient,
    private readonly ledger: LedgerWriter,
  ) {}

  /** location: an absolute URL, or a path relative to the base URL. */
  track(location: string): void {
    const url = this.absolute(location);
    if (this.live.includes(url)) return;
    this.live.push(url);
    this.ledger.created(url);
  }

  /**
   * Tracks what a POST to `endpoint` created, when it created something (2xx naming a resource): also a
   * resource a server created from a request it should have refused.
   */
  trackCreated(endpoint: string, response: ScimResponse): void {
    const created = createdResource(this.client.baseUrl, endpoint, response);
    if (response.status >= 200 && response.status < 300 && created !== undefined) this.track(created.path);
  }

  /** The check deleted the resource itself. */
  forget(location: string): void {
    const url = this.absolute(location);
    const index = this.live.indexOf(url);
    if (index < 0) return;
    this.live.splice(index, 1);
    this.ledger.deleted(url);
  }

  /** Deletes in reverse creation order (groups before their members); the run's sweep retries what is left. */
  async deleteAll(): Promise<void> {
    const { left } = await deleteEach(this.client, this.live.splice(0).reverse(), this.ledger);
    if (left.length > 0) throw new Error(`clean-up: could not delete ${left.join(', ')}`);
  }

  private absolute(location: string): string {
    return /^https?:\/\//i.test(location) ? location : `${this.client.baseUrl}${location}`;
  }
}
