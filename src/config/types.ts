/** The validated configuration of one run: the config file, the environment and the flags merged. */
import type { ThrottleSettings } from '../http/throttle.js';
import type { JsonObject } from '../scim/json.js';
import type { Baseline } from './baseline-file.js';

export type Auth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | ({ type: 'oauth' } & OAuthClientCredentials);

/** How the client authenticates to the token endpoint (RFC 6749 §2.3.1). */
export type OAuthClientAuthentication = 'client_secret_basic' | 'client_secret_post';

/** An OAuth 2.0 client credentials grant (RFC 6749 §4.4): the harness fetches and refreshes the bearer token. */
export interface OAuthClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes; absent: none requested. */
  scope?: string;
  clientAuthentication: OAuthClientAuthentication;
}

/** How the target's TLS connections are made; PEM texts are read and checked when the config is loaded. */
export interface TlsConfig {
  /** CA certificates (PEM) trusted besides the built-in roots. */
  ca?: string;
  /** Client certificate and its private key (PEM), for targets that require mutual TLS. */
  cert?: string;
  key?: string;
  /** Skips certificate verification; every report states it. */
  insecure: boolean;
}

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
  /** The page limit the service documents, for a service that does not advertise filter.maxResults. */
  maxResults?: number;
  /**
   * Vendor query parameters (e.g. Oracle IDCS's attributeSets) added to every GET of a resource endpoint;
   * a parameter of the same name that a check sends wins.
   */
  queryParameters?: Record<string, string>;
  tls: TlsConfig;
}

/** The lowest level of failure that fails the run. */
export type FailOn = 'must' | 'should';

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
  /** Which failures fail the run: MUST-level ones, or SHOULD-level ones too (see src/results/verdict.ts). */
  failOn: FailOn;
  /** Where to write a baseline of this run's failures (absolute path). */
  writeBaseline?: string;
  /** Limits on the requests of the whole run: requests per second and requests in flight. */
  throttle: ThrottleSettings;
  limits: PayloadLimits;
  probes: Probes;
  /** Resource templates by resource type name as configured (see src/scim/template.ts). */
  templates: Readonly<Record<string, JsonObject>>;
  learning: Learning;
}

/** Whether the run learns the target's rules for new resources first (src/runner/tenant-rules.ts), and with which e-mail domain. */
export interface Learning {
  enabled: boolean;
  /** The domain of every e-mail address the harness makes up. */
  emailDomain: string;
}

/** The request body sizes the payload checks work with, and how many users the paging checks may create. */
export interface PayloadLimits {
  /** A limit the target documents for every request, in bytes, probed with queries; absent: only bulk.maxPayloadSize is probed, on /Bulk. */
  maxPayloadBytes?: number;
  /** No request body the probe sends is larger than this, in bytes. */
  maxProbeBytes: number;
  /** The most users a check may create to hold more results than one page (filter.maxResults) allows. */
  maxCreatedForPaging: number;
}

/** Checks that only run when asked for, because they load the target. */
export interface Probes {
  rateLimit: {
    enabled: boolean;
    /** The most requests the probe sends while waiting for a 429. */
    maxRequests: number;
  };
}
