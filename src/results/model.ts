/** The one result model every report is written from. Suites produce it; reporters only read it. */
import type { Area, Level } from '../checks/types.js';
import type { Exchange } from '../http/exchange.js';
import type { Capabilities } from '../discovery/capabilities.js';
import type { TransportNotes } from '../http/transport-notes.js';
import type { BaselineOutcome } from './baseline.js';

export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'errored';

export interface CheckResult {
  id: string;
  title: string;
  area: Area;
  level: Level;
  requirements: string[];
  status: CheckStatus;
  /** Why it failed, errored or was skipped; on a pass, what the check wants the reader to know (e.g. the largest body it sent). */
  message?: string;
  durationMs: number;
  /** The exchanges the check made, in order: the evidence of a failure. */
  exchanges: Exchange[];
}

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
}

export interface RunResult {
  tool: { name: string; version: string };
  target: { url: string; capabilities: Capabilities };
  seed: number;
  /** How the target was reached: certificate verification skipped, warnings every report repeats. */
  run: TransportNotes;
  startedAt: string;
  durationMs: number;
  summary: RunSummary;
  checks: CheckResult[];
  /** Exchanges made outside any check: discovery, suite set-up and clean-up. */
  setupExchanges: Exchange[];
  /** Errors that are no check's: a suite file that failed to load, a crashed hook. */
  runErrors: string[];
  /** Set when the run was given a baseline of known failures. */
  baseline?: BaselineOutcome;
  throttling: Throttling;
}

/** How the run was limited, and how often and how long the target made it wait. */
export interface Throttling {
  /** The configured limits, when set. */
  rate?: number;
  concurrency?: number;
  /** Retries after a 429 or 503. */
  retries: number;
  /** Time slept before those retries, as Retry-After or the backoff asked. */
  waitMs: number;
}
