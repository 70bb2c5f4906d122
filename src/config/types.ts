/** The validated configuration of one run: the config file, the environment and the flags merged. */
import type { Baseline } from './baseline-file.js';

export type Auth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

export interface TargetConfig {
  /** Base URL of the SCIM service, without a trailing slash. */
  url: string;
  auth: Auth;
  /** Extra request headers sent with every request (e.g. an API key header). */
  headers: Record<string, string>;
  /** Per-request timeout. */
  timeoutMs: number;
  /** How many times a request answered 429 or 503 is retried (honouring Retry-After). */
  maxRetries: number;
}

export interface RunConfig {
  /** Absent: the embedded reference server is started and checked. */
  target?: TargetConfig;
  /** Areas or suite names to run; empty runs every suite. */
  suites: string[];
  /** Runs only the checks whose id matches this regular expression. */
  grep?: string;
  seed: number;
  /** How many generated cases each property-based check tries. */
  numRuns: number;
  reportDir: string;
  readOnly: boolean;
  /** Known failures: reported, but they do not fail the run. */
  baseline?: Baseline;
  /** Where to write a baseline of this run's failures (absolute path). */
  writeBaseline?: string;
  limits: PayloadLimits;
  probes: Probes;
}

/** The request body sizes the payload checks work with. */
export interface PayloadLimits {
  /** A limit the target documents for every request, in bytes; absent: the advertised bulk.maxPayloadSize is probed. */
  maxPayloadBytes?: number;
  /** No request body the probe sends is larger than this, in bytes. */
  maxProbeBytes: number;
}

/** Checks that only run when asked for, because they load the target. */
export interface Probes {
  rateLimit: {
    enabled: boolean;
    /** The most requests the probe sends while waiting for a 429. */
    maxRequests: number;
  };
}
