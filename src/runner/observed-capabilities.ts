/**
 * What the target does, where it says otherwise. A /ServiceProviderConfig that advertises
 * filter.supported: false while filters work would make every query check skip: the run asks once, and
 * when a plain `userName eq` filter is served, the checks run as for a target that advertises it;
 * discovery.spc-filter-matches reports the inconsistency once.
 */
import type { Capabilities } from '../discovery/capabilities.js';
import type { ScimClient, ScimResponse } from '../http/client.js';
import { isListBody } from '../scim/messages.js';
import { URN } from '../scim/urns.js';

/** The filter an identity provider sends first, on a name nothing holds. */
export function filterProbe(runPrefix: string): { filter: string; count: number } {
  return { filter: `userName eq ${JSON.stringify(`${runPrefix}-filter-probe`)}`, count: 1 };
}

/**
 * A filter answered with a list: a 200 whose body reads as one, whatever else is right or wrong with the list
 * (the list checks judge that). A 200 with any other body, an empty object, says nothing of filtering.
 */
export function servesFilter(response: Pick<ScimResponse, 'status' | 'json'>): boolean {
  return response.status === 200 && isListBody(response.json);
}

/** The capabilities with filtering on when the target serves a filter it does not advertise. */
export async function withObservedFilter(client: ScimClient, capabilities: Capabilities, runPrefix: string): Promise<Capabilities> {
  const userType = capabilities.resourceTypes.find((type) => type.schema.toLowerCase() === URN.user.toLowerCase());
  if (capabilities.filter.supported || userType === undefined) return capabilities;
  const probe = await client.get(userType.endpoint, filterProbe(runPrefix));
  return servesFilter(probe) ? { ...capabilities, filter: { ...capabilities.filter, supported: true } } : capabilities;
}
