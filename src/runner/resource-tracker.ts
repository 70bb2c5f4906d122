/**
 * Everything a suite file creates on the target, so it can be deleted when the file ends. Each create and
 * delete is also written to the run's ledger at once, so nothing is lost if the process dies.
 */
import type { ScimClient } from '../http/client.js';
import type { LedgerWriter } from './ledger.js';

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

  /** The check deleted the resource itself. */
  forget(location: string): void {
    const url = this.absolute(location);
    const index = this.live.indexOf(url);
    if (index < 0) return;
    this.live.splice(index, 1);
    this.ledger.deleted(url);
  }

  /** Deletes in reverse creation order (groups before their members); a 404 means already gone. */
  async deleteAll(): Promise<void> {
    const failures: string[] = [];
    for (const url of this.live.splice(0).reverse()) {
      const response = await this.client.delete(url);
      if (response.status < 300 || response.status === 404) this.ledger.deleted(url);
      else failures.push(`${url} (${response.status})`);
    }
    if (failures.length > 0) throw new Error(`clean-up: could not delete ${failures.join(', ')}`);
  }

  private absolute(location: string): string {
    return /^https?:\/\//i.test(location) ? location : `${this.client.baseUrl}${location}`;
  }
}
