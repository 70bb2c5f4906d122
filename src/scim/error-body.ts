/**
 * The oracle of SCIM error responses (RFC 7644 §3.12): one judgement, used for every error any check
 * observes. The body's shape is decided by the JSON Schema in fixtures/scim-error.schema.json (ajv);
 * what a schema cannot say — status equal to the HTTP status, the scimType keyword fitting the status
 * and method, the status a conflict must get — is judged here. Extra schema URNs and vendor extension
 * objects are allowed: the RFC only fixes the members it defines.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { fixturePath } from '../package-files.js';
import type { Finding } from './finding.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { show } from './messages.js';

/** What the caller knows about the request the error answered. */
export interface ErrorCircumstance {
  method?: string;
  /** The request was a SCIM bulk request, where every keyword may apply (RFC 7644 Table 9 note). */
  bulk?: boolean;
  /** The request was built to conflict with an existing resource's unique value. */
  conflict?: boolean;
}

interface KeywordUse {
  statuses: readonly number[];
  methods: readonly string[];
}

/**
 * RFC 7644 Table 9: each keyword's applicable methods. Its statuses are 400 (Table 8), except
 * uniqueness, which §3.3 sends with 409 (RFC 7643 §7 also allows 400), and sensitive, which §7.5.2
 * sends with 403.
 */
const KEYWORDS: Readonly<Record<string, KeywordUse>> = {
  invalidFilter: { statuses: [400], methods: ['GET', 'POST', 'PATCH'] },
  tooMany: { statuses: [400], methods: ['GET', 'POST'] },
  uniqueness: { statuses: [409, 400], methods: ['POST', 'PUT', 'PATCH'] },
  mutability: { statuses: [400], methods: ['PUT', 'PATCH'] },
  invalidSyntax: { statuses: [400], methods: ['POST', 'PUT'] },
  invalidPath: { statuses: [400], methods: ['PATCH'] },
  noTarget: { statuses: [400], methods: ['PATCH'] },
  invalidValue: { statuses: [400], methods: ['GET', 'POST', 'PUT', 'PATCH'] },
  invalidVers: { statuses: [400], methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
  sensitive: { statuses: [403, 400], methods: ['GET'] },
};

export const SCIM_TYPE_KEYWORDS: readonly string[] = Object.keys(KEYWORDS);

/** The members RFC 7644 §3.12 defines, under the requirement that governs each one's shape. */
const MEMBER_REQUIREMENTS: Readonly<Record<string, string>> = {
  schemas: 'P-3.12-3',
  status: 'P-3.12-4',
  scimType: 'P-3.12-6',
  detail: 'P-3.12-2',
};

let compiled: ValidateFunction | undefined;

function errorSchema(): ValidateFunction {
  if (compiled === undefined) {
    const schema: unknown = JSON.parse(readFileSync(fixturePath('scim-error.schema.json'), 'utf8'));
    if (!isJsonObject(schema)) throw new Error('fixtures/scim-error.schema.json does not hold a JSON Schema object');
    compiled = new Ajv({ allErrors: true, strict: true }).compile(schema as SchemaObject);
  }
  return compiled;
}

/** Every way the error response breaks RFC 7644 §3.12 (or §3.3 for a conflict); empty when it conforms. */
export function judgeErrorResponse(httpStatus: number, body: JsonValue | undefined, circumstance: ErrorCircumstance = {}): Finding[] {
  if (!isJsonObject(body)) {
    return [{ requirement: 'P-3.12-2', level: 'MUST', message: 'the error body is not a JSON object' }];
  }
  const members = canonicalMembers(body);
  const findings = schemaFindings(members);
  const status = members.status;
  if ((typeof status === 'string' || typeof status === 'number') && String(status) !== String(httpStatus)) {
    findings.push({ requirement: 'P-3.12-5', level: 'MUST', message: `status ${show(status)} differs from the HTTP status ${httpStatus}` });
  }
  const scimType = members.scimType;
  if (typeof scimType === 'string') findings.push(...keywordFindings(scimType, httpStatus, circumstance));
  if (circumstance.conflict === true && (httpStatus !== 409 || scimType !== 'uniqueness')) {
    findings.push({
      requirement: 'P-3.3-8',
      level: 'MUST',
      message: `a uniqueness conflict answered ${httpStatus} with scimType ${show(scimType)}, expected 409 with scimType "uniqueness"`,
    });
  }
  return findings;
}

/** The §3.12 members under their canonical names, whatever case the server used (RFC 7643 §2.1). */
function canonicalMembers(body: JsonObject): JsonObject {
  const members: JsonObject = {};
  for (const name of Object.keys(MEMBER_REQUIREMENTS)) {
    const value = getMember(body, name);
    if (value !== undefined) members[name] = value;
  }
  return members;
}

function schemaFindings(members: JsonObject): Finding[] {
  const validate = errorSchema();
  if (validate(members)) return [];
  const byMember = new Map<string, Finding>();
  for (const error of validate.errors ?? []) {
    const member = memberOf(error);
    if (member === undefined || byMember.has(member)) continue;
    byMember.set(member, {
      requirement: MEMBER_REQUIREMENTS[member] ?? 'P-3.12-2',
      level: 'MUST',
      message: error.keyword === 'required' ? `${member} is missing` : `${member} ${show(members[member])} ${describe(error)}`,
    });
  }
  return [...byMember.values()];
}

/** The top-level member an ajv error is about. */
function memberOf(error: ErrorObject): string | undefined {
  if (error.keyword === 'required') {
    const missing: unknown = error.params.missingProperty;
    return typeof missing === 'string' ? missing : undefined;
  }
  return error.instancePath.split('/')[1];
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'contains': return 'does not hold the Error URN';
    case 'type': return `is not a JSON ${String(error.params.type)}`;
    case 'pattern': return 'is not a three-digit HTTP status code';
    default: return `fails the error schema (${error.message ?? error.keyword})`;
  }
}

function keywordFindings(scimType: string, httpStatus: number, circumstance: ErrorCircumstance): Finding[] {
  const use = KEYWORDS[scimType];
  if (use === undefined) {
    return [{
      requirement: 'P-3.12-6',
      level: 'MUST',
      message: `scimType "${scimType}" is not a keyword of RFC 7644 Table 9 (${SCIM_TYPE_KEYWORDS.join(', ')})`,
    }];
  }
  const findings: Finding[] = [];
  if (!use.statuses.includes(httpStatus)) {
    findings.push({
      requirement: 'P-3.12-6',
      level: 'SHOULD',
      message: `scimType "${scimType}" came with HTTP ${httpStatus}; the RFC uses it with ${use.statuses.join(' or ')}`,
    });
  }
  const method = circumstance.method?.toUpperCase();
  if (method !== undefined && circumstance.bulk !== true && !use.methods.includes(method)) {
    findings.push({
      requirement: 'P-3.12-6',
      level: 'SHOULD',
      message: `scimType "${scimType}" answered a ${method}; RFC 7644 Table 9 applies it to ${use.methods.join(', ')}`,
    });
  }
  return findings;
}
