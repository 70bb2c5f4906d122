import { defineSuiteChecks } from './define.js';

export const REPLACE_CHECKS = defineSuiteChecks('replace', [
  {
    id: 'replace.replaces-values',
    title: 'PUT answers 200 with the whole User, and the values it gives replace the old ones, multi-valued ones included',
    area: 'replace', level: 'MUST', requirements: ['P-3.5-1', 'P-3.5.1-2', 'P-3.5.1-9'], provenBy: ['put-merges'], readOnly: false,
  },
  {
    id: 'replace.read-only-ignored',
    title: 'A resource of every advertised type read with GET can be sent back with PUT: 200, its readOnly values (id, meta, groups) ignored and id and meta.created kept',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-7', 'C-3.1-9', 'P-3.5.1-9', 'P-3.5.1-10'], provenBy: ['put-rejects-read-only'], readOnly: false,
  },
  {
    id: 'replace.every-type-replaces',
    title: 'For every advertised type, a readWrite value set at create and changed by a PUT is changed, in the response and a later GET',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-2', 'P-3.5.1-9'], provenBy: ['put-merges-custom-types'], readOnly: false,
  },
  {
    id: 'replace.immutable-enforced',
    title: 'A PUT may resend an immutable value unchanged, but one that changes it is refused with 400 (mutability) or leaves it as it was',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-5'], provenBy: ['immutable-overwritten-on-put'], readOnly: false,
  },
  {
    id: 'replace.never-creates',
    title: 'PUT to an id that does not exist answers 404 and creates nothing',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-1'], provenBy: ['put-creates', 'unknown-id-500'], readOnly: false,
  },
  {
    id: 'replace.immutable-set-once',
    title: 'A PUT giving an immutable attribute that has no value yet its first value sets it, for every type with an optional immutable attribute',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-6'], provenBy: ['immutable-unset-refused-on-put'], readOnly: false,
  },
  {
    id: 'replace.required-missing-400',
    title: "A PUT without a required attribute of its type's schema (a User's userName, a Group's displayName) answers 400",
    area: 'replace', level: 'SHOULD', requirements: ['P-3.5.1-8'], provenBy: ['replace-required-unchecked'], readOnly: false,
  },
]);
