/**
 * The run-level audit of resource representations: every resource any exchange of the run returned —
 * a created, read, replaced or patched one, each page of a list or a search — by the one resource
 * oracle (src/scim/resource-body.ts).
 */
import type { Exchange } from '../http/exchange.js';
import { isJsonObject, getMember, parseJson, type JsonValue } from '../scim/json.js';
import { judgeResourceBody } from '../scim/resource-body.js';
import type { ResourceTypeDefinition } from '../scim/schema.js';
import type { Audit, AuditContext, JudgedExchange } from './exchange-audit.js';

/** What a successful response of a resource endpoint holds: one resource, or a ListResponse of them. */
type ResourceResponse = { type: ResourceTypeDefinition; holds: 'resource' | 'list' };

export function judgeResourceExchanges(exchanges: readonly Exchange[], context: AuditContext): JudgedExchange[] {
  const judged: JudgedExchange[] = [];
  for (const exchange of exchanges) {
    const response = exchange.response;
    if (response === undefined || response.status < 200 || response.status >= 300) continue;
    const kind = responseKind(exchange, context);
    const body = parseJson(response.body);
    if (kind === undefined || !isJsonObject(body)) continue;
    const { capabilities } = context;
    if (kind.holds === 'resource') {
      const contentLocation = response.headers['content-location'];
      const circumstance = contentLocation === undefined ? {} : { contentLocation };
      judged.push({ exchange, findings: judgeResourceBody(body, kind.type, capabilities.schemas, circumstance), levels: ['MUST'] });
      continue;
    }
    const resources: JsonValue = getMember(body, 'Resources') ?? [];
    if (!Array.isArray(resources) || resources.length === 0) continue;
    const findings = resources.flatMap((resource, index) =>
      isJsonObject(resource)
        ? judgeResourceBody(resource, kind.type, capabilities.schemas).map((finding) => ({ ...finding, message: `Resources[${index}]: ${finding.message}` }))
        : [],
    );
    judged.push({ exchange, findings, levels: ['MUST'] });
  }
  return judged;
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
    id: 'schema.every-resource-body',
    level: 'MUST',
    subject: 'responses holding resources',
    offence: 'break RFC 7643 §2–§3',
    nothingJudged: 'no response of the run held a resource',
    judge: judgeResourceExchanges,
  },
];
