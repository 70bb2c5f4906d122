/**
 * `scimprobe run`: config -> client -> discovery -> suites -> results -> reports, and the exit code.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, appendFile, constants, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { RunConfig, TargetConfig } from '../config/types.js';
import { resolveTemplates } from '../config/templates.js';
import { DEFAULTS } from '../config/validate.js';
import { DiscoveryError, discover } from '../discovery/discover.js';
import { withDocumentedMaxResults, type Capabilities } from '../discovery/capabilities.js';
import { ScimClient } from '../http/client.js';
import { Limiter, ThrottleServer } from '../http/throttle.js';
import type { Exchange } from '../http/exchange.js';
import { ExchangeRecorder } from '../http/recorder.js';
import { Redactor } from '../http/redact.js';
import { transportNotes } from '../http/transport-notes.js';
import { PACKAGE_VERSION } from '../package-files.js';
import { toBaselineYaml } from '../report/baseline.js';
import { formatCheckLine, formatSummary } from '../report/console.js';
import { describeLearned } from '../report/learned.js';
import { toStepSummary } from '../report/markdown.js';
import { Progress } from '../report/progress.js';
import { unusableReportDir, writeReports } from '../report/write.js';
import { compareWithBaseline } from '../results/baseline.js';
import { ResultCollector } from '../results/collector.js';
import { markConsequences } from '../results/consequences.js';
import { runAudits, type AuditContext } from '../results/exchange-audit.js';
import type { CheckResult, RunResult } from '../results/model.js';
import { RUN_AUDITS } from '../results/run-audits.js';
import { EXIT, exitCodeFor, summarize, throttlingOf } from '../results/verdict.js';
import { startReferenceServer, type ReferenceServer } from '../server/index.js';
import { LedgerWriter, ledgerFileName, sweepLedger } from './ledger.js';
import { ResourceTracker } from './resource-tracker.js';
import { findUnservedTypes, servedCapabilities } from './served-types.js';
import { learnTenantRules, withLearned } from './tenant-rules.js';
import { capabilityMatrix } from './capability-matrix.js';
import { probeFilterSupport, withObservedFilter } from './filter-support.js';
import { deleteByPrefix, runPrefixOf } from './prefix-sweep.js';
import { selectChecks, type Selection } from './selection.js';
import { runSuites } from './vitest-run.js';

export interface RunIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The file a CI job summary is appended to (GitHub Actions' GITHUB_STEP_SUMMARY), if any. */
  stepSummary?: string;
}


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
  // Found out now rather than after the whole run.
  if (config.writeBaseline !== undefined && !(await isWritableFolder(dirname(config.writeBaseline)))) {
    io.stderr.write(`scimprobe: cannot write the baseline to ${config.writeBaseline}: ${dirname(config.writeBaseline)} is not a folder you can write to; choose another --write-baseline\n`);
    return EXIT.usage;
  }
  const startedAt = new Date();
  const colour = usesColour(io.stdout);
  const { target, server } = config.target === undefined ? await embeddedTarget() : { target: config.target, server: undefined };
  const notes = transportNotes(target);
  for (const warning of notes.warnings) io.stderr.write(`scimprobe: warning: ${warning}\n`);
  const recorder = new ExchangeRecorder(Redactor.forTarget(target));
  const throttled = config.throttle.rate !== undefined || config.throttle.concurrency !== undefined;
  const limiter = throttled ? new Limiter(config.throttle) : undefined;
  const throttleServer = limiter === undefined ? undefined : await ThrottleServer.start(limiter);
  const client = new ScimClient(target, recorder, { readOnly: config.readOnly, throttle: limiter });
  const interruption = watchInterruptions(io);
  try {
    const discovered = await discoverTarget(client, io.stderr);
    if (discovered instanceof DiscoveryError) {
      // A CI step that publishes the reports finds them, saying why nothing was checked.
      const stopped: RunResult = {
        tool: { name: 'scimprobe', version: PACKAGE_VERSION },
        target: { url: target.url },
        seed: config.seed,
        run: notes,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        tenantRules: [],
        capabilityMatrix: [],
        summary: summarize([]),
        checks: [],
        setupExchanges: recorder.all(),
        runErrors: [],
        throttling: { ...config.throttle, ...throttlingOf(recorder.all()) },
        failOn: config.failOn,
        exitCode: EXIT.unreachable,
        stopped: discovered.message,
      };
      const files = await writeReports(stopped, config.reportDir);
      io.stdout.write(`${formatSummary(stopped, files, colour)}\n`);
      await appendStepSummary(stopped, io);
      return EXIT.unreachable;
    }
    const advertised = withDocumentedMaxResults(discovered, target.maxResults);
    const runId = randomBytes(4).toString('hex');
    const runPrefix = runPrefixOf(runId);
    const unservedTypes = await findUnservedTypes(client, advertised);
    const capabilities = await withObservedFilter(client, servedCapabilities(advertised, unservedTypes), runPrefix);
    const filterSupport = await probeFilterSupport(client, capabilities, runPrefix);
    const configuredTemplates = resolveTemplates(config.templates, capabilities);

    const ledgerPath = join(config.reportDir, ledgerFileName(runId));
    io.stdout.write(
      `scimprobe ${PACKAGE_VERSION}: checking ${target.url}${server ? ' (embedded reference server)' : ''}, ` +
        `${selection.checks.length} checks, seed ${config.seed}\n`,
    );
    // Learning creates a User, which a read-only run must not.
    const tenantRules = config.learning.enabled && !config.readOnly && selection.suites.length > 0
      ? await learnTenantRules({
        client,
        capabilities,
        templates: configuredTemplates,
        uniqueName: (label) => `${runPrefix}-${label}-${randomBytes(2).toString('hex')}`,
        emailDomain: config.learning.emailDomain,
        tracker: new ResourceTracker(client, new LedgerWriter(ledgerPath)),
      })
      : [];
    for (const rules of tenantRules) io.stdout.write(`Learned: ${describeLearned(rules)}\n`);
    const templates = { ...configuredTemplates };
    for (const rules of tenantRules) {
      const template = withLearned(configuredTemplates[rules.resourceType], rules.template);
      if (template !== undefined) templates[rules.resourceType] = template;
    }
    const progress = new Progress(io.stdout, selection.running.length, !isTerminal(io.stdout));
    const collector = new ResultCollector(new Set(selection.running.map((check) => check.id)), (result) => {
      progress.line(formatCheckLine(result, colour));
    });
    if (selection.suites.length > 0) {
      await runSuites(selection.suites, selection.testNamePattern, {
        target,
        capabilities,
        runId,
        runPrefix,
        seed: config.seed,
        numRuns: config.numRuns,
        readOnly: config.readOnly,
        ledgerPath,
        ...(throttleServer === undefined ? {} : { throttleAddress: throttleServer.address }),
        limits: config.limits,
        probes: config.probes,
        templates,
        emailDomain: config.learning.emailDomain,
        unservedTypes,
        filterSupport,
      }, collector, interruption.signal).finally(() => progress.stop());
    }
    // Suites delete what they create; this sweeps whatever an interruption or a failed delete left.
    const runErrors = [...collector.runErrors, ...(config.readOnly ? [] : await sweepLeftovers(ledgerPath, runPrefix, client, capabilities))];
    auditExchanges(selection, collector, recorder.all(), { baseUrl: target.url, capabilities });

    const checks = markConsequences(orderedResults(selection, collector, interruption.received()));
    const setupExchanges = [...recorder.all(), ...collector.setupExchanges];
    const baseline = config.baseline === undefined ? {} : { baseline: compareWithBaseline(checks, config.baseline, startedAt) };
    // Decided once, before the reports are written, so that every report states the exit code the run ends with.
    const signal = interruption.received();
    const exitCode = signal === undefined ? exitCodeFor({ checks, runErrors, failOn: config.failOn, ...baseline }) : EXIT.interrupted[signal];
    const result: RunResult = {
      tool: { name: 'scimprobe', version: PACKAGE_VERSION },
      target: { url: target.url, capabilities: advertised },
      seed: config.seed,
      run: notes,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      tenantRules,
      capabilityMatrix: capabilityMatrix(advertised, filterSupport, [...setupExchanges, ...checks.flatMap((check) => check.exchanges)]),
      summary: summarize(checks),
      checks,
      setupExchanges,
      runErrors,
      throttling: { ...config.throttle, ...throttlingOf([...setupExchanges, ...checks.flatMap((check) => check.exchanges)]) },
      failOn: config.failOn,
      exitCode,
      ...baseline,
    };
    const files = await writeReports(result, config.reportDir);
    io.stdout.write(`${formatSummary(result, files, colour)}\n`);
    await appendStepSummary(result, io);
    if (config.writeBaseline !== undefined) {
      try {
        await writeFile(config.writeBaseline, toBaselineYaml(result, startedAt));
      } catch (error) {
        io.stderr.write(`scimprobe: cannot write the baseline to ${config.writeBaseline}: ${(error as Error).message}\n`);
        return EXIT.usage;
      }
      io.stdout.write(`Baseline of this run's failures written to ${config.writeBaseline}\n`);
    }
    return exitCode;
  } finally {
    interruption.dispose();
    await client.close();
    await throttleServer?.close();
    await server?.close();
  }
}

