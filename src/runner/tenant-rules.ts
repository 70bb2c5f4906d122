/**
 * Learning what a tenant requires of a new resource beyond its /Schemas, before any suite runs. Real
 * tenants refuse a User whose userName is not an e-mail address, or one without an e-mail address or a
 * name, although their schemas mark none of that required. The run tries the usual variants one after
 * another, keeps the first the target accepts as a template every resource of the run is built with, and
 * deletes what it created at once. A type the target refuses in every variant keeps its configured
 * template: the create checks then judge the refusal.
 */
import type { Capabilities } from '../discovery/capabilities.js';
import type { ScimClient } from '../http/client.js';
import type { JsonObject } from '../scim/json.js';
import { applyTemplate } from '../scim/template.js';
import { URN } from '../scim/urns.js';
import { answeredWithDetail } from './failure.js';
import type { LearnedRules } from '../results/model.js';
import { createdResource, type ResourceTracker } from './resource-tracker.js';

/** One thing a tenant may require, and the template part that meets it. */
interface Requirement {
  requires: string;
  template: (emailDomain: string) => JsonObject;
}

const EMAIL_USER_NAME: Requirement = {
  requires: 'an e-mail address as userName',
  template: (domain) => ({ userName: `{name}@${domain}` }),
};
const EMAIL: Requirement = {
  requires: 'an e-mail address',
  template: (domain) => ({ emails: [{ value: `{name}@${domain}`, type: 'work', primary: true }] }),
};
const NAME: Requirement = {
  requires: 'a name (givenName and familyName)',
  template: () => ({ name: { givenName: 'Probe', familyName: '{name}' } }),
};
const DISPLAY_NAME: Requirement = { requires: 'a displayName', template: () => ({ displayName: '{name}' }) };

/**
 * The User variants, in the order they are tried: the plain body first, then each tenant rule seen in the
 * field alone where it is common alone, then added up.
 */
const USER_VARIANTS: readonly (readonly Requirement[])[] = [
  [],
  [EMAIL_USER_NAME],
  [EMAIL],
  [EMAIL_USER_NAME, EMAIL],
  [EMAIL_USER_NAME, EMAIL, NAME],
  [EMAIL_USER_NAME, EMAIL, NAME, DISPLAY_NAME],
];

export interface LearningInput {
  client: ScimClient;
  capabilities: Capabilities;
  /** The configured templates, by advertised type name: they win over anything learned. */
  templates: Readonly<Record<string, JsonObject>>;
  /** Names each probe resource, so the run's sweeps find it. */
  uniqueName: (label: string) => string;
  emailDomain: string;
  /** Every probe created is tracked here, so it is deleted even if the run stops. */
  tracker: ResourceTracker;
}

/** The configured template with the learned one beneath it: a configured attribute wins. */
export function withLearned(configured: JsonObject | undefined, learned: JsonObject | undefined): JsonObject | undefined {
  if (learned === undefined) return configured;
  return { ...learned, ...configured };
}

/** Learns the rules for the User type (when advertised) and deletes every probe it created. */
export async function learnTenantRules(input: LearningInput): Promise<LearnedRules[]> {
  const userType = input.capabilities.resourceTypes.find((type) => type.schema.toLowerCase() === URN.user.toLowerCase());
  if (userType === undefined) return [];
  try {
    return [await learnUserRules(input, userType.name, userType.endpoint)];
  } finally {
    // What cannot be deleted now stays in the ledger, which the run's final sweep deletes.
    await input.tracker.deleteAll().catch(() => undefined);
  }
}

async function learnUserRules(input: LearningInput, typeName: string, endpoint: string): Promise<LearnedRules> {
  const configured = input.templates[typeName];
  let refused = '';
  for (const variant of USER_VARIANTS) {
    const learned = variant.length === 0 ? undefined : Object.assign({}, ...variant.map((requirement) => requirement.template(input.emailDomain))) as JsonObject;
    const name = input.uniqueName('learn-user');
    const body = applyTemplate(withLearned(configured, learned), { schemas: [URN.user], userName: name }, name);
    const response = await input.client.post(endpoint, body);
    input.tracker.trackCreated(endpoint, response);
    if (response.status >= 200 && response.status < 300 && createdResource(input.client.baseUrl, endpoint, response) !== undefined) {
      return { resourceType: typeName, requires: variant.map((requirement) => requirement.requires), ...(learned === undefined ? {} : { template: learned }) };
    }
    // A server fault says nothing about the tenant's rules; trying more bodies would only repeat it.
    if (response.status >= 500) return { resourceType: typeName, requires: [], refused: answeredWithDetail(response) };
    refused = answeredWithDetail(response);
  }
  return { resourceType: typeName, requires: [], refused };
}
