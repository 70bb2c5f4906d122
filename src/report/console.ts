/** What the terminal shows: one line per check as it finishes, and a summary at the end of the run. */
import type { BaselineOutcome } from '../results/baseline.js';
import type { CheckResult, CheckStatus, RunResult } from '../results/model.js';
import { describeGate, EXIT, gateOf } from '../results/verdict.js';
import { describeThrottling, formatDuration } from './group.js';
import type { ReportFiles } from './write.js';

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m' };
type Style = Exclude<keyof typeof ANSI, 'reset'>;

const MARKS: Record<CheckStatus, string> = { passed: '✓', failed: '✗', skipped: '↓', errored: '!' };
const STATUS_STYLES: Record<CheckStatus, Style> = { passed: 'green', failed: 'red', skipped: 'dim', errored: 'yellow' };

function paint(text: string, style: Style, colour: boolean): string {
  return colour ? `${ANSI[style]}${text}${ANSI.reset}` : text;
}

/**
 * Text as a person reads it: runs of percent-escapes in the URLs a message quotes are decoded
 * (`filter=userName%20eq%20%22a%22` reads `filter=userName eq "a"`). The reports keep the URLs as sent.
 */
export function readable(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escaped) => {
    try {
      return decodeURIComponent(escaped);
    } catch {
      return escaped;
    }
  });
}

/** The first line of a message, whole: a terminal wraps it, and a CI log keeps all of it. */
function firstLine(message: string): string {
  return readable((message.split('\n')[0] ?? '').trim());
}

export function formatCheckLine(check: CheckResult, colour: boolean): string {
  const mark = paint(MARKS[check.status], STATUS_STYLES[check.status], colour);
  const line = `${mark} ${check.id} ${paint(`[${check.level}]`, 'dim', colour)}`;
  if (check.message === undefined) return line;
  return `${line} ${paint(`— ${firstLine(check.message)}`, check.status === 'passed' ? 'dim' : STATUS_STYLES[check.status], colour)}`;
}

function countsLine(result: RunResult, colour: boolean): string {
  const { passed, failed, skipped, errored, consequences } = result.summary;
  const parts = [
    paint(`${passed} passed`, 'green', colour && passed > 0),
    paint(`${failed} failed`, 'red', colour && failed > 0),
    paint(`${skipped} skipped`, 'dim', colour && skipped > 0),
    paint(`${errored} errored`, 'yellow', colour && errored > 0),
    ...(consequences === 0 ? [] : [paint(`${consequences} ${consequences === 1 ? 'consequence' : 'consequences'} of those failures`, 'dim', colour)]),
  ];
  return `${parts.join(', ')} in ${formatDuration(result.durationMs)}`;
}

/**
 * The checks whose message at least `least` of them share, by message, most first; and the others, in
 * their order. Messages are compared whole.
 */
function byMessage(checks: readonly CheckResult[], least = 3): [CheckResult[], Array<[string, CheckResult[]]>] {
  const groups = new Map<string, CheckResult[]>();
  for (const check of checks) {
    const message = check.message ?? '';
    groups.set(message, [...(groups.get(message) ?? []), check]);
  }
  const shared = [...groups].filter(([, members]) => members.length >= least).sort((a, b) => b[1].length - a[1].length);
  const sharedIds = new Set(shared.flatMap(([, members]) => members.map((check) => check.id)));
  return [checks.filter((check) => !sharedIds.has(check.id)), shared];
}

/** A root failure, then the checks it explains, each on a line of its own. */
function checkEntry(check: CheckResult, checks: readonly CheckResult[], colour: boolean): string[] {
  const requirements = check.requirements.length === 0 ? '' : `  ${check.requirements.join(', ')}`;
  const lines = [`  ${paint(MARKS[check.status], STATUS_STYLES[check.status], colour)} ${check.id}${paint(requirements, 'dim', colour)}`];
  // The whole finding: the smallest case and the replay a property adds come on the lines after the first.
  if (check.message !== undefined) lines.push(...readable(check.message).split('\n').map((line) => `      ${line}`));
  const consequences = checks.filter((other) => other.consequenceOf === check.id);
  if (consequences.length > 0) {
    lines.push(paint(`      also explains (${consequences.length}): ${consequences.map((other) => `${other.id} (${other.status})`).join(', ')}`, 'dim', colour));
  }
  return lines;
}

