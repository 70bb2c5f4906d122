/**
 * Everything a suite file creates on the target, so it can be deleted when the file ends. Each create and
 * delete is also written to the run's ledger at once, so nothing is lost if the process dies.
 */
import type { ScimClient } from '../http/client.js';
import { deleteEach, type LedgerWriter } from './ledger.js';

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

  /** Deletes in reverse creation order (groups before their members); the run's sweep retries what is left. */
  async deleteAll(): Promise<void> {
    const { left } = await deleteEach(this.client, this.live.splice(0).reverse(), this.ledger);
    if (left.length > 0) throw new Error(`clean-up: could not delete ${left.join(', ')}`);
  }

  private absolute(location: string): string {
    return /^https?:\/\//i.test(location) ? location : `${this.client.baseUrl}${location}`;
  }
}
