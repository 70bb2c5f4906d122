import { defineSuiteChecks } from './define.js';

export const PATCH_CHECKS = defineSuiteChecks('patch', [
  {
    id: 'patch.matches-model',
    title: 'Random PATCH programs on generated Users leave what the RFC 7644 §3.5.2 model says, in the response and on a later GET',
    area: 'patch', level: 'MUST',
    requirements: [
      'P-3.5.2-5', 'P-3.5.2-12', 'P-3.5.2-13', 'P-3.5.2-14', 'P-3.5.2-16', 'P-3.5.2.1-2', 'P-3.5.2.1-3', 'P-3.5.2.1-4',
      'P-3.5.2.1-5', 'P-3.5.2.1-6', 'P-3.5.2.2-2', 'P-3.5.2.2-3', 'P-3.5.2.2-4', 'P-3.5.2.2-7', 'P-3.5.2.3-1',
      'P-3.5.2.3-2', 'P-3.5.2.3-3', 'P-3.5.2.3-5', 'P-3.5.2.3-7', 'P-3.5.2.3-8',
    ],
    provenBy: ['patch-not-stored', 'patch-not-atomic', 'primary-not-cleared', 'patch-no-target-ignored', 'patch-invalid-path-ignored',
      'enterprise-attributes-top-level', 'patch-add-replaces-values'],
    readOnly: false,
  },
  {
    id: 'patch.atomic',
    title: 'A PATCH whose last operation fails changes nothing, not even what the operations before it did',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-14', 'P-3.5.2.2-6'], provenBy: ['patch-not-atomic'], readOnly: false,
  },
  {
    id: 'patch.no-target',
    title: 'A PATCH replace through a value filter that matches no value answers 400 noTarget',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.3-8', 'P-3.5.2-15'], provenBy: ['patch-no-target-ignored', 'error-scim-type-unknown', 'errors-html'],
    readOnly: false,
  },
  {
    id: 'patch.invalid-path',
    title: 'A PATCH whose path is malformed, or indexes an array (emails[0].value), answers 400 invalidPath',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-6', 'P-3.5.2-4', 'P-3.5.2-15'], provenBy: ['patch-invalid-path-ignored', 'error-scim-type-unknown', 'errors-html'],
    readOnly: false,
  },
  {
    id: 'patch.read-only-mutability',
    title: "A PATCH that changes a readOnly attribute (id, meta.created, a User's groups) answers 400 mutability",
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-7', 'C-4.1.2-4', 'P-3.5.2-15'], provenBy: ['patch-read-only-ignored', 'error-scim-type-unknown', 'errors-html'],
    readOnly: false,
  },
  {
    id: 'patch.remove-without-path',
    title: 'A PATCH remove without a path answers 400 noTarget',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.2-1', 'P-3.5.2-15'], provenBy: ['patch-remove-without-path-ignored', 'error-scim-type-unknown', 'errors-html'],
    readOnly: false,
  },
  {
    id: 'patch.extension-schemas',
    title: "A PATCH that adds an extension attribute to a User without the extension adds the extension's URN to schemas",
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-10'], provenBy: ['patch-extension-schemas-unchanged', 'patch-not-stored'], readOnly: false,
  },
]);
