/** `scimprobe list`: every check with its area, level and requirement ids. */
import { CHECKS } from '../checks/catalog.js';
import { requirementCoverage, type RequirementCoverage } from '../checks/coverage.js';
import { checksMarkdown, coverageMarkdown } from '../checks/docs.js';
import type { CheckSpec } from '../checks/types.js';
import { HELP_OPTION, type OptionSpec, type ParsedOptions, formatOptions } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './main.js';

export const LIST_SUMMARY = 'list every check: id, area, level, requirement ids';

export const LIST_OPTIONS: readonly OptionSpec[] = [
  { name: 'requirements', type: 'boolean', description: 'Lists every requirement of the registry instead: the checks that cover it, or why none does.' },
  { name: 'json', type: 'boolean', description: 'Prints the list as a JSON array, with every field.' },
  { name: 'markdown', type: 'boolean', description: 'Prints the list as the Markdown of docs/checks.md (with --requirements, docs/coverage.md).' },
  HELP_OPTION,
];

export function listHelp(): string {
  return `Usage: scimprobe list [--requirements] [--json | --markdown]

Lists every check, one per line: id, area, level (MUST, SHOULD or MAY) and the requirement ids it
cites. Check ids are stable: --grep, baselines and CI gates refer to them.

With --requirements, lists every requirement of RFC 7643 / RFC 7644 the harness knows, one per line:
id, level, and the checks that cover it, or why none does.

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

/** One line per requirement: id, level, then the covering check ids or the reason there are none. */
export function formatCoverageTable(coverage: readonly RequirementCoverage[]): string {
  const idWidth = Math.max(0, ...coverage.map((entry) => entry.requirement.id.length));
  const lines = coverage.map(({ requirement, checks, uncovered }) => {
    const by = checks.length > 0 ? checks.map((check) => check.id).join(', ') : `— ${uncovered ?? ''}`;
    return `${requirement.id.padEnd(idWidth)}  ${requirement.level.padEnd(6)}  ${by}\n`;
  });
  const covered = coverage.filter((entry) => entry.checks.length > 0).length;
  return `${lines.join('')}${covered} of ${coverage.length} requirements covered by at least one check\n`;
}

function coverageJson(coverage: readonly RequirementCoverage[]): string {
  const rows = coverage.map(({ requirement, checks, uncovered }) => ({
    ...requirement,
    checks: checks.map((check) => check.id),
    ...(uncovered === undefined ? {} : { uncovered }),
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

export function listCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const json = options.flag('json');
  const markdown = options.flag('markdown');
  if (json && markdown) throw new UsageError('--json and --markdown exclude each other: give one');
  if (options.flag('requirements')) {
    const coverage = requirementCoverage();
    io.stdout.write(json ? coverageJson(coverage) : markdown ? coverageMarkdown() : formatCoverageTable(coverage));
  } else {
    io.stdout.write(json ? `${JSON.stringify(CHECKS, null, 2)}\n` : markdown ? checksMarkdown() : formatCheckTable(CHECKS));
  }
  return Promise.resolve(0);
}
