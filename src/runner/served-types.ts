/**
 * Advertised resource types whose endpoint the target does not serve. A tenant may advertise a type it
 * has not implemented; judged once by discovery.resource-types-served, such a type is left out of every
 * other check, so that the checks of the types that work still run and say something.
 */
import type { Capabilities } from '../discovery/capabilities.js';
import { PROBE_QUERY } from '../discovery/endpoints.js';
import type { ScimClient, ScimResponse } from '../http/client.js';
import type { ResourceTypeDefinition } from '../scim/schema.js';
import { stringMember } from '../scim/messages.js';

/**
 * A list request the endpoint serves (RFC 7644 §3.2 Table 2): a 200, a 400 tooMany for a list too long
 * to give unfiltered (§3.4.2.1), or a 403 for a client not allowed to list. Anything else is judged by
 * the checks, except the answers that say there is no such endpoint: 404, 405 and 501.
 */
export function isUnservedAnswer(response: Pick<ScimResponse, 'status'>): boolean {
  return response.status === 404 || response.status === 405 || response.status === 501;
}

export function isServedAnswer(response: Pick<ScimResponse, 'status' | 'json'>): boolean {
  return response.status === 200 || response.status === 403 || (response.status === 400 && stringMember(response.json, 'scimType') === 'tooMany');
}

/** One GET of each advertised endpoint; the types whose endpoint answers that it is not there. */
export async function findUnservedTypes(client: ScimClient, capabilities: Capabilities): Promise<ResourceTypeDefinition[]> {
  const answers = await Promise.all(capabilities.resourceTypes.map(async (type) => ({ type, response: await client.get(type.endpoint, PROBE_QUERY) })));
  return answers.filter(({ response }) => isUnservedAnswer(response)).map(({ type }) => type);
}

/** The capabilities the checks work with: the advertised types less those not served. */
export function servedCapabilities(capabilities: Capabilities, unserved: readonly ResourceTypeDefinition[]): Capabilities {
  return { ...capabilities, resourceTypes: capabilities.resourceTypes.filter((type) => !unserved.includes(type)) };
}
