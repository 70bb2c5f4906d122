import { defineSuiteChecks } from './define.js';

export const RETURNED_CHECKS = defineSuiteChecks('returned', [
  {
    id: 'projection.password-never-returned',
    title: 'A User created with a password never shows it: not on create, not on GET, not when asked for by name',
    area: 'projection', level: 'MUST', requirements: ['C-4.1.1-2', 'C-7-11', 'C-7-14'], provenBy: ['password-returned'], readOnly: false,
  },
  {
    id: 'projection.always-returned',
    title: 'id is returned whatever attributes or excludedAttributes ask for',
    area: 'projection', level: 'MUST', requirements: ['C-7-10', 'P-3.4.2.5-3', 'P-3.9-1', 'P-3.9-2'], provenBy: ['excluded-attributes-drop-always', 'excluded-attributes-ignored'], readOnly: false,
  },
]);