function baselineLines(baseline: BaselineOutcome, colour: boolean): string[] {
  const listed = (label: string, ids: string[], style: Style): string[] =>
    ids.length === 0 ? [] : [`  ${paint(`${label} (${ids.length}):`, style, colour)} ${ids.join(', ')}`];
  return [
    '',
    paint(`Baseline ${baseline.file}:`, 'bold', colour),
    ...listed('known, not blocking', baseline.known, 'dim'),
    ...listed('new', baseline.new, 'red'),
    ...listed('expired, blocking again', baseline.expired, 'red'),
    ...listed('fixed, can be dropped from the baseline', baseline.fixed, 'green'),
    ...(baseline.known.length + baseline.new.length + baseline.expired.length + baseline.fixed.length === 0
      ? ['  nothing failing, nothing listed in it ran']
      : []),
  ];
}

export function formatSummary(result: RunResult, files: ReportFiles | undefined, colour: boolean): string {
  const lines = [paint(`${result.tool.name} ${result.tool.version} — ${result.target.url}`, 'bold', colour), countsLine(result, colour)];
  for (const warning of result.run.warnings) lines.push(paint(`Warning: ${warning}`, 'yellow', colour));
  if (result.baseline !== undefined) lines.push(...baselineLines(result.baseline, colour));

  const gate = gateOf(result);
  const failing = gate.blocking.filter((check) => check.status === 'failed');
  if (failing.length > 0) {
    lines.push('', paint(`Blocking failures (${failing.length}):`, 'bold', colour));
    for (const check of failing) lines.push(...checkEntry(check, result.checks, colour));
  }
  if (gate.warnings.length > 0) {
    const below = result.failOn === 'should' ? 'MAY' : 'SHOULD/MAY';
    lines.push('', `${gate.warnings.length} failing ${below} ${gate.warnings.length === 1 ? 'check is' : 'checks are'} in the reports, below the gate (--fail-on): ${gate.warnings.map((check) => check.id).join(', ')}`);
  }
  const errored = gate.blocking.filter((check) => check.status === 'errored');
  // A stopped run or a suite that failed to load leaves many checks with one reason: one line says it.
  const [alone, shared] = byMessage(errored);
  if (errored.length > 0) lines.push('', paint(`Errored checks (${errored.length}):`, 'bold', colour));
  for (const check of alone) lines.push(...checkEntry(check, result.checks, colour));
  for (const [message, checks] of shared) {
    lines.push(`  ${paint(MARKS.errored, STATUS_STYLES.errored, colour)} ${checks.length} checks: ${readable(message)}`, paint(`      ${checks.map((check) => check.id).join(', ')}`, 'dim', colour));
  }
  const skipped = result.checks.filter((check) => check.status === 'skipped' && check.consequenceOf === undefined);
  if (skipped.length > 0) {
    lines.push('', paint(`Skipped, by reason (${skipped.length}):`, 'bold', colour));
    const [single, grouped] = byMessage(skipped, 2);
    for (const [message, checks] of [...grouped, ...single.map((check): [string, CheckResult[]] => [check.message ?? 'no reason given', [check]])]) {
      lines.push(`  ${paint(MARKS.skipped, STATUS_STYLES.skipped, colour)} ${checks.map((check) => check.id).join(', ')}: ${firstLine(message)}`);
    }
  }
  if (result.runErrors.length > 0) {
    lines.push('', paint(`Run errors (${result.runErrors.length}):`, 'bold', colour));
    for (const error of result.runErrors) lines.push(`  ${paint(readable(error), 'red', colour)}`);
  }

  lines.push('', `Seed: ${result.seed} (replay with --seed ${result.seed})`);
  const { throttling } = result;
  if (throttling.retries > 0 || throttling.rate !== undefined || throttling.concurrency !== undefined) {
    lines.push(`Throttling: ${describeThrottling(throttling)}`);
  }
  if (files !== undefined) {
    lines.push('Reports:');
    lines.push(`  HTML   ${files.html}`, `  JUnit  ${files.junit}`, `  JSON   ${files.json}`, `  HAR    ${files.har}`);
  }
  lines.push(paint(describeGate(result), result.exitCode === EXIT.ok ? 'green' : 'red', colour));
  return lines.join('\n');
}
