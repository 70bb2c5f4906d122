/**
 * The API a suite file is written against: `const suite = useScim()` at the top of the file, then
 * `suite.check(id, body)` per check. It owns the file's HTTP client, records the evidence of each
 * check, and deletes what the file created when the file ends.
 */
import { afterAll, inject, test } from 'vitest';
import { findCheck } from '../checks/catalog.js';
import type { TargetConfig } from '../config/types.js';
import type { Capabilities } from '../discovery/capabilities.js';
import { ScimClient, type RequestOptions, type ScimResponse } from '../http/client.js';
import type { Exchange } from '../http/exchange.js';
import type { JsonObject } from '../scim/json.js';
import { findSchema, type ResourceTypeDefinition, type SchemaDefinition } from '../scim/schema.js';
import { applyTemplate } from '../scim/template.js';
import { URN } from '../scim/urns.js';
import { refusedSetup } from './failure.js';
import { ExchangeRecorder } from '../http/recorder.js';
import { Redactor } from '../http/redact.js';
import { RemoteThrottle } from '../http/throttle.js';
import { LedgerWriter } from './ledger.js';
import { createdResource, ResourceTracker, type CreatedResource } from './resource-tracker.js';
import type { SuiteInput } from './suite-input.js';

export { createdResource, resourceAddress, type CreatedResource } from './resource-tracker.js';

export interface CheckContext {
  checkId: string;
  /** The run's seed and generated cases per property: see checkProperty. */
  seed: number;
  numRuns: number;
  client: ScimClient;
  capabilities: Capabilities;
  resources: ResourceTracker;
  /** Creates a resource as set-up for a check and tracks it for deletion; ends the check as skipped (SetupRefused) when the target refuses. */
  create(endpoint: string, body: JsonObject): Promise<CreatedResource>;
  /** The advertised resource type whose core schema is `schema`, if any. */
  resourceType(schema: string): ResourceTypeDefinition | undefined;
  /** The advertised resource type whose core schema is `schema`; skips the check when there is none. */
  requireType(schema: string): ResourceTypeDefinition;
  /** The advertised schema with this URI, if any. */
  schema(id: string): SchemaDefinition | undefined;
  /** A name no other run or resource uses: the run prefix, a label and a counter. */
  uniqueName(label: string): string;
  /** The domain of every e-mail address the run makes up (config learning.emailDomain). */
  emailDomain: string;
  /** An e-mail address no other resource holds (tenants often keep e-mail addresses unique): a unique name at the run's e-mail domain. */
  email(label: string): string;
  /**
   * The body of a new User: a unique userName from the label, the check's attributes (an extension's
   * under its URN, which `schemas` then lists), and the configured User template.
   */
  user(label: string, attributes?: JsonObject): NamedBody<'userName'>;
  /** The body of a new Group: a unique displayName from the label, the check's attributes, and the configured Group template. */
  group(label: string, attributes?: JsonObject): NamedBody<'displayName'>;
  /** The configured template of the resource type with this name, if any (see src/scim/template.ts). */
  template(typeName: string): JsonObject | undefined;
  /** Adds a response made outside the check (e.g. in beforeAll) to the check's evidence. */
  attach(response: ScimResponse): void;
  /** Ends the check as skipped, with the reason shown in every report. */
  skip(reason: string): never;
  /** A sentence the check's result carries when it passes, e.g. the size of the largest request it sent. */
  note(text: string): void;
  /** Drops the exchanges made so far from the evidence (attached responses stay): a property keeps only its shrunk case's. */
  restartEvidence(): void;
}

/** A resource body whose naming attribute is known to be a string. */
export type NamedBody<K extends string> = JsonObject & Record<K, string>;

/** How the run authenticates: its scheme, `headers` when only custom headers (e.g. an API key) are configured. */
export type Credentials = 'none' | 'bearer' | 'basic' | 'headers';

export interface Suite extends Omit<CheckContext, 'checkId' | 'attach' | 'skip' | 'note' | 'restartEvidence' | 'requireType'> {
  runPrefix: string;
  readOnly: boolean;
  limits: SuiteInput['limits'];
  probes: SuiteInput['probes'];
  unservedTypes: SuiteInput['unservedTypes'];
  filterSupport: SuiteInput['filterSupport'];
  credentials: Credentials;
  check(id: string, body: (t: CheckContext) => Promise<void>): void;
}

