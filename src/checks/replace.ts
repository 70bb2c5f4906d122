import { defineSuiteChecks } from './define.js';

export const REPLACE_CHECKS = defineSuiteChecks('replace', [
  {
    id: 'replace.replaces-values',
    title: 'PUT answers 200 with the whole User, and the values it gives replace the old ones, multi-valued ones included',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-2', 'P-3.5.1-9'], provenBy: ['put-merges'], readOnly: false,
  },
  {
    id: 'replace.read-only-ignored',
    title: 'A User read with GET can be sent back with PUT: its readOnly values (id, meta, groups) are ignored',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-7', 'C-3.1-9'], provenBy: ['put-rejects-read-only'], readOnly: false,
  },
  {
    id: 'replace.never-creates',
    title: 'PUT to an id that does not exist answers 404 and creates nothing',
    area: 'replace', level: 'MUST', requirements: ['P-3.5.1-1'], provenBy: ['put-creates', 'unknown-id-500'], readOnly: false,
  },
]);
