/** `scimprobe list`: every check with its area, level and requirement ids. */
import { CHECKS } from '../checks/catalog.js';
import type { CheckSpec } from '../checks/types.js';
import { HELP_OPTION, type OptionSpec, type ParsedOptions, formatOptions } from './args.js';
import type { CliIo } from './main.js';

export const LIST_SUMMARY = 'list every check: id, area, level, requirement ids';

export const LIST_OPTIONS: readonly OptionSpec[] = [
  { name: 'json', type: 'boolean', description: 'Prints the checks as a JSON array, with every field.' },
  HELP_OPTION,
];

export function listHelp(): string {
  return `Usage: scimprobe list [--json]

Lists every check, one per line: id, area, level (MUST, SHOULD or MAY) and the requirement ids it
cites. Check ids are stable: --grep, baselines and CI gates refer to them.

Options:
${formatOptions(LIST_OPTIONS)}
`;
}

/** One line per check in aligned columns; requirement ids last, so the line can run on. */
export function formatCheckTable(checks: readonly CheckSpec[]): string {
  const idWidth = Math.max(0, ...checks.map((check) => check.id.length));
  const areaWidth = Math.max(0, ...checks.map((check) => check.area.length));
  const levelWidth = Math.max(0, ...checks.map((check) => check.level.length));
  return checks
    .map((check) => `${check.id.padEnd(idWidth)}  ${check.area.padEnd(areaWidth)}  ${check.level.padEnd(levelWidth)}  ${check.requirements.join(', ')}`.trimEnd())
    .map((line) => `${line}\n`)
    .join('');
}

export function listCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  io.stdout.write(options.flag('json') ? `${JSON.stringify(CHECKS, null, 2)}\n` : formatCheckTable(CHECKS));
  return Promise.resolve(0);
}
