/**
 * The run-level audits of resource representations: every resource any exchange of the run returned —
 * a created, read, replaced or patched one, each page of a list or a search — by the one resource
 * oracle (src/scim/resource-body.ts), and where it says it is against the base URL.
 */
import type { Exchange } from '../http/exchange.js';
import { isUnderBase } from '../scim/base-url.js';
import type { Finding } from '../scim/finding.js';
import { isJsonObject, getMember, parseJson, type JsonObject, type JsonValue } from '../scim/json.js';
import { judgeResourceBody } from '../scim/resource-body.js';
import type { ResourceTypeDefinition } from '../scim/schema.js';
import type { Audit, AuditContext, JudgedExchange } from './exchange-audit.js';

/** What a successful response of a resource endpoint holds: one resource, or a ListResponse of them. */
type ResourceResponse = { type: ResourceTypeDefinition; holds: 'resource' | 'list' };

/**
 * Judges one resource a response held. `single` is the exchange when the resource is the response's only one,
 * so that its headers (Location, Content-Location) speak about it. Undefined when the resource holds nothing
 * the judge reads: a response whose resources all hold nothing was not judged.
 */
type ResourceJudge = (resource: JsonObject, type: ResourceTypeDefinition, context: AuditContext, single: Exchange | undefined) => Finding[] | undefined;

/** An audit judge applying `judge` to every resource any exchange of the run returned. */
function everyResource(judge: ResourceJudge): Audit['judge'] {
  return (exchanges, context) => {
    const judged: JudgedExchange[] = [];
    for (const { exchange, kind, body } of resourceResponses(exchanges, context)) {
      if (kind.holds === 'resource') {
        const findings = judge(body, kind.type, context, exchange);
        if (findings !== undefined) judged.push({ exchange, findings, levels: ['MUST'] });
        continue;
      }
      const resources: JsonValue = getMember(body, 'Resources') ?? [];
      if (!Array.isArray(resources)) continue;
      const perResource = resources.flatMap((resource, index) => {
        const findings = isJsonObject(resource) ? judge(resource, kind.type, context, undefined) : undefined;
        return findings === undefined ? [] : [findings.map((finding) => ({ ...finding, message: `Resources[${index}]: ${finding.message}` }))];
      });
      if (perResource.length > 0) judged.push({ exchange, findings: perResource.flat(), levels: ['MUST'] });
    }
    return judged;
  };
}

export const judgeResourceExchanges = everyResource((resource, type, context, single) => {
  const contentLocation = single?.response?.headers['content-location'];
  return judgeResourceBody(resource, type, context.capabilities.schemas, contentLocation === undefined ? {} : { contentLocation });
});

/**
 * meta.location, and the Location of a create, name the resource under the base URL the service is reached
 * at: a reference a client can GET (RFC 7643 §2.3.7), the new resource's URI (RFC 7644 §3.3). One elsewhere
 * (another origin, an internal host a gateway left in) is never requested: the checks address the resource
 * by the base URL, its endpoint and id instead.
 */
export const judgeResourceLocations = everyResource((resource, _type, context, single) => {
  const location = getMember(isJsonObject(resource.meta) ? resource.meta : {}, 'location');
  const header = single?.request.method === 'POST' ? single.response?.headers['location'] : undefined;
  // A resource without either names no location to judge; whether it must is create.location's and
  // schema.every-resource-body's finding.
  if (typeof location !== 'string' && header === undefined) return undefined;
  const findings: Finding[] = [];
  if (typeof location === 'string' && !isUnderBase(location, context.baseUrl)) {
    findings.push({ requirement: 'C-2.3.7-1', level: 'MUST', message: `meta.location ${location} is outside the base URL ${context.baseUrl}` });
  }
  if (header !== undefined && !isUnderBase(header, context.baseUrl)) {
    findings.push({ requirement: 'P-3.3-3', level: 'MUST', message: `Location ${header} is outside the base URL ${context.baseUrl}` });
  }
  return findings;
});

/**
 * id is unique across the resources of every type, never reassigned, and stable (RFC 7643 §3.1): no two
 * creates of the run answer the same id, and a resource read, replaced or patched at {endpoint}/{id}
 * answers that id.
 */
