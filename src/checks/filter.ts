import { defineSuiteChecks } from './define.js';

export const FILTER_CHECKS = defineSuiteChecks('filter', [
  {
    id: 'filter.matches-oracle',
    title: 'For random filters over a dataset of its own, the server returns exactly the users the filter matches',
    area: 'filter', level: 'MUST',
    requirements: [
      'P-3.4.2.2-1', 'P-3.4.2-3', 'P-3.4.2.2-7', 'P-3.4.2.2-8', 'P-3.4.2.2-9', 'P-3.4.2.2-10', 'P-3.4.2.2-11', 'P-3.4.2.2-12',
      'P-3.4.2.2-13', 'P-3.4.2.2-14', 'P-3.4.2.2-18', 'P-3.4.2.2-19', 'P-3.4.2.2-20', 'P-3.4.2.2-25', 'P-3.4.2.2-26',
      'P-3.4.2.2-30', 'P-3.4.2.2-31', 'P-3.4.2.2-34',
    ],
    provenBy: [
      'filter-or-as-and', 'filter-no-precedence', 'filter-co-as-sw', 'filter-gt-as-ge', 'filter-ne-all-values', 'filter-username-case-sensitive',
      'filter-externalid-case-insensitive', 'list-omits-resources', 'no-match-404', 'filter-false-literal-unmatched',
    ],
    readOnly: false,
  },
  {
    id: 'filter.advertised-filters-served',
    title: 'A target that filters serves every operator of RFC 7644 Table 3 and every connective of Table 4, or a client cannot tell from /ServiceProviderConfig which it declines',
    area: 'filter', level: 'SHOULD',
    requirements: ['C-5-3', 'P-3.4.2.2-7', 'P-3.4.2.2-8', 'P-3.4.2.2-9', 'P-3.4.2.2-10', 'P-3.4.2.2-11', 'P-3.4.2.2-12', 'P-3.4.2.2-13', 'P-3.4.2.2-18', 'P-3.4.2.2-19', 'P-3.4.2.2-20'],
    provenBy: ['filter-co-declined'],
  },
  {
    id: 'filter.attribute-names-case-insensitive',
    title: 'Attribute names in a filter match whatever their case',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-2', 'P-3.4.2-3'], provenBy: ['filter-attribute-names-case-sensitive', 'list-omits-resources'], readOnly: false,
  },
  {
    id: 'filter.operators-case-insensitive',
    title: 'Filter operators are recognised whatever their case',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-3', 'P-3.4.2-3'], provenBy: ['filter-operators-case-sensitive', 'list-omits-resources'], readOnly: false,
  },
  {
    id: 'filter.case-insensitive-strings',
    title: 'Strings that are not caseExact (userName, displayName, emails.value) compare case-insensitively',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-30', 'P-3.4.2-3'], provenBy: ['filter-username-case-sensitive', 'list-omits-resources'], readOnly: false,
  },
  {
    id: 'filter.case-exact-strings',
    title: 'caseExact strings (id, externalId) compare case-sensitively',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-31', 'P-3.4.2-3'], provenBy: ['filter-externalid-case-insensitive', 'list-omits-resources', 'no-match-404'], readOnly: false,
  },
  {
    id: 'filter.malformed-invalid-filter',
    title: 'A filter that does not parse (an empty group, a lone keyword or name, an unclosed or nested value filter), or names an unknown operator, gets 400 invalidFilter (never a 5xx)',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-4', 'P-3.4.2.2-5', 'P-3.4.2.2-6', 'P-3.4.2.2-24', 'P-3.4.2.2-28'],
    provenBy: ['invalid-filter-500', 'error-scim-type-unknown', 'errors-html'], readOnly: false,
  },
  {
    id: 'filter.boolean-ordering-invalid-filter',
    title: 'gt/ge/lt/le on a boolean attribute gets 400 invalidFilter',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-16'],
    provenBy: ['filter-boolean-ordering-allowed', 'error-scim-type-unknown', 'errors-html'], readOnly: false,
  },
  {
    id: 'filter.value-path-same-value',
    title: 'The expressions of a value filter hold for one and the same value: emails[type eq "work" and value ew "example.org"] skips a user whose work address is elsewhere',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-23', 'P-3.4.2-3'],
    provenBy: ['filter-value-path-across-values', 'filter-or-as-and', 'list-omits-resources', 'no-match-404'], readOnly: false,
  },
  {
    id: 'filter.precedence',
    title: '`and` binds tighter than `or`, and parentheses group: a or b and c differs from (a or b) and c where the data says so',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-21', 'P-3.4.2.2-22', 'P-3.4.2-3'],
    provenBy: ['filter-no-precedence', 'filter-or-as-and', 'list-omits-resources', 'filter-false-literal-unmatched'], readOnly: false,
  },
  {
    id: 'filter.urn-qualified-paths',
    title: 'A filter may name an attribute by its schema URN (urn:ietf:params:scim:schemas:core:2.0:User:userName)',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-33', 'P-3.4.2-3'],
    provenBy: ['filter-urn-paths-rejected', 'list-omits-resources'], readOnly: false,
  },
  {
    id: 'filter.binary-ordering-invalid-filter',
    title: 'gt/ge/lt/le on a binary attribute (x509Certificates.value) gets 400 invalidFilter',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-17'],
    provenBy: ['filter-binary-ordering-allowed', 'errors-html', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'filter.json-literals',
    title: 'The literals true and false in a filter are JSON booleans: active eq false lists the inactive users, active eq true the active ones',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-36', 'P-3.4.2-3'], provenBy: ['filter-false-literal-unmatched', 'list-omits-resources'], readOnly: false,
  },
  {
    id: 'filter.string-escapes',
    title: 'A filter string is read as JSON: \\" \\\\ and \\u00e9 in it stand for the quote, the backslash and the letter they escape',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-35', 'P-3.4.2-3'], provenBy: ['filter-escapes-kept', 'list-omits-resources'], readOnly: false,
  },
  {
    id: 'filter.unsupported-combination-invalid-filter',
    title: 'A comparison the attribute\'s type does not take (a complex attribute compared whole, a boolean with co) gets 400 invalidFilter',
    area: 'filter', level: 'SHOULD', requirements: ['P-3.4.2.2-37'], provenBy: ['filter-combinations-unchecked', 'errors-html', 'error-scim-type-unknown'], readOnly: false,
  },
  {
    id: 'errors.invalid-filter-detail',
    title: 'The 400 invalidFilter for an unknown operator names that operator in its detail',
    area: 'errors', level: 'SHOULD', requirements: ['P-3.4.2.2-29'], provenBy: ['invalid-filter-detail-generic', 'errors-html'], readOnly: false,
  },
]);
