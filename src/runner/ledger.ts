/**
 * The clean-up ledger: one JSON line per resource the run creates or deletes, appended as it happens
 * (from every suite worker), so whatever stops a run, what it left on the target can be found and
 * deleted — at the end of the run, on SIGINT/SIGTERM, or later by `scimprobe cleanup --ledger FILE`.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import type { ScimClient } from '../http/client.js';

export function ledgerFileName(runId: string): string {
  return `scimprobe-ledger-${runId}.jsonl`;
}

/** Appends to the ledger; every location is an absolute URL, so the ledger means the same anywhere. */
export class LedgerWriter {
  constructor(readonly path: string) {}

  created(url: string): void {
    appendFileSync(this.path, `${JSON.stringify({ created: url })}\n`);
  }

  deleted(url: string): void {
    appendFileSync(this.path, `${JSON.stringify({ deleted: url })}\n`);
  }
}

/**
 * URLs created and not deleted, in creation order. A line cut short by a killed process is ignored: it
 * can only be the last one, written after its resource's create was answered.
 */
export function outstandingResources(path: string): string[] {
  const live = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry !== 'object' || entry === null) continue;
    if ('created' in entry && typeof entry.created === 'string') live.add(entry.created);
    if ('deleted' in entry && typeof entry.deleted === 'string') live.delete(entry.deleted);
  }
  return [...live];
}

export interface Sweep {
  deleted: number;
  /** Resources still on the target, with why: the ledger is kept for them. */
  left: string[];
}

/**
 * Deletes each URL in the order given, recording each deletion in the ledger if there is one; a 404 means
 * already gone. One failure (a status or no answer at all) does not stop the others.
 */
export async function deleteEach(client: ScimClient, urls: readonly string[], ledger?: LedgerWriter): Promise<Sweep> {
  const sweep: Sweep = { deleted: 0, left: [] };
  for (const url of urls) {
    try {
      const response = await client.delete(url);
      if (response.status < 300 || response.status === 404) {
        ledger?.deleted(url);
        sweep.deleted += 1;
      } else {
        sweep.left.push(`${url} (DELETE answered ${response.status})`);
      }
    } catch (error) {
      sweep.left.push(`${url} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return sweep;
}

/**
 * Deletes what the ledger says is still on the target, newest first (groups before their members).
 * Removes the ledger when nothing is left.
 */
export async function sweepLedger(path: string, client: ScimClient): Promise<Sweep> {
  const sweep = await deleteEach(client, outstandingResources(path).reverse(), new LedgerWriter(path));
  if (sweep.left.length === 0) rmSync(path, { force: true });
  return sweep;
}