/** What the target advertises; once stderr says why, the DiscoveryError when it is unreachable, rejects the credentials or is no SCIM service. */
export async function discoverTarget(client: ScimClient, stderr: NodeJS.WritableStream): Promise<Capabilities | DiscoveryError> {
  try {
    return await discover(client);
  } catch (error) {
    if (!(error instanceof DiscoveryError)) throw error;
    stderr.write(`scimprobe: ${error.message}\n`);
    return error;
  }
}

/**
 * With no target configured, the reference server is started on 127.0.0.1 and checked. It wants a token of
 * the run's own, so the auth checks have something to judge.
 */
async function embeddedTarget(): Promise<{ target: TargetConfig; server: ReferenceServer }> {
  const token = randomBytes(16).toString('hex');
  const server = await startReferenceServer({ token });
  return {
    target: { url: server.url, auth: { type: 'bearer', token }, headers: {}, timeoutMs: DEFAULTS.timeoutMs, maxRetries: DEFAULTS.maxRetries, tls: { insecure: false } },
    server,
  };
}

/**
 * Deletes what the ledger still lists, then what carries the run prefix but no ledger lists: a create whose
 * answer was lost on the way. What cannot be deleted becomes a run error naming the way out.
 */
async function sweepLeftovers(ledgerPath: string, runPrefix: string, client: ScimClient, capabilities: Capabilities): Promise<string[]> {
  const errors: string[] = [];
  if (existsSync(ledgerPath)) {
    const { left } = await sweepLedger(ledgerPath, client);
    if (left.length > 0) {
      errors.push(
        `clean-up: ${left.length} created resources could not be deleted: ${left.join('; ')}. ` +
          `The ledger ${ledgerPath} lists them: scimprobe cleanup --ledger ${ledgerPath} (with the same target options) deletes them.`,
      );
    }
  }
  if (!capabilities.filter.supported) return errors;
  // A target that declines the prefix search (400) leaves only the ledger, which the run has already swept:
  // that is no error of the run's.
  const { problems } = await deleteByPrefix(client, capabilities, runPrefix);
  if (problems.length > 0) {
    errors.push(
      `clean-up: resources with the run prefix ${runPrefix} may be left on the target: ${problems.join('; ')}. ` +
        `scimprobe cleanup --prefix ${runPrefix} (with the same target options) finds and deletes them.`,
    );
  }
  return errors;
}

