import { defineSuiteChecks } from './define.js';

export const MEDIA_TYPE_CHECKS = defineSuiteChecks('media-types', [
  {
    id: 'media-types.scim-json-responses',
    title: 'Responses to requests accepting application/scim+json, errors included, are application/scim+json',
    area: 'media-types', level: 'MUST', requirements: ['P-3.8-2', 'P-3.8-4', 'P-8.1-1'], provenBy: ['responses-application-json', 'errors-html'],
    causedBy: ['errors.json-body'],
  },
  {
    id: 'media-types.accept-json',
    title: 'A request with Accept: application/json is answered with JSON',
    area: 'media-types', level: 'SHOULD', requirements: ['P-3.8-3'], provenBy: ['accept-json-406'],
  },
  {
    id: 'media-types.unsupported-content-type-415',
    title: 'A body sent as text/plain answers 415 Unsupported Media Type',
    area: 'media-types', level: 'SHOULD', requirements: ['RFC9110-15.5.16'], provenBy: ['unsupported-media-type-400'], readOnly: false,
  },
  {
    id: 'media-types.scim-json-request',
    title: 'A create whose body is labelled application/scim+json, with no parameter, is accepted',
    area: 'media-types', level: 'MUST', requirements: ['P-3.8-1'], provenBy: ['scim-json-request-charset-required'], readOnly: false,
  },
  {
    id: 'media-types.utf-8-round-trip',
    title: 'Text sent in UTF-8, accents, CJK and an emoji outside the Basic Multilingual Plane among it, comes back the same, in responses that are UTF-8',
    area: 'media-types', level: 'MUST', requirements: ['P-3.8-5'], provenBy: ['astral-characters-replaced'], readOnly: false,
  },
  {
    id: 'media-types.percent-encoded-query',
    title: 'A percent-encoded filter is decoded once: userName eq "a+b@…" sent as %2B finds the User whose userName holds the plus sign',
    area: 'media-types', level: 'MUST', requirements: ['P-1.2-1'], provenBy: ['query-decoded-twice', 'list-omits-resources'], readOnly: false,
  },
]);
