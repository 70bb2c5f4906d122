/**
 * `scimprobe run`: config -> client -> discovery -> suites -> results -> reports, and the exit code.
 */
import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { RunConfig, TargetConfig } from '../config/types.js';
import { DiscoveryError, discover } from '../discovery/discover.js';
import type { Capabilities } from '../discovery/capabilities.js';
import { ScimClient } from '../http/client.js';
import type { Exchange } from '../http/exchange.js';
import { ExchangeRecorder } from '../http/recorder.js';
import { Redactor } from '../http/redact.js';
import { PACKAGE_VERSION } from '../package-files.js';
import { formatCheckLine, formatSummary } from '../report/console.js';
import { unusableReportDir, writeReports } from '../report/write.js';
import { ResultCollector } from '../results/collector.js';
import { AUDIT_CHECK_IDS, auditResult, judgeErrorExchanges } from '../results/error-audit.js';
import type { CheckResult, RunResult } from '../results/model.js';
import { EXIT, exitCodeFor, summarize } from '../results/verdict.js';
import { startReferenceServer, type ReferenceServer } from '../server/index.js';
import { selectChecks, type Selection } from './selection.js';
import { runSuites } from './vitest-run.js';

export interface RunIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const EMBEDDED_TARGET_DEFAULTS = { headers: {}, timeoutMs: 10_000, maxRetries: 2 } as const;

export async function runConformance(config: RunConfig, io: RunIo): Promise<number> {
  const selection = selectChecks(config.suites, config.grep, config.readOnly);
  if (selection.checks.length === 0) {
    io.stderr.write('scimprobe: no check matches the --suite and --grep given; `scimprobe list` shows every check id\n');
    return EXIT.usage;
  }
  const reportDirProblem = await unusableReportDir(config.reportDir);
  if (reportDirProblem !== undefined) {
    io.stderr.write(`scimprobe: cannot write reports to ${config.reportDir}: ${reportDirProblem}; choose another --report-dir\n`);
    return EXIT.usage;
  }
  const startedAt = new Date();
  const colour = usesColour(io.stdout);
  let server: ReferenceServer | undefined;
  try {
    // The embedded server wants a token of the run's own, so the auth checks have something to judge.
    const embeddedToken = randomBytes(16).toString('hex');
    if (config.target === undefined) server = await startReferenceServer({ token: embeddedToken });
    const target: TargetConfig = config.target ?? {
      url: server!.url, auth: { type: 'bearer', token: embeddedToken }, ...EMBEDDED_TARGET_DEFAULTS,
    };

    const recorder = new ExchangeRecorder(Redactor.forTarget(target));
    let capabilities: Capabilities;
    const client = new ScimClient(target, recorder);
    try {
      capabilities = await discover(client);
    } catch (error) {
      if (!(error instanceof DiscoveryError)) throw error;
      io.stderr.write(`scimprobe: ${error.message}\n`);
      return EXIT.unreachable;
    } finally {
      await client.close();
    }

    const runId = randomBytes(4).toString('hex');
    io.stdout.write(
      `scimprobe ${PACKAGE_VERSION}: checking ${target.url}${server ? ' (embedded reference server)' : ''}, ` +
        `${selection.checks.length} checks, seed ${config.seed}\n`,
    );
    const collector = new ResultCollector(new Set(selection.running.map((check) => check.id)), (result) => {
      io.stdout.write(`${formatCheckLine(result, colour)}\n`);
    });
    if (selection.suites.length > 0) {
      await runSuites(selection.suites, selection.testNamePattern, {
        target,
        capabilities,
        runId,
        runPrefix: `scimprobe-${runId}`,
        seed: config.seed,
        numRuns: config.numRuns,
        readOnly: config.readOnly,
      }, collector);
    }
    auditErrorResponses(selection, collector, recorder.all());

    const checks = orderedResults(selection, collector);
    const result: RunResult = {
      tool: { name: 'scimprobe', version: PACKAGE_VERSION },
      target: { url: target.url, capabilities },
      seed: config.seed,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: summarize(checks),
      checks,
      setupExchanges: [...recorder.all(), ...collector.setupExchanges],
      runErrors: collector.runErrors,
    };
    const files = await writeReports(result, config.reportDir);
    io.stdout.write(`${formatSummary(result, files, colour)}\n`);
    return exitCodeFor(result);
  } finally {
    await server?.close();
  }
}

/** The checks computed from every exchange the run recorded (src/results/error-audit.ts), when selected. */
function auditErrorResponses(selection: Selection, collector: ResultCollector, discoveryExchanges: readonly Exchange[]): void {
  const audits = selection.running.filter((check) => AUDIT_CHECK_IDS.includes(check.id));
  if (audits.length === 0) return;
  const started = Date.now();
  const judged = judgeErrorExchanges([
    ...discoveryExchanges,
    ...collector.setupExchanges,
    ...[...collector.checks.values()].flatMap((check) => check.exchanges),
  ]);
  for (const spec of audits) collector.add(auditResult(spec, judged, Date.now() - started));
}

/**
 * Results in catalog order. A check left out by --read-only is skipped with that reason. A selected
 * check that never reported (its suite file failed to load, or it was never registered) is errored
 * with the reason, so nothing selected goes missing from the reports.
 */
function orderedResults(selection: Selection, collector: ResultCollector): CheckResult[] {
  const moduleFailure = (suite: string): string | undefined => {
    for (const [moduleId, reason] of collector.failedModules) {
      if (basename(moduleId, extname(moduleId)) === suite) return reason;
    }
    return undefined;
  };
  return selection.checks.map((spec) => {
    const reported = collector.checks.get(spec.id);
    if (reported !== undefined) return reported;
    const unreported = {
      id: spec.id,
      title: spec.title,
      area: spec.area,
      level: spec.level,
      requirements: spec.requirements,
      durationMs: 0,
      exchanges: [],
    };
    if (selection.writing.includes(spec)) {
      return { ...unreported, status: 'skipped', message: '--read-only: this check changes the target' };
    }
    const reason = moduleFailure(spec.suite);
    return {
      ...unreported,
      status: 'errored',
      message: reason === undefined
        ? `the check did not run: suites/${spec.suite} does not define it`
        : `the check did not run: suite ${spec.suite} failed: ${reason}`,
    };
  });
}

function usesColour(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true && process.env.NO_COLOR === undefined;
}
