import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { fixturePath } from '../../src/package-files.js';
import { judgeErrorResponse } from '../../src/scim/error-body.js';
import type { Finding } from '../../src/scim/finding.js';
import type { JsonValue } from '../../src/scim/json.js';
import { URN } from '../../src/scim/urns.js';

interface VendorErrors {
  vendor: string;
  source: string;
  errors: Array<{ name: string; documented: string; method: string; conflict?: boolean; httpStatus: number; body: JsonValue }>;
}

const VENDOR_FILES = ['qase', 'ping-identity', 'oracle-idcs'] as const;

const validateVendorFile = new Ajv({ strict: true }).compile<VendorErrors>(
  JSON.parse(readFileSync(fixturePath('vendors', 'vendor-errors.schema.json'), 'utf8')) as object,
);

function vendorErrors(file: (typeof VENDOR_FILES)[number]): VendorErrors {
  const data: unknown = JSON.parse(readFileSync(fixturePath('vendors', `${file}.json`), 'utf8'));
  if (!validateVendorFile(data)) throw new Error(`fixtures/vendors/${file}.json: ${JSON.stringify(validateVendorFile.errors)}`);
  return data;
}

/**
 * What each documented vendor error breaks, as requirement ids with the finding's level. A numeric
 * status breaks the MUST of §3.12; Qase's 400 for a taken userName breaks §3.3's 409 uniqueness;
 * extension schemas and objects break nothing.
 */
const EXPECTED: Record<string, string[]> = {
  'qase/duplicate-user-name': ['MUST P-3.3-8'],
  'qase/status-401': [],
  'qase/status-403': [],
  'qase/status-404': [],
  'qase/status-405': [],
  'qase/status-409': [],
  'qase/status-413': [],
  'qase/status-415': [],
  'qase/status-429': [],
  'qase/status-500': [],
  'ping-identity/password-update-error': ['MUST P-3.12-4'],
  'ping-identity/expired-token': ['MUST P-3.12-4', 'MUST P-3.12-6'],
  'ping-identity/correlation-id': [],
  'oracle-idcs/not-found': [],
  'oracle-idcs/missing-attribute': [],
};

const summary = (findings: Finding[]): string[] => findings.map((finding) => `${finding.level} ${finding.requirement}`).sort();

describe('the vendor error fixtures', () => {
  const cases = VENDOR_FILES.flatMap((file) =>
    vendorErrors(file).errors.map((error) => ({ key: `${file}/${error.name}`, error })),
  );

  test('every documented error has an expected verdict', () => {
    expect(cases.map((c) => c.key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(cases)('$key is judged as the RFC says', ({ key, error }) => {
    const findings = judgeErrorResponse(error.httpStatus, error.body, { method: error.method, conflict: error.conflict });
    expect(summary(findings)).toEqual(EXPECTED[key]);
  });
});

describe('judgeErrorResponse', () => {
  const conforming = { schemas: [URN.error], status: '404', detail: 'no such user' };

  test('accepts a conforming body, with member names in any case and extension objects', () => {
    expect(judgeErrorResponse(404, conforming)).toEqual([]);
    expect(judgeErrorResponse(404, { SCHEMAS: [URN.error], Status: '404', DETAIL: 'x' })).toEqual([]);
    expect(judgeErrorResponse(400, { ...conforming, status: '400', scimType: 'invalidFilter', 'urn:example:Error': { code: 7 } }, { method: 'GET' })).toEqual([]);
  });

  test('flags a body that is not a JSON object, and nothing else', () => {
    expect(summary(judgeErrorResponse(404, undefined))).toEqual(['MUST P-3.12-2']);
    expect(summary(judgeErrorResponse(404, [conforming]))).toEqual(['MUST P-3.12-2']);
  });

  test('flags each broken member under its requirement', () => {
    expect(summary(judgeErrorResponse(404, { status: '404' }))).toEqual(['MUST P-3.12-3']);
    expect(summary(judgeErrorResponse(404, { schemas: ['urn:example:Other'], status: '404' }))).toEqual(['MUST P-3.12-3']);
    expect(summary(judgeErrorResponse(404, { schemas: [URN.error] }))).toEqual(['MUST P-3.12-4']);
    expect(summary(judgeErrorResponse(404, { ...conforming, detail: 42 }))).toEqual(['MUST P-3.12-2']);
    expect(summary(judgeErrorResponse(404, { ...conforming, status: 'Not Found' }))).toEqual(['MUST P-3.12-4', 'MUST P-3.12-5']);
  });

  test('flags a status that is not the HTTP status', () => {
    const findings = judgeErrorResponse(404, { ...conforming, status: '400' });
    expect(summary(findings)).toEqual(['MUST P-3.12-5']);
    expect(findings[0]?.message).toContain('404');
  });

  test('judges scimType: unknown keywords break the MUST, a keyword off its status or method is advice', () => {
    expect(summary(judgeErrorResponse(400, { ...conforming, status: '400', scimType: 'badRequest' }))).toEqual(['MUST P-3.12-6']);
    expect(summary(judgeErrorResponse(404, { ...conforming, scimType: 'invalidFilter' }, { method: 'GET' }))).toEqual(['SHOULD P-3.12-6']);
    expect(summary(judgeErrorResponse(400, { ...conforming, status: '400', scimType: 'invalidPath' }, { method: 'POST' }))).toEqual(['SHOULD P-3.12-6']);
    expect(judgeErrorResponse(400, { ...conforming, status: '400', scimType: 'invalidPath' }, { method: 'POST', bulk: true })).toEqual([]);
    expect(judgeErrorResponse(409, { ...conforming, status: '409', scimType: 'uniqueness' }, { method: 'PUT' })).toEqual([]);
    expect(judgeErrorResponse(403, { ...conforming, status: '403', scimType: 'sensitive' }, { method: 'GET' })).toEqual([]);
  });

  test('a conflict must be 409 with scimType uniqueness', () => {
    expect(judgeErrorResponse(409, { ...conforming, status: '409', scimType: 'uniqueness' }, { method: 'POST', conflict: true })).toEqual([]);
    expect(summary(judgeErrorResponse(409, { ...conforming, status: '409' }, { method: 'POST', conflict: true }))).toEqual(['MUST P-3.3-8']);
    expect(summary(judgeErrorResponse(400, { ...conforming, status: '400', scimType: 'uniqueness' }, { method: 'POST', conflict: true }))).toEqual(['MUST P-3.3-8']);
  });
});
