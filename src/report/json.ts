/**
 * results.json: the machine-readable report. Users' scripts read these names, so every object is
 * built field by field in a fixed order rather than by spreading the model.
 */
import type { Exchange } from '../http/exchange.js';
import type { CheckResult, RunResult, Throttling } from '../results/model.js';
import { describeGate, gateOf, isFailing, verdictOf } from '../results/verdict.js';

function exchangeJson(exchange: Exchange): Record<string, unknown> {
  const { request, response } = exchange;
  const json: Record<string, unknown> = {
    seq: exchange.seq,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    request: {
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    },
  };
  if (response !== undefined) {
    json.response = { status: response.status, headers: response.headers, body: response.body };
  }
  if (exchange.error !== undefined) json.error = exchange.error;
  if (exchange.retries !== undefined) json.retries = exchange.retries;
  if (exchange.retryWaitMs !== undefined) json.retryWaitMs = exchange.retryWaitMs;
  return json;
}

function throttlingJson(throttling: Throttling): Record<string, unknown> {
  return {
    ...(throttling.rate === undefined ? {} : { rate: throttling.rate }),
    ...(throttling.concurrency === undefined ? {} : { concurrency: throttling.concurrency }),
    retries: throttling.retries,
    waitMs: throttling.waitMs,
  };
}

function checkJson(check: CheckResult): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: check.id,
    title: check.title,
    area: check.area,
    level: check.level,
    requirements: check.requirements,
    status: check.status,
  };
  if (check.message !== undefined) json.message = check.message;
  if (check.consequenceOf !== undefined) json.consequenceOf = check.consequenceOf;
  json.durationMs = check.durationMs;
  // Only a check that did not pass needs its evidence; passing ones would bloat the file.
  if (isFailing(check) && check.exchanges.length > 0) {
    json.evidence = check.exchanges.map(exchangeJson);
  }
  return json;
}

/** The gate's level and which root failures block it, are known, or are below it (gateOf). */
function gateJson(result: RunResult): Record<string, unknown> {
  const gate = gateOf(result);
  const ids = (checks: readonly CheckResult[]): string[] => checks.map((check) => check.id);
  return { failOn: result.failOn, summary: describeGate(result), blocking: ids(gate.blocking), known: ids(gate.known), warnings: ids(gate.warnings) };
}

export function toResultsJson(result: RunResult): string {
  const json: Record<string, unknown> = {
    tool: { name: result.tool.name, version: result.tool.version },
    target: { url: result.target.url, capabilities: result.target.capabilities },
    seed: result.seed,
    tenantRules: result.tenantRules.map((rules) => ({
      resourceType: rules.resourceType,
      requires: rules.requires,
      ...(rules.template === undefined ? {} : { template: rules.template }),
      ...(rules.refused === undefined ? {} : { refused: rules.refused }),
    })),
    capabilityMatrix: result.capabilityMatrix,
    run: { insecure: result.run.insecure, warnings: result.run.warnings },
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    verdict: verdictOf(result.exitCode),
    exitCode: result.exitCode,
    gate: gateJson(result),
    summary: {
      passed: result.summary.passed,
      failed: result.summary.failed,
      skipped: result.summary.skipped,
      errored: result.summary.errored,
      consequences: result.summary.consequences,
    },
    checks: result.checks.map(checkJson),
    throttling: throttlingJson(result.throttling),
  };
  if (result.stopped !== undefined) json.stopped = result.stopped;
  if (result.runErrors.length > 0) json.runErrors = result.runErrors;
  if (result.baseline !== undefined) {
    const { file, known, expired, fixed } = result.baseline;
    json.baseline = { file, known, new: result.baseline.new, expired, fixed };
  }
  return `${JSON.stringify(json, null, 2)}\n`;
}
