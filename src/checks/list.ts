import { defineSuiteChecks } from './define.js';

export const LIST_CHECKS = defineSuiteChecks('list', [
  {
    id: 'list.schemas-urn',
    title: 'Every advertised resource endpoint answers a ListResponse identified by the ListResponse URN',
    area: 'list', level: 'MUST', requirements: ['P-3.4.2-1', 'P-3.2-2'], provenBy: ['list-wrong-schemas'],
  },
  {
    id: 'list.total-results',
    title: 'totalResults is a non-negative JSON integer',
    area: 'list', level: 'MUST', requirements: ['P-3.4.2-2', 'C-2.3.4-1'], provenBy: ['list-total-results-string'],
  },
  {
    id: 'list.resources-present',
    title: 'Resources is an array holding the results when totalResults is above zero',
    area: 'list', level: 'MUST', requirements: ['P-3.4.2-3'], provenBy: ['list-omits-resources'], readOnly: false,
  },
  {
    id: 'list.paging-members',
    title: 'A paged list carries integer startIndex and itemsPerPage, startIndex 1 when the query gave none',
    area: 'list', level: 'MUST', requirements: ['P-3.4.2-4', 'P-3.4.2-5', 'P-3.4.2.4-1'], provenBy: ['list-omits-paging-members'], readOnly: false,
  },
  {
    id: 'list.unknown-parameters-ignored',
    title: 'An unrecognised query parameter is ignored, not rejected',
    area: 'list', level: 'SHOULD', requirements: ['P-3.4.2-7'], provenBy: ['list-rejects-unknown-params'],
  },
  {
    id: 'list.no-match-empty',
    title: 'A filter no resource matches answers 200 with totalResults 0, not an error',
    area: 'list', level: 'MUST', requirements: ['P-3.4.2-6'], provenBy: ['no-match-404', 'list-total-results-string'],
  },
]);