export const judgeResourceIdentities: Audit['judge'] = (exchanges, context) => {
  const createdBy = new Map<string, { exchange: Exchange; type: string }>();
  const judged: JudgedExchange[] = [];
  for (const { exchange, kind, body } of resourceResponses(exchanges, context)) {
    const id = getMember(body, 'id');
    if (kind.holds !== 'resource' || typeof id !== 'string' || id === '') continue;
    const findings: Finding[] = [];
    if (exchange.request.method === 'POST') {
      const earlier = createdBy.get(id);
      if (earlier === undefined) createdBy.set(id, { exchange, type: kind.type.name });
      else {
        const { method, url } = earlier.exchange.request;
        findings.push({ requirement: 'C-3.1-6', level: 'MUST', message: `the new ${kind.type.name} has id "${id}", already the id of the ${earlier.type} created by ${method} ${new URL(url).pathname}` });
      }
    } else {
      const addressed = addressedId(exchange, kind.type);
      if (addressed !== undefined && addressed !== id) {
        findings.push({ requirement: 'C-3.1-5', level: 'MUST', message: `the ${kind.type.name} addressed by id "${addressed}" answered with id "${id}"` });
      }
    }
    judged.push({ exchange, findings, levels: ['MUST'] });
  }
  return judged;
};

/** The id a request to {endpoint}/{id} addresses, decoded; undefined when it cannot be read. */
function addressedId(exchange: Exchange, type: ResourceTypeDefinition): string | undefined {
  const segment = new URL(exchange.request.url).pathname.split('/').pop() ?? '';
  try {
    return segment === '' || `/${segment}` === type.endpoint ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The successful responses of the run that hold resources, with their JSON object bodies. */
function* resourceResponses(exchanges: readonly Exchange[], context: AuditContext): Generator<{ exchange: Exchange; kind: ResourceResponse; body: JsonObject }> {
  for (const exchange of exchanges) {
    const response = exchange.response;
    if (response === undefined || response.status < 200 || response.status >= 300) continue;
    const kind = responseKind(exchange, context);
    const body = parseJson(response.body);
    if (kind !== undefined && isJsonObject(body)) yield { exchange, kind, body };
  }
}

/**
 * Which requests answer with resources: GET and POST on a type's endpoint (a list, a create), POST on
 * its /.search, and GET, PUT and PATCH on one of its resources.
 */
function responseKind(exchange: Exchange, context: AuditContext): ResourceResponse | undefined {
  const base = new URL(context.baseUrl).pathname.replace(/\/$/, '');
  const path = new URL(exchange.request.url).pathname;
  if (!path.startsWith(`${base}/`)) return undefined;
  const relative = path.slice(base.length);
  const method = exchange.request.method;
  for (const type of context.capabilities.resourceTypes) {
    if (relative === type.endpoint) {
      if (method === 'GET') return { type, holds: 'list' };
      if (method === 'POST') return { type, holds: 'resource' };
      return undefined;
    }
    if (relative === `${type.endpoint}/.search`) return method === 'POST' ? { type, holds: 'list' } : undefined;
    const rest = relative.startsWith(`${type.endpoint}/`) ? relative.slice(type.endpoint.length + 1) : '';
    if (rest !== '' && !rest.includes('/') && ['GET', 'PUT', 'PATCH'].includes(method)) return { type, holds: 'resource' };
  }
  return undefined;
}

export const RESOURCE_AUDITS: readonly Audit[] = [
  {
    id: 'schema.every-resource-body', level: 'MUST', offence: 'break RFC 7643 §2–§3', judge: judgeResourceExchanges,
    subject: 'responses holding resources', nothingJudged: 'no response of the run held a resource',
  },
  {
    id: 'read.ids-unique-and-stable', level: 'MUST', offence: 'break RFC 7643 §3.1', judge: judgeResourceIdentities,
    subject: 'responses holding one resource with an id', nothingJudged: 'no response of the run held a created, read, replaced or patched resource with an id',
  },
  {
    id: 'schema.every-resource-location', level: 'MUST', offence: 'break RFC 7643 §2.3.7 and RFC 7644 §3.3', judge: judgeResourceLocations,
    subject: 'responses holding resources with a location', nothingJudged: 'no resource of the run named its location, by meta.location or a create\'s Location',
  },
];
