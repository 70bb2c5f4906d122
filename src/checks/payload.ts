import { defineSuiteChecks } from './define.js';

// The limit probed is limits.maxPayloadBytes when the config gives one (a limit the target documents for
// every request), else the advertised bulk.maxPayloadSize. RFC 7644 §3.7.4 states that limit for bulk
// requests, and applying it to a query goes beyond the RFC: so the verdicts on size are advisory. The
// probes are SearchRequests that match nothing, so an oversized body the server wrongly accepts changes
// nothing; still, a read-only run does not push bodies of that size at a target, so they count as writes.
export const PAYLOAD_CHECKS = defineSuiteChecks('payload', [
  {
    id: 'payload.over-limit-413',
    title: 'A request body one byte larger than the payload limit answers 413',
    area: 'payload', level: 'SHOULD', requirements: ['P-3.7.4-3', 'RFC9110-15.5.14'], provenBy: ['payload-limit-not-enforced'], readOnly: false,
  },
  {
    id: 'payload.over-limit-scim-error',
    title: 'The 413 for a body over the payload limit carries a SCIM Error: a JSON object with the Error URN',
    area: 'payload', level: 'MUST', requirements: ['P-3.12-2', 'P-3.12-3'],
    provenBy: ['payload-413-not-scim', 'errors-html', 'error-missing-schemas'], readOnly: false,
    causedBy: ['errors.json-body'],
  },
  {
    id: 'payload.at-limit-accepted',
    title: 'A request body of exactly the payload limit is not refused with 413',
    area: 'payload', level: 'SHOULD', requirements: ['P-3.7.4-1', 'RFC9110-15.5.14'], provenBy: ['payload-limit-exclusive'], readOnly: false,
  },
]);
