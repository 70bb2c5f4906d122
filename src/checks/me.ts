import { defineSuiteChecks } from './define.js';

export const ME_CHECKS = defineSuiteChecks('me', [
  {
    id: 'me.unsupported-501',
    title: 'GET /Me is processed (200), redirected (308), or refused as not implemented (501)',
    area: 'me', level: 'SHOULD', requirements: ['P-3.11-1', 'P-3.11-2'], provenBy: ['me-404'],
  },
]);
