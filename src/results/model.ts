/** The one result model every report is written from. Suites produce it; reporters only read it. */
import type { Area, Level } from '../checks/types.js';
import type { Exchange } from '../http/exchange.js';
import type { JsonObject } from '../scim/json.js';
import type { FailOn } from '../config/types.js';
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
  /**
   * The failed check whose finding explains this one's failure or skip (one defect, one finding): such a
   * check counts in `summary.consequences` instead of its status, and never in the exit code.
   */
  consequenceOf?: string;
}

/** Checks by status, those marked as another check's consequence apart: the five add up to the checks run. */
export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
  consequences: number;
}

/** What the run learned about one resource type. */
export interface LearnedRules {
  /** The advertised resource type's name. */
  resourceType: string;
  /** What the target turned out to require, in words; empty when the plain body was accepted. */
  requires: string[];
  /** The template learned, beneath the configured one; absent when nothing was accepted. */
  template?: JsonObject;
  /** The answer to the last variant, when the target accepted none. */
  refused?: string;
}

/** What the target's answers showed of a feature: unclear when they neither served nor refused it. */
export type Observed = 'served' | 'not served' | 'unclear' | 'not asked';

/** One optional feature: what /ServiceProviderConfig says (null where it has no member for it), what was seen, and how many requests of the checks used it. */
export interface CapabilityRow {
  feature: string;
  advertised: boolean | null;
  observed: Observed;
  used: number;
}

export interface RunResult {
  tool: { name: string; version: string };
  /** `capabilities`: what discovery found, absent when the run stopped before it answered. */
  target: { url: string; capabilities?: Capabilities };
  seed: number;
  /** What the run learned the target requires of new resources, before the suites (src/runner/tenant-rules.ts). */
  tenantRules: LearnedRules[];
  /** Advertised, observed and used, per optional feature (src/runner/capability-matrix.ts). */
  capabilityMatrix: CapabilityRow[];
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
  /** The lowest level of failure that fails the run (see gateOf in verdict.ts). */
  failOn: FailOn;
  /** The process's exit code, which the reports agree with (see EXIT in verdict.ts). */
  exitCode: number;
  /** Why nothing was checked, when discovery failed: the target unreachable, the credentials rejected, no SCIM service. */
  stopped?: string;
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
