import { defineSuiteChecks } from './define.js';
import { refusalRequirements } from './refusals.js';

// The error-body checks judge every error the suite provokes (unknown resource, unknown endpoint,
// unparsable body, bad filter), so an error path that is only broken for one kind of error is still
// caught. They stay read-only: a read-only run judges the errors of its GETs alone.
export const ERRORS_CHECKS = defineSuiteChecks('errors', [
  {
    id: 'errors.not-found-404',
    title: 'A request for a resource id that does not exist answers 404',
    area: 'errors', level: 'SHOULD', requirements: ['P-3.12-8'], provenBy: ['unknown-id-500'],
  },
  {
    id: 'errors.unknown-endpoint-404',
    title: 'A request to an endpoint that does not exist answers 404',
    area: 'errors', level: 'SHOULD', requirements: ['P-3.12-9'], provenBy: ['unknown-endpoint-200'],
  },
  {
    id: 'errors.malformed-json-400',
    title: 'An unparsable request body answers 400 with scimType invalidSyntax when a scimType is given',
    area: 'errors', level: 'SHOULD', requirements: ['P-3.12-7'],
    provenBy: ['malformed-json-500', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'errors.json-body',
    title: 'Every error response carries a JSON body',
    area: 'errors', level: 'MUST', requirements: ['P-3.12-2', 'P-3.2-3'], provenBy: ['gateway-html-404', 'errors-html'],
  },
  {
    id: 'errors.error-schema',
    title: 'Every error body is identified by the Error URN',
    area: 'errors', level: 'MUST', requirements: ['P-3.12-3'], provenBy: ['gateway-html-404', 'error-missing-schemas', 'errors-html'], causedBy: ['errors.json-body'],
  },
  {
    id: 'errors.status-string',
    title: 'Every error body carries status as a JSON string',
    area: 'errors', level: 'MUST', requirements: ['P-3.12-4'], provenBy: ['gateway-html-404', 'error-status-number', 'errors-html'], causedBy: ['errors.json-body'],
  },
  {
    id: 'errors.status-matches-http',
    title: "Every error body's status equals the HTTP status code",
    area: 'errors', level: 'MUST', requirements: ['P-3.12-5'], provenBy: ['gateway-html-404', 'error-status-mismatch', 'errors-html'], causedBy: ['errors.json-body'],
  },
  {
    id: 'errors.scim-type-known',
    title: 'A scimType on a 400 error is one of the keywords RFC 7644 Table 9 defines',
    area: 'errors', level: 'MUST', requirements: ['P-3.12-6'], provenBy: ['error-scim-type-unknown'],
  },
  // Computed by the runner from every exchange of the run (src/results/error-audit.ts), not by the suite.
  {
    id: 'errors.every-error-body',
    title: 'Every error response of the run is a SCIM Error: a JSON object with the Error URN, status a string equal to the HTTP status, a Table 9 scimType',
    area: 'errors', level: 'MUST', requirements: ['P-3.12-2', 'P-3.12-3', 'P-3.12-4', 'P-3.12-5', 'P-3.12-6'],
    provenBy: ['gateway-html-404', 'errors-html', 'error-missing-schemas', 'error-status-number', 'error-status-mismatch', 'error-scim-type-unknown', 'conflict-status-number',
      'auth-error-not-scim', 'payload-413-not-scim'],
    causedBy: ['errors.json-body'],
  },
  {
    id: 'errors.every-scim-type-fits',
    title: 'Every scimType of the run comes with the status and method RFC 7644 pairs it with',
    area: 'errors', level: 'SHOULD', requirements: ['P-3.12-6'], provenBy: ['not-found-scim-type'],
  },
  // Computed by the runner from every exchange of the run (src/results/server-error-audit.ts): one judgement
  // of every 5xx, split by the level of the rule the request was built to break (src/checks/refusals.ts).
  // A 5xx where a MUST names the 4xx fails the first; a 5xx where a SHOULD names it, or to a request no
  // check built to be refused (a set-up create, a valid query), is advice: RFC 7644 Table 8 lists 500 among
  // the answers a server may give, so only the rule a request breaks can make its 5xx a MUST-level finding.
  {
    id: 'errors.no-server-errors',
    title: 'No request the RFCs refuse with a 4xx by a MUST (a malformed filter or PATCH path, a taken userName, a body over bulk.maxPayloadSize…) gets a 5xx instead',
    area: 'errors', level: 'MUST', requirements: refusalRequirements('MUST'),
    provenBy: ['invalid-filter-500', 'unknown-id-500'],
  },
  {
    id: 'errors.no-other-server-errors',
    title: 'No other request of the run (discovery, set-up, valid queries, requests a SHOULD refuses) gets a 5xx, 501 Not Implemented aside',
    area: 'errors', level: 'SHOULD', requirements: [...refusalRequirements('SHOULD'), 'RFC9110-15.6.1'],
    provenBy: ['count-zero-500', 'unknown-id-500', 'malformed-json-500', 'paging-non-integer-500'],
    // A 5xx to a paging window (count=0 above all) is pagination.window-slice's finding, one to a count that is
    // no integer pagination.non-integer-parameters', one to a write with attributes projection.write-responses';
    // the same answer here repeats it.
    causedBy: ['pagination.window-slice', 'pagination.non-integer-parameters', 'projection.write-responses'],
  },
]);
