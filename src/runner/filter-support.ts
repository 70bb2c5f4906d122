/**
 * Which parts of the filter language the target serves. A /ServiceProviderConfig that advertises
 * filter.supported: false while filters work would make every query check skip: when a plain `userName eq`
 * filter is served, the checks run as for a target that advertises it, and discovery.spc-filter-matches
 * reports the inconsistency once. A target that supports filtering may still decline
 * an operator, a connective, value filters or an attribute with 400 invalidFilter (RFC 7644 §3.4.2.2,
 * Table 9); many accept `attr eq "value"` alone, which is all an identity provider sends. The run asks
 * once, before the suites, with filters on a value nothing holds, and the suites send only filters made of
 * what is served: a declined part is a capability, reported once by filter.advertised-filters-served, not a
 * failure of every check whose filter uses it.
 */
import type { Capabilities } from '../discovery/capabilities.js';
import { TransportError, type ScimClient, type ScimResponse } from '../http/client.js';
import { COMMON_ATTRIBUTES, COMPARE_OPERATORS, isAttributeName, parseFilter, printAttributePath, type AttributePath, type Filter } from '../scim/filter/index.js';
import { attributeFeature, featureKey, filterFeatures, type FilterFeature } from '../scim/filter/features.js';
import { isListBody, stringMember } from '../scim/messages.js';
import { findSchema, type AttributeDefinition } from '../scim/schema.js';
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

/** One question asked of the target: a feature, the filter that asks about it, and the answer. */
export interface FilterProbe {
  /** featureKey of the feature asked about. */
  feature: string;
  filter: string;
  status: number;
  /** Answered with a list (servesFilter). */
  served: boolean;
  /** Refused as RFC 7644 Table 9 lets a server refuse what it does not support (isDeclinedFilter). */
  declined: boolean;
  /** The detail of the SCIM Error that declined it, if any; why no answer came, when status is 0. */
  detail?: string;
}

/** What the run learned; `probes` is empty when the target filters nothing or has no User type. */
export interface FilterSupport {
  probes: FilterProbe[];
}

export const NO_FILTER_SUPPORT_PROBED: FilterSupport = { probes: [] };

/**
 * A 400 the RFC lets a server give a filter it does not support (RFC 7644 §3.4.2.2, Table 9: invalidFilter).
 * A 400 without a scimType is read the same way: it refuses the filter, and says no more.
 */
export function isDeclinedFilter(response: Pick<ScimResponse, 'status' | 'json'>): boolean {
  if (response.status !== 400) return false;
  const scimType = stringMember(response.json, 'scimType');
  return scimType === undefined || scimType === 'invalidFilter';
}

/** A literal of the attribute's type that no resource is expected to hold. */
function literalFor(definition: AttributeDefinition, nothing: string): string | undefined {
  switch (definition.type) {
    case 'string':
    case 'reference':
      return JSON.stringify(nothing);
    case 'boolean':
      return 'true';
    case 'dateTime':
      return '"2000-01-01T00:00:00Z"';
    case 'integer':
    case 'decimal':
      return '0';
    default:
      return undefined;
  }
}

/** The attribute paths of the User core schema a filter can compare, the common attributes (id, externalId, meta) among them. */
function comparablePaths(core: readonly AttributeDefinition[]): Array<[AttributePath, AttributeDefinition]> {
  const paths: Array<[AttributePath, AttributeDefinition]> = [];
  // $ref is no ATTRNAME of the filter grammar (RFC 7644 Figure 1), so no filter can name it.
  const comparable = (definition: AttributeDefinition): boolean =>
    definition.returned !== 'never' && definition.type !== 'complex' && definition.type !== 'binary' && isAttributeName(definition.name);
  // A schema that lists a common attribute itself wins over the RFC's definition of it.
  const listed = new Set(core.map((attribute) => attribute.name.toLowerCase()));
  for (const attribute of [...core, ...COMMON_ATTRIBUTES.filter((common) => !listed.has(common.name.toLowerCase()))]) {
    if (attribute.type !== 'complex') {
      if (comparable(attribute)) paths.push([{ attribute: attribute.name }, attribute]);
      continue;
    }
    for (const sub of attribute.subAttributes ?? []) {
      if (comparable(sub)) paths.push([{ attribute: attribute.name, subAttribute: sub.name }, sub]);
    }
  }
  return paths;
}

/** The filter every other probe builds on: the one an identity provider sends first. */
function equalityProbe(nothing: string): [FilterFeature, string] {
  return [{ kind: 'operator', operator: 'eq' }, `userName eq ${JSON.stringify(nothing)}`];
}

