/** SCIM errors (RFC 7644 §3.12) and how the server writes them. */
import type { JsonObject } from '../scim/json.js';
import { URN } from '../scim/urns.js';
import type { QuirkSet } from './quirks.js';
import { jsonResponse, type ScimResponse } from './response.js';

/** The scimType keywords of RFC 7644 Table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** Thrown by handlers; the HTTP layer turns it into an error response. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export const badRequest = (scimType: ScimType, detail: string): ScimError => new ScimError(400, detail, scimType);

/** An error as an HTML page, as web frameworks and gateways write them. */
export function htmlError(error: ScimError): ScimResponse {
  const html = `<!DOCTYPE html><html><head><title>Error ${error.status}</title></head><body><h1>Error ${error.status}</h1><p>${escapeHtml(error.detail)}</p></body></html>`;
  return { status: error.status, headers: { ...error.headers }, body: { html } };
}

export function renderError(error: ScimError, quirks: QuirkSet): ScimResponse {
  const headers = { ...error.headers };
  if (quirks.has('errors-html')) return htmlError(error);
  const body: JsonObject = {};
  if (!quirks.has('error-missing-schemas')) body.schemas = [URN.error];
  const reportedStatus = quirks.has('error-status-mismatch') ? 400 : error.status;
  const numericStatus = quirks.has('error-status-number') || (error.status === 409 && quirks.has('conflict-status-number'));
  body.status = numericStatus ? reportedStatus : String(reportedStatus);
  const scimType = error.status === 400 && quirks.has('error-scim-type-unknown') ? 'badRequest' : keywordOf(error, quirks);
  if (scimType !== undefined) body.scimType = scimType;
  body.detail = error.detail;
  return jsonResponse(error.status, body, headers);
}

function keywordOf(error: ScimError, quirks: QuirkSet): ScimType | undefined {
  return error.status === 404 && quirks.has('not-found-scim-type') ? 'invalidValue' : error.scimType;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
