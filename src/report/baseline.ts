/** A baseline file written from a run (--write-baseline): its failures, as known ones to start from. */
import { stringify } from 'yaml';
import type { RunResult } from '../results/model.js';
import { isRootFailure } from '../results/verdict.js';
import { readable } from './console.js';

/** Reasons longer than this are cut: a reason says in a line what is accepted; the reports hold the rest. */
const MAX_REASON_LENGTH = 160;

/**
 * A finding as a baseline reason: its first line, with what changes from run to run (the run prefix of
 * created names, server-assigned ids, percent-escapes) made stable, so that the file does not change each
 * time it is written again and a reviewer reads it.
 */
export function stableReason(message: string): string {
  const line = readable(message.split('\n')[0] ?? '')
    .replace(/scimprobe-[0-9a-f]{8}(?:-[^\s"@/?&-]+)*-\d+(?![0-9])/g, '<name>')
    .replace(/scimprobe-[0-9a-f]{8}/g, '<run>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/(?<=\/)[A-Za-z0-9_-]{16,}(?=[\s/?"]|$)/g, '<id>')
    .trim();
  return line.length <= MAX_REASON_LENGTH ? line : `${line.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

export function toBaselineYaml(result: RunResult, writtenAt: Date): string {
  const known = result.checks
    .filter(isRootFailure)
    .map((check) => ({ check: check.id, reason: stableReason(check.message ?? check.status) }));
  const header = [
    `# scimprobe baseline: failures of ${result.target.url} on ${writtenAt.toISOString().slice(0, 10)}.`,
    '# With --baseline, these are reported but do not fail a run. Replace each reason with why the failure',
    '# is accepted, and add `expires: YYYY-MM-DD` to make an entry fail the run again after that day.',
  ];
  return `${header.join('\n')}\n${stringify({ known })}`;
}
