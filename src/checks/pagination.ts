import { defineSuiteChecks } from './define.js';

export const PAGINATION_CHECKS = defineSuiteChecks('pagination', [
  {
    id: 'pagination.window-slice',
    title: 'For random startIndex and count (below 1, 0, negative, past the end), the page is the matching slice of the full result',
    area: 'pagination', level: 'MUST',
    requirements: ['P-3.4.2.4-2', 'P-3.4.2.4-3', 'P-3.4.2.4-4', 'P-3.4.2.4-5', 'P-3.4.2.4-6', 'P-3.4.2.4-7', 'P-3.4.2.4-8', 'P-3.4.2.4-10', 'P-3.4.2-3'],
    provenBy: [
      'paging-zero-based-start-index', 'paging-count-ignored', 'paging-items-per-page-requested', 'paging-total-results-page-size',
      'paging-start-index-past-end-first-page', 'list-total-results-string', 'list-omits-resources', 'count-zero-500',
    ],
    readOnly: false,
  },
  {
    id: 'pagination.walk-all-pages',
    title: 'Walking every page, for every page size, lists each resource exactly once, with the same totalResults on every page',
    area: 'pagination', level: 'MUST', requirements: ['P-3.4.2.4-9', 'P-3.4.2.4-6', 'P-3.4.2-3'],
    provenBy: ['paging-zero-based-start-index', 'paging-total-results-page-size', 'list-total-results-string', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'pagination.count-capped',
    title: 'A count above filter.maxResults, over more matches than that, gets a page of at most maxResults (itemsPerPage its size) or 400 tooMany, never a 5xx',
    area: 'pagination', level: 'MUST', requirements: ['P-3.4.2.4-12', 'P-3.4.2.1-2', 'P-3.4.2.4-7', 'P-3.4.2-3'],
    provenBy: ['max-results-not-enforced', 'paging-items-per-page-requested', 'paging-total-results-page-size', 'list-total-results-string', 'list-omits-resources'],
    // Read-only runs judge the tenant's own users; users are created only to fill a page the tenant cannot.
    readOnly: true,
  },
  {
    id: 'pagination.non-integer-parameters',
    title: 'A startIndex or count that is not an integer gets 400 invalidValue or the default, never a 5xx',
    area: 'pagination', level: 'SHOULD', requirements: ['P-3.4.2.4-11'], provenBy: ['paging-non-integer-500', 'list-omits-resources', 'errors-html', 'error-scim-type-unknown'], readOnly: false,
  },
]);
