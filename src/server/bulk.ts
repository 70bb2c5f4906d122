/**
 * POST /Bulk (RFC 7644 §3.7): a BulkRequest's operations run one by one through the same handlers as
 * single requests. `bulkId:<id>` references, in an operation's path or anywhere in its data, are
 * replaced by the id of the resource the POST with that bulkId created (§3.7.2); an operation whose
 * references are not resolved yet waits for the operations that resolve them, so the order of the
 * request does not matter (§3.7.1). maxOperations is enforced with 413, and failOnErrors stops the job
 * after that many failed operations (§3.7.3, §3.7.4).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { URN } from '../scim/urns.js';
import type { ServerContext } from './context.js';
import { badRequest, renderError, ScimError } from './errors.js';
import { readJsonBody, type ScimRequest } from './request.js';
import { jsonResponse, type ScimResponse } from './response.js';

const BULK_ID_PREFIX = 'bulkId:';
const METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface BulkOperation {
  method: string;
  path: string;
  bulkId: string | undefined;
  version: string | undefined;
  data: JsonValue | undefined;
}

type Handle = (context: ServerContext, request: ScimRequest) => ScimResponse;

export function processBulk(context: ServerContext, request: ScimRequest, handle: Handle): ScimResponse {
  if (context.partial.noBulk === true) throw new ScimError(501, 'bulk operations are not supported');
  const body = readJsonBody(context, request);
  if (!isJsonObject(body) || !Array.isArray(body.schemas) || !body.schemas.includes(URN.bulkRequest)) {
    throw badRequest('invalidSyntax', `a bulk request is a JSON object whose schemas hold ${URN.bulkRequest}`);
  }
  if (!Array.isArray(body.Operations)) throw badRequest('invalidSyntax', 'a bulk request needs an "Operations" array');
  if (body.Operations.length > context.maxBulkOperations && !context.quirks.has('bulk-ignores-max-operations')) {
    throw new ScimError(413, `the bulk request has ${body.Operations.length} operations, more than maxOperations (${context.maxBulkOperations})`);
  }
  const failOnErrors = body.failOnErrors;
  if (failOnErrors !== undefined && (typeof failOnErrors !== 'number' || !Number.isInteger(failOnErrors) || failOnErrors < 1)) {
    throw badRequest('invalidValue', 'failOnErrors must be a positive integer');
  }
  const operations = body.Operations.map(readOperation);
  const errorLimit = context.quirks.has('bulk-fail-on-errors-ignored') ? undefined : failOnErrors;
  const results = runOperations(context, operations, errorLimit, handle);
  return jsonResponse(200, { schemas: [URN.bulkResponse], Operations: results });
}

function readOperation(value: JsonValue): BulkOperation {
  if (!isJsonObject(value)) throw badRequest('invalidSyntax', 'every bulk operation is a JSON object');
  const { method, path, bulkId, version, data } = value;
  if (typeof method !== 'string' || !METHODS.has(method.toUpperCase())) {
    throw badRequest('invalidValue', `a bulk operation's method is POST, PUT, PATCH or DELETE, not ${JSON.stringify(method ?? null)}`);
  }
  if (typeof path !== 'string' || !path.startsWith('/')) throw badRequest('invalidValue', 'every bulk operation needs a "path" starting with /');
  if (/^\/bulk(?:[/?]|$)/i.test(path)) throw badRequest('invalidValue', 'a bulk operation cannot address /Bulk');
  if (bulkId !== undefined && typeof bulkId !== 'string') throw badRequest('invalidValue', 'bulkId is a string');
  if (method.toUpperCase() === 'POST' && bulkId === undefined) throw badRequest('invalidValue', 'a POST bulk operation needs a bulkId');
  return {
    method: method.toUpperCase(),
    path,
    bulkId,
    version: typeof version === 'string' ? version : undefined,
    data,
  };
}

/** The operations in an order that resolves their references first; the rest end with 409. */
function runOperations(context: ServerContext, operations: BulkOperation[], errorLimit: number | undefined, handle: Handle): JsonObject[] {
  const createdIds = new Map<string, string>();
  const pending = [...operations];
  const results: JsonObject[] = [];
  let errors = 0;
  const record = (result: JsonObject): void => {
    results.push(result);
    if (!isSuccess(result)) errors += 1;
  };
  // bulkIds that an operation of this request still has to create: references to them wait.
  const unresolved = (operation: BulkOperation): string[] => {
    const waitingFor = new Set(pending.filter((other) => other !== operation && other.method === 'POST').map((other) => other.bulkId));
    return references(operation).filter((id) => !createdIds.has(id) && waitingFor.has(id));
  };
  while (pending.length > 0 && (errorLimit === undefined || errors < errorLimit)) {
    const ready = context.quirks.has('bulk-in-request-order') ? 0 : pending.findIndex((operation) => unresolved(operation).length === 0);
    const [operation] = pending.splice(Math.max(ready, 0), 1);
    if (operation === undefined) break;
    if (ready < 0) {
      // Every operation left waits for another: the references are circular (RFC 7644 §3.7.1 allows 409).
      record(failure(context, operation, new ScimError(409, `the bulkId references of this operation are circular: ${unresolved(operation).join(', ')}`)));
      continue;
    }
    record(runOperation(context, operation, createdIds, handle));
  }
  return results;
}

