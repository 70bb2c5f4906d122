/** Every run-wide audit (exchange-audit.ts): the checks a run computes from all its exchanges once the suites are done. */
import { ERROR_AUDITS } from './error-audit.js';
import type { Audit } from './exchange-audit.js';
import { RESOURCE_AUDITS } from './resource-audit.js';
import { SERVER_ERROR_AUDITS } from './server-error-audit.js';

export const RUN_AUDITS: readonly Audit[] = [...ERROR_AUDITS, ...SERVER_ERROR_AUDITS, ...RESOURCE_AUDITS];
