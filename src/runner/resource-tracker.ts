/** Everything a suite file creates on the target, so it can be deleted when the file ends. */
import type { ScimClient, ScimResponse } from '../http/client.js';
import { stringMember } from '../scim/messages.js';

export class ResourceTracker {
  /** Locations (absolute URLs or paths relative to the base) of live resources, in creation order. */
  private readonly live: string[] = [];

  constructor(private readonly client: ScimClient) {}

  track(location: string): void {
    if (!this.live.includes(location)) this.live.push(location);
  }

  /**
   * Tracks what a POST to `endpoint` created, when it created something (2xx with an id): also a
   * resource a server created from a request it should have refused.
   */
  trackCreated(endpoint: string, response: ScimResponse): void {
    const id = stringMember(response.json, 'id');
    if (response.status >= 200 && response.status < 300 && id !== undefined) this.track(`${endpoint}/${encodeURIComponent(id)}`);
  }

  /** The check deleted the resource itself. */
  forget(location: string): void {
    const index = this.live.indexOf(location);
    if (index >= 0) this.live.splice(index, 1);
  }

  /** Deletes in reverse creation order (groups before their members); a 404 means already gone. */
  async deleteAll(): Promise<void> {
    const failures: string[] = [];
    for (const location of this.live.splice(0).reverse()) {
      const response = await this.client.delete(location);
      if (response.status >= 300 && response.status !== 404) failures.push(`${location} (${response.status})`);
    }
    if (failures.length > 0) throw new Error(`clean-up: could not delete ${failures.join(', ')}`);
  }
}
