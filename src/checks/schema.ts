import { defineSuiteChecks } from './define.js';

// How values written to a resource are read (RFC 7643 §2): names without case, members in any order, null
// as unassigned, values of the attribute's type, caseExact values kept as written. Each check writes.
export const SCHEMA_CHECKS = defineSuiteChecks('schema', [
  {
    id: 'schema.wrong-type-400',
    title: 'A POST giving an attribute a value of another type (a string for a boolean or an integer, a dateTime, base64 or URI that does not parse) is refused with 400',
    area: 'schema', level: 'SHOULD', requirements: ['C-2.3-1', 'C-2.3.5-2', 'C-2.3.6-1'],
    provenBy: ['string-scalars-accepted', 'value-formats-unchecked'], readOnly: false,
  },
  {
    id: 'schema.attribute-names-case-insensitive',
    title: 'A POST naming its attributes in another case than the schema (UserName, Schemas) creates the resource with those values, for every advertised type',
    area: 'schema', level: 'SHOULD', requirements: ['C-2.1-2'], provenBy: ['attribute-names-case-sensitive', 'read-omits-username'], readOnly: false,
  },
  {
    id: 'schema.member-order-irrelevant',
    title: 'A POST whose members come in another order (`schemas` last, sub-attributes reversed) creates the resource',
    area: 'schema', level: 'MUST', requirements: ['C-2.3.8-1'], provenBy: ['schemas-member-first-required'], readOnly: false,
  },
  {
    id: 'schema.null-is-unassigned',
    title: 'A PUT giving an attribute null and a multi-valued attribute [] leaves both unassigned, as if they were left out',
    area: 'schema', level: 'MUST', requirements: ['C-2.5-1'], provenBy: ['null-values-refused', 'put-merges'], readOnly: false,
  },
  {
    id: 'schema.no-repeated-values',
    title: 'A User created with the same e-mail (type and value) twice lists it once, or the create is refused',
    area: 'schema', level: 'SHOULD', requirements: ['C-2.4-2'], provenBy: ['duplicate-values-kept'], readOnly: false,
  },
  {
    id: 'schema.case-exact-kept',
    title: 'caseExact string values (externalId, and those the schemas mark caseExact) come back with the case they were written in, for every advertised type',
    area: 'schema', level: 'MUST', requirements: ['C-7-15'], provenBy: ['external-id-lower-cased'], readOnly: false,
  },
  {
    id: 'schema.binary-base64-kept',
    title: 'A base64 value of a binary attribute (x509Certificates.value) comes back as it was written, padding and case included',
    area: 'schema', level: 'MUST', requirements: ['C-2.3.6-1'], provenBy: ['binary-padding-dropped'], readOnly: false,
  },
]);
