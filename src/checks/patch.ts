import { defineSuiteChecks } from './define.js';

export const PATCH_CHECKS = defineSuiteChecks('patch', [
  {
    id: 'patch.matches-model',
    title: 'Random PATCH programs on generated Users leave what the RFC 7644 §3.5.2 model says, in the response and on a later GET',
    area: 'patch', level: 'MUST',
    requirements: [
      'P-3.5.2-5', 'P-3.5.2-12', 'P-3.5.2-13', 'P-3.5.2-14', 'P-3.5.2-16', 'P-3.5.2.1-2', 'P-3.5.2.1-3', 'P-3.5.2.1-4',
      'P-3.5.2.1-5', 'P-3.5.2.1-6', 'P-3.5.2.2-2', 'P-3.5.2.2-3', 'P-3.5.2.2-4', 'P-3.5.2.2-7', 'P-3.5.2.3-1',
      'P-3.5.2.3-2', 'P-3.5.2.3-3', 'P-3.5.2.3-4', 'P-3.5.2.3-5', 'P-3.5.2.3-7', 'P-3.5.2.3-8',
    ],
    provenBy: ['patch-not-stored', 'patch-not-atomic', 'primary-not-cleared', 'patch-no-target-ignored', 'patch-invalid-path-ignored',
      'enterprise-attributes-top-level', 'patch-add-replaces-values', 'patch-replace-missing-ignored', 'patch-remove-filter-ignored'],
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
  {
    id: 'patch.schemas-required',
    title: 'A PATCH body without the PatchOp URN in schemas answers 400',
    area: 'patch', level: 'SHOULD', requirements: ['P-3.5.2-1'], provenBy: ['patch-schemas-optional', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'patch.operations-required',
    title: 'A PATCH body without Operations, or with an empty Operations array, answers 400',
    area: 'patch', level: 'SHOULD', requirements: ['P-3.5.2-2'], provenBy: ['patch-empty-operations-accepted', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'patch.unknown-op',
    title: 'A PATCH operation whose op is not add, remove or replace ("bogus", JSON Patch\'s "move") answers 400',
    area: 'patch', level: 'SHOULD', requirements: ['P-3.5.2-3'], provenBy: ['patch-unknown-op-ignored', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'patch.add-needs-value',
    title: 'A PATCH add without a value answers 400',
    area: 'patch', level: 'SHOULD', requirements: ['P-3.5.2.1-1'], provenBy: ['patch-add-without-value-ignored', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'patch.path-less-value-object',
    title: 'A PATCH add or replace without a path whose value is not an object of attributes answers 400',
    area: 'patch', level: 'SHOULD', requirements: ['P-3.5.2.1-8'], provenBy: ['patch-path-less-value-ignored', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'patch.invalid-filter',
    title: 'A PATCH whose path holds a value filter that does not parse answers 400 invalidFilter',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-20', 'P-3.5.2-15'], provenBy: ['patch-invalid-filter-ignored', 'error-scim-type-unknown', 'errors-html'],
    readOnly: false,
  },
  {
    id: 'patch.path-case-insensitive',
    title: 'Attribute names in a PATCH path are case-insensitive: NAME.GIVENNAME sets name.givenName',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-18'], provenBy: ['patch-path-case-sensitive', 'patch-not-stored'], readOnly: false,
  },
  {
    id: 'patch.replace-missing-adds',
    title: 'A PATCH replace of an attribute the User has no value for adds it',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.3-4'], provenBy: ['patch-replace-missing-ignored', 'patch-not-stored'], readOnly: false,
  },
  {
    id: 'patch.replace-filter-every-match',
    title: 'A PATCH replace through a value filter replaces every value it matches: both work addresses, not the home one',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.3-6'], provenBy: ['patch-replace-filter-first-only', 'patch-not-stored'], readOnly: false,
  },
  {
    id: 'patch.remove-filter-and',
    title: 'A PATCH remove through a value filter of two comparisons (emails[type eq "work" and value eq "…"]) removes exactly the values both select',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.2-5'], provenBy: ['patch-remove-filter-ignored', 'patch-not-stored'], readOnly: false,
  },
  {
    id: 'patch.schemas-change-seen',
    title: "A PATCH operation sees the extension an earlier one added to schemas: the extension's attributes can then be named without their URN",
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-11'], provenBy: ['patch-schemas-change-unseen', 'patch-not-stored'], readOnly: false,
  },
  {
    id: 'patch.password-write-only',
    title: 'With changePassword advertised, a PATCH sets a User\'s password and no answer shows it',
    area: 'patch', level: 'MUST', requirements: ['C-4.1.1-3'], provenBy: ['password-patch-refused', 'password-returned'], readOnly: false,
  },
  {
    id: 'patch.supported',
    title: '/ServiceProviderConfig advertises PATCH as supported',
    area: 'patch', level: 'SHOULD', requirements: ['P-3.5-2'], provenBy: ['patch-unsupported-400'],
  },
  {
    id: 'patch.unsupported-501',
    title: 'A target that advertises PATCH as unsupported answers a PATCH with 501 Not Implemented',
    area: 'patch', level: 'SHOULD', requirements: ['P-3.12-1'], provenBy: ['patch-unsupported-400'], readOnly: false,
  },
]);
