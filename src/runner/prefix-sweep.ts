/**
 * Finding a run's resources by its prefix, for what no ledger lists: a create whose answer was lost (the
 * connection dropped after the server stored it) or a ledger that is gone. Only a full run prefix is
 * accepted, and each match is checked again on this side before it is deleted: a server that ignores the
 * filter must never cause the deletion of anything else.
 */
import type { Capabilities } from '../discovery/capabilities.js';
import type { ScimClient } from '../http/client.js';
import { readListPage, type ListPage } from '../scim/list-response.js';
import { stringMember } from '../scim/messages.js';
import { namingAttributes } from '../scim/schema.js';
import { answered, answeredWithDetail } from './failure.js';
import { deleteEach } from './ledger.js';

/** `scimprobe-` and the run id: 8 lower-case hex digits (see run.ts). */
export const RUN_PREFIX = /^scimprobe-[0-9a-f]{8}$/;

export function runPrefixOf(runId: string): string {
  return `scimprobe-${runId}`;
}

/** Every name the run gives starts with its prefix and a dash (uniqueName), so `…-abc` never matches `…-abcd`. */
function carriesPrefix(value: string | undefined, prefix: string): boolean {
  return value !== undefined && value.startsWith(`${prefix}-`);
}

/** No sweep pages on for ever through a server whose paging is broken. */
const MAX_PAGES = 50;
const PAGE_SIZE = 100;

export interface PrefixMatches {
  /** Paths relative to the base URL (`/Users/{id}`) of resources whose prefix attribute starts with the prefix. */
  paths: string[];
  /** Searches that failed: each names the request and its answer. */
  problems: string[];
  /** Searches the target refused with 400 (e.g. a server that declines `sw`): no sweep by prefix is possible there. */
  declined: string[];
}

/** Searches every advertised resource type for resources carrying `prefix`; checks each match itself. */
export async function findByPrefix(client: ScimClient, capabilities: Capabilities, prefix: string): Promise<PrefixMatches> {
  if (!RUN_PREFIX.test(prefix)) throw new Error(`"${prefix}" is not a run prefix (scimprobe- and 8 hex digits)`);
  const matches: PrefixMatches = { paths: [], problems: [], declined: [] };
  for (const type of capabilities.resourceTypes) {
    const endpoint = type.endpoint.startsWith('/') ? type.endpoint : `/${type.endpoint}`;
    for (const attribute of namingAttributes(type, capabilities.schemas)) {
      const filter = `${attribute} sw "${prefix}-"`;
      let startIndex = 1;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const listed = await searchPage(client, endpoint, { filter, startIndex, count: PAGE_SIZE });
        if ('problem' in listed) {
          (listed.declined ? matches.declined : matches.problems).push(listed.problem);
          break;
        }
        // Resources may be left out when nothing matches (RFC 7644 §3.4.2).
        const resources = listed.page.resources ?? [];
        for (const resource of resources) {
          const id = stringMember(resource, 'id');
          const path = `${endpoint}/${encodeURIComponent(id ?? '')}`;
          if (id !== undefined && id !== '' && carriesPrefix(stringMember(resource, attribute), prefix) && !matches.paths.includes(path)) {
            matches.paths.push(path);
          }
        }
        startIndex += resources.length;
        const total = typeof listed.page.totalResults === 'number' ? listed.page.totalResults : 0;
        if (resources.length === 0 || startIndex > total) break;
      }
    }
  }
  return matches;
}

/** A failed search is sent again this often in all: one lost answer must not leave a run's resources behind. */
const SEARCH_ATTEMPTS = 3;

/** One page of a search, or what went wrong with the last of its attempts; a 400 is final, not retried. */
async function searchPage(client: ScimClient, endpoint: string, query: Record<string, string | number>): Promise<{ page: ListPage } | { problem: string; declined: boolean }> {
  let problem = '';
  for (let attempt = 0; attempt < SEARCH_ATTEMPTS; attempt += 1) {
    try {
      const response = await client.get(endpoint, query);
      if (response.status === 400) return { problem: `${answeredWithDetail(response)}, so the target cannot be searched by prefix`, declined: true };
      const page = response.status === 200 ? readListPage(response.json) : undefined;
      const holdsMatches = page !== undefined && typeof page.totalResults === 'number' && page.totalResults > 0;
      if (page !== undefined && (page.resources !== undefined || !holdsMatches)) return { page };
      problem = `${answered(response)}, expected a ListResponse`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  return { problem, declined: false };
}

/** How many rounds of deletes the sweep makes at most. */
const DELETE_ROUNDS = 3;

export interface PrefixSweep {
  /** Resources the search found. */
  found: number;
  /** Those of them deleted: read back after their DELETE, each answered 404. */
  deleted: number;
  /** What may be left: a failed search, and each resource still there after the last round of deletes. */
  problems: string[];
  /** Searches the target declined (400): what they might have found is unknown. */
  declined: string[];
}

/** The paths a GET still reads: a DELETE answered 2xx has not always happened (a lost or forged answer). */
async function stillThere(client: ScimClient, paths: readonly string[]): Promise<string[]> {
  const remaining: string[] = [];
  for (const path of paths) {
    try {
      const response = await client.get(path);
      if (response.status !== 404 && response.status !== 410) remaining.push(path);
    } catch {
      remaining.push(path);
    }
  }
  return remaining;
}

/**
 * Finds the resources with the prefix and deletes them, reading each back after its DELETE and deleting
 * again what is still there. Reading by id, not searching again: a search index may lag behind deletes.
 * Types are searched in the order the target lists them (User before Group): reversed, a group goes
 * before its members.
 */
export async function deleteByPrefix(client: ScimClient, capabilities: Capabilities, prefix: string): Promise<PrefixSweep> {
  const found = await findByPrefix(client, capabilities, prefix);
  let remaining = [...found.paths].reverse();
  let left: string[] = [];
  for (let round = 0; round < DELETE_ROUNDS && remaining.length > 0; round += 1) {
    ({ left } = await deleteEach(client, remaining));
    remaining = await stillThere(client, remaining);
  }
  const problems = [
    ...found.problems,
    ...remaining.map((path) => left.find((problem) => problem.startsWith(`${path} `)) ?? `${path} (still readable after its DELETE was answered as done)`),
  ];
  return { found: found.paths.length, deleted: found.paths.length - remaining.length, problems, declined: found.declined };
}
