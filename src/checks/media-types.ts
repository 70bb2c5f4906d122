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
]);
