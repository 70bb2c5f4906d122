/** Orderings and tallies the human-facing reports share. */
import { AREAS, LEVELS, type Area, type Level } from '../checks/types.js';
import type { CheckResult, CheckStatus, Throttling } from '../results/model.js';

export const STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'skipped', 'errored'];

export interface AreaGroup {
  area: Area;
  checks: CheckResult[];
}

function rank<T>(known: readonly T[], value: T): number {
  const index = known.indexOf(value);
  return index === -1 ? known.length : index;
}

/** Checks grouped by area, areas in the catalogue's order; checks keep the run's order within an area. */
export function groupByArea(checks: readonly CheckResult[]): AreaGroup[] {
  const groups = new Map<Area, CheckResult[]>();
  for (const check of checks) {
    const group = groups.get(check.area);
    if (group === undefined) groups.set(check.area, [check]);
    else group.push(check);
  }
  return [...groups]
    .sort(([a], [b]) => rank(AREAS, a) - rank(AREAS, b))
    .map(([area, grouped]) => ({ area, checks: grouped }));
}


export function levelsInOrder(checks: readonly CheckResult[]): Level[] {
  const present = new Set(checks.map((check) => check.level));
  return [...present].sort((a, b) => rank(LEVELS, a) - rank(LEVELS, b));
}

/** A duration as a person reads it: 850 ms, 2.4 s, 3 min 5 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** The run's limits and the target's 429/503s: `limited to 5 requests/s; 3 retries after 429/503, 2.5 s waiting`. */
export function describeThrottling(throttling: Throttling): string {
  const limits = [
    ...(throttling.rate === undefined ? [] : [`${throttling.rate} requests/s`]),
    ...(throttling.concurrency === undefined ? [] : [`${throttling.concurrency} in flight`]),
  ];
  const limited = limits.length === 0 ? 'no limits' : `limited to ${limits.join(' and ')}`;
  const waited = throttling.retries === 0
    ? 'no 429/503 retries'
    : `${throttling.retries} ${throttling.retries === 1 ? 'retry' : 'retries'} after 429/503, ${formatDuration(throttling.waitMs)} waiting`;
  return `${limited}; ${waited}`;
}

const ATTENTION_ORDER: readonly CheckStatus[] = ['failed', 'errored', 'skipped', 'passed'];

/** What needs a reader's attention first: failed, then errored, skipped, passed; stable otherwise. */
export function byAttention(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => rank(ATTENTION_ORDER, a.status) - rank(ATTENTION_ORDER, b.status));
}
