import { defineSuiteChecks } from './define.js';

// Two limits, each judged at the level of what sets it. bulk.maxPayloadSize is RFC 7644 §3.7.4's limit on
// BulkRequests, a MUST: it is probed with BulkRequests to /Bulk when bulk is advertised, never applied to
// other requests (a server need not take a query of that size, nor refuse one). A limit the service
// documents for every request (limits.maxPayloadBytes, e.g. Qase's 800000 bytes) rests on that
// documentation and RFC 9110 §15.5.14, so it is advisory, and judged only when the config gives it. The
// probes change nothing even when wrongly accepted (a DELETE of an id no resource has, a SearchRequest
// scoped to the run); still, a read-only run does not push bodies of that size at a target.
export const PAYLOAD_CHECKS = defineSuiteChecks('payload', [
  {
    id: 'payload.over-limit-413',
    title: 'A BulkRequest one byte larger than the advertised bulk.maxPayloadSize answers 413',
    area: 'payload', level: 'MUST', requirements: ['P-3.7.4-3'], provenBy: ['payload-limit-not-enforced'], readOnly: false,
  },
  {
    id: 'payload.over-limit-scim-error',
    title: 'The 413 for a body over a payload limit carries a SCIM Error: a JSON object with the Error URN',
    area: 'payload', level: 'MUST', requirements: ['P-3.12-2', 'P-3.12-3'],
    provenBy: ['payload-413-not-scim', 'errors-html', 'error-missing-schemas'], readOnly: false,
    causedBy: ['errors.json-body'],
  },
  {
    id: 'payload.at-limit-accepted',
    title: 'A BulkRequest of exactly the advertised bulk.maxPayloadSize is processed: 200 with a BulkResponse',
    area: 'payload', level: 'MUST', requirements: ['P-3.7.4-1', 'P-3.7-2'], provenBy: ['payload-limit-exclusive'], readOnly: false,
  },
  {
    id: 'payload.documented-limit-413',
    title: 'A SearchRequest one byte larger than the limit the service documents (limits.maxPayloadBytes) answers 413',
    area: 'payload', level: 'SHOULD', requirements: ['RFC9110-15.5.14'], provenBy: ['payload-limit-not-enforced'], readOnly: false,
  },
  {
    id: 'payload.documented-limit-accepted',
    title: 'A SearchRequest of exactly the limit the service documents (limits.maxPayloadBytes) is answered 200 with a ListResponse',
    area: 'payload', level: 'SHOULD', requirements: ['RFC9110-15.5.14'], provenBy: ['payload-limit-exclusive'], readOnly: false,
  },
]);