/** The filters that ask about the other operators and the connectives, on userName. */
function languageProbes(nothing: string): Array<[FilterFeature, string]> {
  const value = JSON.stringify(nothing);
  const equal = equalityProbe(nothing)[1];
  return [
    ...COMPARE_OPERATORS.filter((operator) => operator !== 'eq').map((operator): [FilterFeature, string] => [{ kind: 'operator', operator }, `userName ${operator} ${value}`]),
    [{ kind: 'operator', operator: 'pr' }, 'userName pr'],
    [{ kind: 'connective', connective: 'and' }, `${equal} and ${equal}`],
    [{ kind: 'connective', connective: 'or' }, `${equal} or ${equal}`],
    [{ kind: 'connective', connective: 'not' }, `not (${equal})`],
  ];
}

/** The filters that ask about value filters, and about each attribute with eq. */
function partProbes(core: readonly AttributeDefinition[], nothing: string): Array<[FilterFeature, string]> {
  const value = JSON.stringify(nothing);
  const probes: Array<[FilterFeature, string]> = [];
  if (core.some((attribute) => attribute.name.toLowerCase() === 'emails')) probes.push([{ kind: 'value filter' }, `emails[value eq ${value}]`]);
  for (const [path, definition] of comparablePaths(core)) {
    const literal = literalFor(definition, nothing);
    if (literal !== undefined && path.attribute.toLowerCase() !== 'username') probes.push([attributeFeature(path), `${printAttributePath(path)} eq ${literal}`]);
  }
  return probes;
}

/**
 * Asks the target's User endpoint about each feature, concurrently, one result each (count=1): every one, or
 * the operators and connectives alone. Nothing is probed when the target does not filter or has no User
 * type, or when it declines `userName eq` itself, which every other probe builds on.
 */
export async function probeFilterSupport(client: ScimClient, capabilities: Capabilities, runPrefix: string, features: 'every' | 'language' = 'every'): Promise<FilterSupport> {
  const userType = capabilities.resourceTypes.find((type) => type.schema.toLowerCase() === URN.user.toLowerCase());
  if (!capabilities.filter.supported || userType === undefined) return NO_FILTER_SUPPORT_PROBED;
  const core = findSchema(capabilities.schemas, userType.schema)?.attributes ?? [];
  const nothing = `${runPrefix}-filter-support`;
  const ask = async ([feature, filter]: [FilterFeature, string]): Promise<FilterProbe> => {
    let response: ScimResponse;
    try {
      response = await client.get(userType.endpoint, { filter, count: 1 });
    } catch (error) {
      // No answer says nothing of the feature: it is left unknown, and the checks that use it find the fault.
      if (!(error instanceof TransportError)) throw error;
      return { feature: featureKey(feature), filter, status: 0, served: false, declined: false, detail: error.message };
    }
    const detail = stringMember(response.json, 'detail');
    return {
      feature: featureKey(feature), filter, status: response.status, served: servesFilter(response), declined: isDeclinedFilter(response),
      ...(detail === undefined ? {} : { detail }),
    };
  };
  const first = await ask(equalityProbe(nothing));
  if (first.declined) return { probes: [first] };
  const others = [...languageProbes(nothing), ...(features === 'every' ? partProbes(core, nothing) : [])];
  return { probes: [first, ...(await Promise.all(others.map(ask)))] };
}

/**
 * Whether a feature (a featureKey) is an operator or a connective: the parts of the filter language
 * /ServiceProviderConfig's filter.supported speaks for. Attributes may each be declined (RFC 7644 Table 9)
 * and value filters in queries are optional (§3.4.2.2), so nothing it says covers them.
 */
export function isLanguageFeature(feature: string): boolean {
  return feature.startsWith('operator ') || ['and', 'or', 'not'].includes(feature);
}

/** Whether the target declined the feature (a featureKey) when asked; a feature not asked about is taken as served. */
export function declinesFeature(support: FilterSupport, feature: string): boolean {
  return support.probes.some((probe) => probe.feature === feature && probe.declined);
}

/** The probes that declined a feature the filter uses. */
export function declinedParts(support: FilterSupport, filter: Filter): FilterProbe[] {
  const used = new Set(filterFeatures(filter).map(featureKey));
  return support.probes.filter((probe) => probe.declined && used.has(probe.feature));
}

/** declinedParts of a filter text; a text that does not parse uses no feature the run knows of. */
export function declinedPartsOfText(support: FilterSupport, text: string): FilterProbe[] {
  let filter: Filter;
  try {
    filter = parseFilter(text);
  } catch {
    return [];
  }
  return declinedParts(support, filter);
}

/**
 * How declined probes read in a message: the features, then the first answer as an example,
 * `operator sw, operator co (400 "… not supported" to userName sw "…", and alike)`.
 */
export function describeDeclined(probes: readonly FilterProbe[]): string {
  const [first] = probes;
  if (first === undefined) return 'nothing';
  const example = `${first.status}${first.detail === undefined ? '' : ` ${JSON.stringify(first.detail)}`} to ${first.filter}`;
  return `${probes.map((probe) => probe.feature).join(', ')} (${example}${probes.length > 1 ? ', and alike' : ''})`;
}
