import { defineSuiteChecks } from './define.js';

export const SEARCH_CHECKS = defineSuiteChecks('search', [
  {
    id: 'search.same-as-get',
    title: 'POST {endpoint}/.search lists what the equivalent GET lists, and a startIndex/count window of the full result',
    area: 'search', level: 'MUST', requirements: ['P-3.4.3-1', 'P-3.4.3-5', 'P-3.4.3-8', 'P-3.4.2-3'],
    provenBy: [
      'search-ignores-filter', 'search-as-create', 'paging-zero-based-start-index', 'paging-count-ignored', 'paging-total-results-page-size',
      'list-omits-resources',
    ],
    readOnly: false,
  },
  {
    id: 'search.creates-nothing',
    title: 'POST {endpoint}/.search is a query: it answers 200 with a ListResponse and creates no resource',
    area: 'search', level: 'MUST', requirements: ['P-3.4.3-1'],
    provenBy: ['search-as-create'],
    readOnly: false,
  },
  {
    id: 'search.schemas-required',
    title: 'A SearchRequest without `schemas` is refused with 400 (inferred from the client MUST of RFC 7644 §3.4.3: a warning at most)',
    area: 'search', level: 'SHOULD', requirements: ['P-3.4.3-2'],
    provenBy: ['search-schemas-optional'],
    readOnly: false,
  },
  {
    id: 'search.invalid-filter',
    title: 'A SearchRequest whose filter does not parse gets 400 invalidFilter',
    area: 'search', level: 'MUST', requirements: ['P-3.4.3-3'],
    provenBy: ['search-ignores-filter', 'search-as-create', 'invalid-filter-500', 'error-scim-type-unknown', 'errors-html'],
    readOnly: false,
  },
  {
    id: 'search.projection',
    title: 'attributes and excludedAttributes in a SearchRequest body select the attributes returned, id always kept',
    area: 'search', level: 'MUST', requirements: ['P-3.4.3-4', 'P-3.4.2-3'],
    provenBy: ['search-ignores-projection', 'search-as-create', 'list-omits-resources', 'excluded-attributes-ignored', 'attributes-ignored-on-list'],
    readOnly: false,
  },
  {
    id: 'search.sorted',
    title: 'POST {endpoint}/.search honours sortBy and sortOrder: the order of the equivalent GET, and descending the reverse of ascending',
    area: 'search', level: 'MUST', requirements: ['P-3.4.3-6'],
    provenBy: ['search-ignores-sort', 'sort-ignored', 'sort-order-ignored', 'search-as-create', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'search.root',
    title: 'POST {base}/.search, when served, lists the resources of every type the same filter lists on each endpoint (an attribute a type lacks having no value there), each with its own schemas and meta.resourceType',
    area: 'search', level: 'MUST', requirements: ['P-3.4.3-7', 'P-3.4.2.1-1', 'P-3.4.2.1-3', 'P-3.4.2-3'],
    provenBy: ['root-search-undefined-attribute-refused', 'root-search-users-only', 'search-ignores-filter', 'filter-or-as-and', 'meta-resource-type-wrong', 'list-total-results-string', 'list-omits-resources'],
    readOnly: false,
  },
]);