function runOperation(context: ServerContext, operation: BulkOperation, createdIds: Map<string, string>, handle: Handle): JsonObject {
  try {
    const resolve = referenceResolver(context, createdIds);
    const path = operation.path.split('/').map(resolve).join('/');
    const data = operation.data === undefined ? undefined : resolveIn(operation.data, resolve);
    const url = new URL(path, 'http://127.0.0.1');
    // The operation's data came in the BulkRequest, whose media type was taken: it is labelled in full, as UTF-8 JSON.
    const headers: ScimRequest['headers'] = { 'content-type': 'application/scim+json; charset=utf-8' };
    if (operation.version !== undefined) headers['if-match'] = operation.version;
    const response = handle(context, {
      method: operation.method,
      segments: url.pathname.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment)),
      query: url.searchParams,
      headers,
      body: Buffer.from(data === undefined ? '' : JSON.stringify(data)),
    });
    const body = response.body !== undefined && 'json' in response.body ? response.body.json : undefined;
    const id = isJsonObject(body) && typeof body.id === 'string' ? body.id : undefined;
    if (operation.method === 'POST' && operation.bulkId !== undefined && id !== undefined) createdIds.set(operation.bulkId, id);
    const location = response.headers.Location ?? (operation.method === 'POST' && id !== undefined ? `${context.baseUrl}${path}/${id}` : `${context.baseUrl}${path}`);
    const result: JsonObject = { method: operation.method };
    if (operation.bulkId !== undefined) result.bulkId = operation.bulkId;
    if (response.headers.ETag !== undefined) result.version = response.headers.ETag;
    result.location = location;
    result.status = statusValue(context, response.status);
    return result;
  } catch (error) {
    return failure(context, operation, error instanceof ScimError ? error : new ScimError(500, 'the operation failed'));
  }
}

function failure(context: ServerContext, operation: BulkOperation, error: ScimError): JsonObject {
  const result: JsonObject = { method: operation.method };
  if (operation.bulkId !== undefined) result.bulkId = operation.bulkId;
  // A failed POST has no location (RFC 7644 §3.7); other operations name the resource they addressed.
  if (operation.method !== 'POST') result.location = `${context.baseUrl}${operation.path}`;
  result.status = statusValue(context, error.status);
  const rendered = renderError(error, context.quirks).body;
  if (rendered !== undefined && 'json' in rendered) result.response = rendered.json;
  return result;
}

function statusValue(context: ServerContext, status: number): JsonValue {
  return context.quirks.has('bulk-response-status-number') ? status : String(status);
}

function isSuccess(result: JsonObject): boolean {
  const status = Number(result.status);
  return status >= 200 && status < 300;
}

/** The bulkIds an operation refers to, in its path or anywhere in its data. */
function references(operation: BulkOperation): string[] {
  const found: string[] = [];
  const visit = (value: JsonValue): void => {
    if (typeof value === 'string') {
      if (value.startsWith(BULK_ID_PREFIX)) found.push(value.slice(BULK_ID_PREFIX.length));
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isJsonObject(value)) {
      Object.values(value).forEach(visit);
    }
  };
  visit(operation.data ?? null);
  for (const segment of operation.path.split('/')) visit(segment);
  return found;
}

/** Turns a path segment or string value `bulkId:<id>` into the created resource's id; an unknown bulkId is a 409. */
function referenceResolver(context: ServerContext, createdIds: ReadonlyMap<string, string>): (text: string) => string {
  return (text) => {
    if (!text.startsWith(BULK_ID_PREFIX) || context.quirks.has('bulk-bulkid-unresolved')) return text;
    const id = createdIds.get(text.slice(BULK_ID_PREFIX.length));
    if (id === undefined) throw new ScimError(409, `"${text}" names no resource this bulk request created`);
    return id;
  };
}

function resolveIn(value: JsonValue, resolve: (text: string) => string): JsonValue {
  if (typeof value === 'string') return resolve(value);
  if (Array.isArray(value)) return value.map((item) => resolveIn(item, resolve));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveIn(item, resolve)]));
  return value;
}
