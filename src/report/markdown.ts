/**
 * The run as a GitHub Actions job summary (Markdown appended to the file GITHUB_STEP_SUMMARY names): the
 * gate, the counts by area, and the root findings with the requirements they cite, linked to the RFC text.
 */
import { REQUIREMENTS, rfcLink } from '../checks/requirements.js';
import type { CheckResult, RunResult } from '../results/model.js';
import { describeGate, gateOf } from '../results/verdict.js';
import { groupByArea, STATUSES } from './group.js';

/** Text that Markdown shows as written: its markup characters and HTML escaped, on one line. */
function plain(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]|<>#]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`));
}

function citation(id: string): string {
  const link = REQUIREMENTS.get(id) === undefined ? undefined : rfcLink(REQUIREMENTS.get(id)?.section ?? '');
  return link === undefined ? `\`${id}\`` : `[\`${id}\`](${link})`;
}

function findingLine(label: string, check: CheckResult): string {
  const message = (check.message ?? check.title).split('\n')[0] ?? '';
  return `- **${label}** \`${check.id}\` (${check.level}): ${plain(message)} · ${check.requirements.map(citation).join(', ')}`;
}

export function toStepSummary(result: RunResult): string {
  const gate = gateOf(result);
  const lines = [
    `## scimprobe: ${plain(describeGate(result))}`,
    '',
    `Target \`${result.target.url}\` · seed ${result.seed} · exit code ${result.exitCode}`,
    '',
  ];
  if (result.checks.length > 0) {
    lines.push(`| area | ${STATUSES.join(' | ')} |`, `|---|${STATUSES.map(() => '---:').join('|')}|`);
    for (const { area, checks } of groupByArea(result.checks)) {
      lines.push(`| ${area} | ${STATUSES.map((status) => checks.filter((check) => check.status === status && check.consequenceOf === undefined).length).join(' | ')} |`);
    }
    lines.push('');
  }
  const findings = [
    ...gate.blocking.map((check) => findingLine('blocking', check)),
    ...gate.warnings.map((check) => findingLine('below the gate', check)),
    ...gate.known.map((check) => findingLine('known', check)),
  ];
  if (findings.length > 0) lines.push('### Findings', '', ...findings, '');
  return `${lines.join('\n')}\n`;
}
