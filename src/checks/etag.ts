import { defineSuiteChecks } from './define.js';

// Skipped, with the reason, when /ServiceProviderConfig does not advertise etag.supported (but the
// protocol version segment, which does not depend on it).
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
  {
    id: 'etag.if-none-match-stale-200',
    title: 'A GET with If-None-Match naming a version the User no longer has answers 200 with the User',
    area: 'etag', level: 'MUST', requirements: ['P-3.14-4'], provenBy: ['if-none-match-any-304'], readOnly: false,
  },
  {
    id: 'etag.entity-tag-syntax',
    title: 'ETags (the header and meta.version) are quoted entity tags, a weak one marked by an upper-case W/',
    area: 'etag', level: 'MUST', requirements: ['C-3.1-12'], provenBy: ['etag-weak-lowercase'], readOnly: false,
  },
  {
    id: 'etag.meta-version',
    title: 'A User served with an ETag also carries it in meta.version',
    area: 'etag', level: 'SHOULD', requirements: ['P-3.14-2'], provenBy: ['meta-version-omitted'], readOnly: false,
  },
  {
    id: 'etag.unknown-protocol-version-refused',
    title: 'A request whose path names a SCIM protocol version the service does not have (/v9/Users) is refused, not served as another version',
    area: 'etag', level: 'MUST', requirements: ['P-3.13-1'], provenBy: ['protocol-version-ignored'],
  },
]);