export function useScim(): Suite {
  const input = inject('scimprobe');
  const redactor = Redactor.forTarget(input.target);
  const recorder = new ExchangeRecorder(redactor);
  const throttle = input.throttleAddress === undefined ? undefined : new RemoteThrottle(input.throttleAddress);
  const client = new ScimClient(input.target, recorder, { readOnly: input.readOnly, throttle });
  const resources = new ResourceTracker(client, new LedgerWriter(input.ledgerPath));
  const claimed = new Set<number>();
  let counter = 0;
  const uniqueName = (label: string): string => `${input.runPrefix}-${label}-${++counter}`;
  const email = (label: string): string => `${uniqueName(label)}@${input.emailDomain}`;
  // Schema URIs are compared case-insensitively, as SCIM compares attribute names and URNs.
  const resourceType = (schema: string): ResourceTypeDefinition | undefined =>
    input.capabilities.resourceTypes.find((candidate) => candidate.schema.toLowerCase() === schema.toLowerCase());
  const schema = (id: string): SchemaDefinition | undefined => findSchema(input.capabilities.schemas, id);
  const template = (typeName: string): JsonObject | undefined => input.templates[typeName];
  const named = <K extends string>(core: string, attribute: K) => (label: string, attributes: JsonObject = {}): NamedBody<K> => {
    const name = uniqueName(label);
    const extensions = Object.keys(attributes).filter((key) => key.toLowerCase().startsWith('urn:'));
    const body = applyTemplate(template(resourceType(core)?.name ?? ''), { schemas: [core, ...extensions], [attribute]: name, ...attributes }, name);
    const value = body[attribute];
    // applyTemplate replaces the harness's name only with a string.
    return { ...body, [attribute]: typeof value === 'string' ? value : name } as NamedBody<K>;
  };
  const user = named(URN.user, 'userName');
  const group = named(URN.group, 'displayName');
  const create = async (endpoint: string, body: JsonObject): Promise<CreatedResource> => {
    const response = await client.post(endpoint, body);
    const created = createdResource(client.baseUrl, endpoint, response);
    if (response.status < 200 || response.status >= 300 || created === undefined) {
      refusedSetup(response, `${created === undefined && response.status < 300 ? 'the answer names neither an id nor a Location, so ' : ''}the resources this check needs cannot be created`);
    }
    resources.track(created.path);
    return created;
  };

  // vitest reads the first parameter as a fixture list, so it must be a destructuring pattern.
  afterAll(async ({}, file) => {
    try {
      await resources.deleteAll();
    } finally {
      file.meta.setupExchanges = recorder.all().filter((exchange) => !claimed.has(exchange.seq));
      await client.close();
      throttle?.close();
    }
  });

  return {
    client,
    capabilities: input.capabilities,
    resources,
    create,
    resourceType,
    schema,
    runPrefix: input.runPrefix,
    seed: input.seed,
    numRuns: input.numRuns,
    readOnly: input.readOnly,
    limits: input.limits,
    probes: input.probes,
    unservedTypes: input.unservedTypes,
    filterSupport: input.filterSupport,
    credentials: credentialsOf(input.target),
    uniqueName,
    emailDomain: input.emailDomain,
    email,
    user,
    group,
    template,
    check(id, body) {
      if (findCheck(id) === undefined) {
        throw new Error(`suite: check id "${id}" is not in the catalog; add its spec under src/checks/`);
      }
      test(id, { meta: { checkId: id } }, async (context) => {
        let mark = recorder.mark();
        const attached: Exchange[] = [];
        try {
          await body({
            checkId: id,
            seed: input.seed,
            numRuns: input.numRuns,
            client,
            capabilities: input.capabilities,
            resources,
            create,
            resourceType,
            requireType: (core) => resourceType(core) ?? context.skip(`the target advertises no resource type with the ${schemaName(core)} schema`),
            schema,
            uniqueName,
            emailDomain: input.emailDomain,
            email,
            user,
            group,
            template,
            attach: (response) => attached.push(response.exchange),
            skip: (reason) => context.skip(reason),
            note: (text) => {
              context.task.meta.note = redactor.text(text);
            },
            restartEvidence: () => {
              mark = recorder.mark();
            },
          });
        } catch (error) {
          // Messages quote what the server sent, which may hold a secret the exchanges already had redacted.
          if (error instanceof Error) error.message = redactor.text(error.message);
          throw error;
        } finally {
          const evidence = mergeBySeq(attached, recorder.since(mark));
          for (const exchange of evidence) claimed.add(exchange.seq);
          context.task.meta.exchanges = evidence;
        }
      });
    },
  };
}

/** POSTs a body the check chose; whatever the server creates from it, rightly or not, is tracked for deletion. */
export async function postTracked(
  t: Pick<CheckContext, 'client' | 'resources'>,
  endpoint: string,
  body: JsonObject,
  options?: RequestOptions,
): Promise<ScimResponse> {
  const response = await t.client.post(endpoint, body, options);
  t.resources.trackCreated(endpoint, response);
  return response;
}

/** `User` for urn:ietf:params:scim:schemas:core:2.0:User: how messages name a schema. */
function schemaName(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1) || urn;
}

function credentialsOf(target: TargetConfig): Credentials {
  // An OAuth access token is sent as a bearer token.
  if (target.auth.type === 'oauth') return 'bearer';
  if (target.auth.type !== 'none') return target.auth.type;
  return Object.keys(target.headers).length > 0 ? 'headers' : 'none';
}

function mergeBySeq(a: Exchange[], b: Exchange[]): Exchange[] {
  const bySeq = new Map<number, Exchange>();
  for (const exchange of [...a, ...b]) bySeq.set(exchange.seq, exchange);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}
