import { defineSuiteChecks } from './define.js';

// Skipped, with the reason, when /ServiceProviderConfig does not advertise etag.supported.
export const ETAG_CHECKS = defineSuiteChecks('etag', [
  {
    id: 'etag.header-equals-version',
    title: 'A User is served with an ETag header equal to its meta.version',
    area: 'etag', level: 'MUST', requirements: ['P-3.14-1', 'C-3.1-11'], provenBy: ['etag-version-mismatch'], readOnly: false,
  },
  {
    id: 'etag.write-changes-version',
    title: 'A write that changes a User changes its ETag',
    area: 'etag', level: 'MUST', requirements: ['P-3.14-7'], provenBy: ['etag-constant'], readOnly: false,
  },
  {
    id: 'etag.if-match-stale-412',
    title: 'A PUT with If-Match naming a stale version answers 412 and changes nothing',
    area: 'etag', level: 'MUST', requirements: ['P-3.14-6', 'P-3.14-5'], provenBy: ['if-match-ignored'], readOnly: false,
  },
  {
    id: 'etag.if-none-match-304',
    title: 'A GET with If-None-Match naming the current version answers 304 with no body',
    area: 'etag', level: 'MUST', requirements: ['P-3.14-3'], provenBy: ['if-none-match-ignored'], readOnly: false,
  },
]);
