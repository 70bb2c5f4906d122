import { defineSuiteChecks } from './define.js';

// Every check writes (POST /Bulk) and is skipped when /ServiceProviderConfig does not advertise bulk.supported.
export const BULK_CHECKS = defineSuiteChecks('bulk', [
  {
    id: 'bulk.create-operations',
    title: 'A BulkRequest of creates answers 200 with a BulkResponse whose operations carry method, bulkId, location and the status a single POST would get',
    area: 'bulk', level: 'MUST', requirements: ['P-3.7-1', 'P-3.7-2', 'P-3.7-5', 'P-3.7-6', 'P-3.7-7', 'P-3.7-8'],
    provenBy: ['bulk-response-status-number', 'create-200'], readOnly: false,
  },
  {
    id: 'bulk.bulkid-reference',
    title: 'A "bulkId:" reference to a User created in the same request becomes its id in the Group that names it as a member',
    area: 'bulk', level: 'MUST', requirements: ['P-3.7.2-1'], provenBy: ['bulk-bulkid-unresolved'], readOnly: false,
  },
  {
    id: 'bulk.bulkid-forward-reference',
    title: 'A Group listed before the User it names by "bulkId:" is still created with that User as its member: the server resolves the dependency',
    area: 'bulk', level: 'MUST', requirements: ['P-3.7-13', 'P-3.7.2-1'], provenBy: ['bulk-in-request-order', 'bulk-bulkid-unresolved'], readOnly: false,
  },
  {
    id: 'bulk.max-operations-413',
    title: 'A BulkRequest with one operation more than the advertised maxOperations answers 413',
    area: 'bulk', level: 'MUST', requirements: ['P-3.7.4-2'], provenBy: ['bulk-ignores-max-operations'], readOnly: false,
  },
  {
    id: 'bulk.fail-on-errors',
    title: 'With failOnErrors 1, a BulkRequest stops at its first failed operation: the operations after it are not run',
    area: 'bulk', level: 'MUST', requirements: ['P-3.7-4'], provenBy: ['bulk-fail-on-errors-ignored'], readOnly: false,
  },
]);