interface InterruptionWatch {
  /** Aborted on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  received(): 'SIGINT' | 'SIGTERM' | undefined;
  dispose(): void;
}

/**
 * The first SIGINT or SIGTERM stops the suites, then the run cleans up and writes its reports; a second one
 * ends the process at once.
 */
function watchInterruptions(io: RunIo): InterruptionWatch {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (received !== undefined) process.exit(EXIT.interrupted[signal]);
    received = signal;
    io.stderr.write(`scimprobe: ${signal}: stopping the checks, deleting what the run created and writing the reports; send it again to abort at once\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The checks computed from every exchange the run recorded (src/results/exchange-audit.ts), when selected. */
function auditExchanges(selection: Selection, collector: ResultCollector, discoveryExchanges: readonly Exchange[], context: AuditContext): void {
  const exchanges = [
    ...discoveryExchanges,
    ...collector.setupExchanges,
    ...[...collector.checks.values()].flatMap((check) => check.exchanges),
  ];
  for (const result of runAudits(RUN_AUDITS, selection.running, exchanges, context)) collector.add(result);
}

/**
 * Results in catalog order. A check left out by --read-only is skipped with that reason. A selected
 * check that never reported (its suite file failed to load, or it was never registered) is errored
 * with the reason, so nothing selected goes missing from the reports.
 */
function orderedResults(selection: Selection, collector: ResultCollector, interrupted: string | undefined): CheckResult[] {
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
      message: interrupted !== undefined
        ? `the check did not run: the run was stopped by ${interrupted}`
        : reason === undefined
          ? `the check did not run: suites/${spec.suite} does not define it`
          : `the check did not run: suite ${spec.suite} failed: ${reason}`,
    };
  });
}

/** The job summary, where the CI names a file for it; a file that cannot be written costs a warning, not the run. */
async function appendStepSummary(result: RunResult, io: RunIo): Promise<void> {
  if (io.stepSummary === undefined || io.stepSummary === '') return;
  try {
    await appendFile(io.stepSummary, toStepSummary(result));
  } catch (error) {
    io.stderr.write(`scimprobe: warning: cannot append the job summary to ${io.stepSummary} (GITHUB_STEP_SUMMARY): ${(error as Error).message}\n`);
  }
}

async function isWritableFolder(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

function usesColour(stream: NodeJS.WritableStream): boolean {
  return isTerminal(stream) && process.env.NO_COLOR === undefined;
}
