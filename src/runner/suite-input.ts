/** What the run hands every suite file through vitest's provide/inject, and what a check leaves in its task meta. */
import type { PayloadLimits, Probes, TargetConfig } from '../config/types.js';
import type { Capabilities } from '../discovery/capabilities.js';
import type { Exchange } from '../http/exchange.js';
import type { JsonObject } from '../scim/json.js';
import type { ResourceTypeDefinition } from '../scim/schema.js';
import type { FilterSupport } from './filter-support.js';

export interface SuiteInput {
  target: TargetConfig;
  capabilities: Capabilities;
  runId: string;
  /** Every resource the run creates carries this prefix, so it can be found and cleaned up. */
  runPrefix: string;
  seed: number;
  /** Generated cases per property-based check. */
  numRuns: number;
  /** The clean-up ledger every created resource is written to (see ledger.ts). */
  ledgerPath: string;
  /** The run must send nothing that changes the target: set-up that writes is left out. */
  readOnly: boolean;
  /** host:port of the run's request throttle (see src/http/throttle.ts), when the run is throttled. */
  throttleAddress?: string;
  limits: PayloadLimits;
  probes: Probes;
  /** Resource templates by the advertised resource type name (see src/scim/template.ts), the learned ones beneath the configured. */
  templates: Record<string, JsonObject>;
  /** The domain of the e-mail addresses checks make up. */
  emailDomain: string;
  /** Advertised resource types whose endpoint is not served: left out of `capabilities`, judged by discovery.resource-types-served. */
  unservedTypes: ResourceTypeDefinition[];
  /** Which parts of the filter language the target serves (see filter-support.ts). */
  filterSupport: FilterSupport;
}

declare module 'vitest' {
  interface ProvidedContext {
    scimprobe: SuiteInput;
  }
  interface TaskMeta {
    /** Set on a check's test: the catalog id. */
    checkId?: string;
    /** Set on a check's test: the exchanges it made or judged. */
    exchanges?: Exchange[];
    /** Set on a check's test that passed with something to say (CheckContext.note). */
    note?: string;
    /** Set on a suite file: exchanges of set-up and clean-up that no check claimed. */
    setupExchanges?: Exchange[];
  }
}
