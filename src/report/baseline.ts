/** A baseline file written from a run (--write-baseline): its failures, as known ones to start from. */
import { stringify } from 'yaml';
import type { RunResult } from '../results/model.js';
import { isRootFailure } from '../results/verdict.js';

export function toBaselineYaml(result: RunResult, writtenAt: Date): string {
  const known = result.checks
    .filter(isRootFailure)
    .map((check) => ({ check: check.id, reason: (check.message ?? check.status).split('\n')[0] ?? check.status }));
  const header = [
    `# scimprobe baseline: failures of ${result.target.url} on ${writtenAt.toISOString().slice(0, 10)}.`,
    '# With --baseline, these are reported but do not fail a run. Replace each reason with why the failure',
    '# is accepted, and add `expires: YYYY-MM-DD` to make an entry fail the run again after that day.',
  ];
  return `${header.join('\n')}\n${stringify({ known })}`;
}
