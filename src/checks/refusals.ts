/**
 * The requests checks build to be refused, each with the error answer RFC 7643 / RFC 7644 (or RFC 9110)
 * name for it and the requirement that names it. A check sends one with `{ refusal: REFUSALS.… }`, the
 * exchange records it, and errors.no-server-errors cites that requirement when a 5xx answers the request
 * instead: at MUST when the requirement is a MUST, else errors.no-other-server-errors as advice.
 */
import type { Refusal } from '../http/exchange.js';
import { REQUIREMENTS } from './requirements.js';

export const REFUSALS = {
  unknownResource: { status: 404, requirement: 'P-3.12-8' },
  unknownEndpoint: { status: 404, requirement: 'P-3.12-9' },
  unparsableBody: { status: 400, scimType: 'invalidSyntax', requirement: 'P-3.12-7' },
  missingRequiredValue: { status: 400, scimType: 'invalidValue', requirement: 'P-3.12-7' },
  replaceMissingRequired: { status: 400, scimType: 'invalidValue', requirement: 'P-3.5.1-8' },
  schemasMissing: { status: 400, requirement: 'C-3-1' },
  schemasUnknownUri: { status: 400, requirement: 'C-3-2' },
  wrongValueType: { status: 400, scimType: 'invalidValue', requirement: 'C-2.3-1' },
  deletedResourceRead: { status: 404, requirement: 'P-3.6-2' },
  deletedResourceWritten: { status: 404, requirement: 'P-3.6-3' },
  malformedFilter: { status: 400, scimType: 'invalidFilter', requirement: 'P-3.4.2.2-6' },
  booleanOrdered: { status: 400, scimType: 'invalidFilter', requirement: 'P-3.4.2.2-16' },
  binaryOrdered: { status: 400, scimType: 'invalidFilter', requirement: 'P-3.4.2.2-17' },
  unsupportedFilterCombination: { status: 400, scimType: 'invalidFilter', requirement: 'P-3.4.2.2-37' },
  nonIntegerPaging: { status: 400, scimType: 'invalidValue', requirement: 'P-3.4.2.4-11' },
  searchMalformedFilter: { status: 400, scimType: 'invalidFilter', requirement: 'P-3.4.3-3' },
  searchWithoutSchemas: { status: 400, scimType: 'invalidSyntax', requirement: 'P-3.4.3-2' },
  /** Any PATCH the RFC refuses; the fixed PATCH checks below name the rule more closely. */
  patchRefused: { status: 400, requirement: 'P-3.5.2-15' },
  patchInvalidPath: { status: 400, scimType: 'invalidPath', requirement: 'P-3.5.2-6' },
  patchIndexedPath: { status: 400, scimType: 'invalidPath', requirement: 'P-3.5.2-4' },
  patchReadOnly: { status: 400, scimType: 'mutability', requirement: 'P-3.5.2-7' },
  patchImmutable: { status: 400, scimType: 'mutability', requirement: 'P-3.5.2-8' },
  patchRemoveRequired: { status: 400, scimType: 'mutability', requirement: 'P-3.5.2.2-6' },
  patchRemoveWithoutPath: { status: 400, scimType: 'noTarget', requirement: 'P-3.5.2.2-1' },
  patchNoTarget: { status: 400, scimType: 'noTarget', requirement: 'P-3.5.2.3-8' },
  // Table 9 fits invalidValue to these (invalidSyntax it gives to POST and PUT); the RFC names no keyword.
  patchWithoutSchemas: { status: 400, requirement: 'P-3.5.2-1' },
  patchWithoutOperations: { status: 400, requirement: 'P-3.5.2-2' },
  patchUnknownOp: { status: 400, requirement: 'P-3.5.2-3' },
  patchAddWithoutValue: { status: 400, requirement: 'P-3.5.2.1-1' },
  patchPathLessScalar: { status: 400, requirement: 'P-3.5.2.1-8' },
  patchInvalidFilter: { status: 400, scimType: 'invalidFilter', requirement: 'P-3.5.2-20' },
  patchUnsupported: { status: 501, requirement: 'P-3.12-1' },
  duplicateCreate: { status: 409, scimType: 'uniqueness', requirement: 'P-3.3-8' },
  duplicateCaseVariant: { status: 409, scimType: 'uniqueness', requirement: 'C-4.1.1-4' },
  duplicateNormalisationVariant: { status: 409, scimType: 'uniqueness', requirement: 'P-5-1' },
  duplicatePut: { status: 409, scimType: 'uniqueness', requirement: 'P-3.12-10' },
  duplicatePatch: { status: 409, scimType: 'uniqueness', requirement: 'P-3.12-11' },
  duplicateAdvertisedUnique: { status: 409, scimType: 'uniqueness', requirement: 'C-7-16' },
  staleVersion: { status: 412, requirement: 'P-3.14-6' },
  unsupportedProtocolVersion: { status: 400, scimType: 'invalidVers', requirement: 'P-3.13-1' },
  unauthenticated: { status: 401, requirement: 'P-2-2' },
  unsupportedMediaType: { status: 415, requirement: 'RFC9110-15.5.16' },
  unsupportedMethod: { status: 405, requirement: 'RFC9110-15.5.6' },
  bulkOverMaxPayload: { status: 413, requirement: 'P-3.7.4-3' },
  bulkOverMaxOperations: { status: 413, requirement: 'P-3.7.4-2' },
  overDocumentedPayload: { status: 413, requirement: 'RFC9110-15.5.14' },
} as const satisfies Record<string, Refusal>;

/** The level of the rule that names a refusal: MUST for a MUST of the registry, otherwise advice. */
export function refusalLevel(refusal: Refusal): 'MUST' | 'SHOULD' {
  return REQUIREMENTS.get(refusal.requirement)?.level === 'MUST' ? 'MUST' : 'SHOULD';
}

/** The requirements the refusals of one level cite, once each, in table order. */
export function refusalRequirements(level: 'MUST' | 'SHOULD'): string[] {
  const refusals: readonly Refusal[] = Object.values(REFUSALS);
  return [...new Set(refusals.filter((refusal) => refusalLevel(refusal) === level).map((refusal) => refusal.requirement))];
}
