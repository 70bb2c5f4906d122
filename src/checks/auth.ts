import { defineSuiteChecks } from './define.js';

// A run without credentials skips the 401 checks: a target that lets it in may simply need none.
export const AUTH_CHECKS = defineSuiteChecks('auth', [
  {
    id: 'auth.no-credentials-401',
    title: 'A request without credentials answers 401',
    area: 'auth', level: 'SHOULD', requirements: ['P-2-2'], provenBy: ['auth-optional'],
  },
  {
    id: 'auth.bad-credentials-401',
    title: 'A request with a wrong token or password answers 401',
    area: 'auth', level: 'SHOULD', requirements: ['P-2-2'], provenBy: ['auth-accepts-any-token'],
  },
  {
    id: 'auth.error-body',
    title: 'A 401 carries a SCIM Error body',
    area: 'auth', level: 'MUST', requirements: ['P-2-3', 'P-3.12-2', 'P-3.12-3', 'P-3.12-4', 'P-3.12-5'],
    provenBy: ['auth-error-not-scim', 'errors-html', 'error-missing-schemas', 'error-status-number', 'error-status-mismatch'],
    causedBy: ['errors.json-body'],
  },
  {
    id: 'auth.www-authenticate',
    title: 'A 401 names the supported authentication schemes in WWW-Authenticate',
    area: 'auth', level: 'MUST', requirements: ['P-2-1'], provenBy: ['auth-no-www-authenticate'],
  },
  {
    id: 'auth.spc-without-credentials',
    title: '/ServiceProviderConfig, with its authenticationSchemes, is readable without credentials',
    area: 'auth', level: 'SHOULD', requirements: ['C-5-8'], provenBy: ['spc-requires-auth'],
  },
]);
