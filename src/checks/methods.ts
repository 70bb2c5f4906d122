import { defineSuiteChecks } from './define.js';

// The requests are PUTs of the very document the endpoint serves, so a server that wrongly accepts one
// is left as it was. They still count as writes: a read-only run leaves them out.
export const METHODS_CHECKS = defineSuiteChecks('methods', [
  {
    id: 'discovery.read-only-endpoints',
    title: 'PUT to /ServiceProviderConfig and to the User ResourceType is refused (4xx or 501): discovery resources are read-only',
    area: 'discovery', level: 'MUST', requirements: ['C-5-9'], provenBy: ['unsupported-method-200'], readOnly: false,
  },
  {
    id: 'errors.unsupported-method',
    title: 'A method an endpoint does not support answers 405 or 501 with a SCIM Error body',
    area: 'errors', level: 'SHOULD', requirements: ['RFC9110-15.5.6', 'P-3.12-2'],
    provenBy: ['unsupported-method-200', 'unsupported-method-400', 'errors-html', 'error-missing-schemas'], readOnly: false,
  },
]);
