import { defineSuiteChecks } from './define.js';

export const GROUP_CHECKS = defineSuiteChecks('groups', [
  {
    id: 'create.group-members',
    title: "A Group created with a member lists it, in the response and on GET: value is the User's id, a returned $ref leads to that User",
    area: 'create', level: 'MUST', requirements: ['C-4.2-2', 'C-2.3.7-1'], provenBy: ['group-member-ref-wrong'], readOnly: false,
  },
  {
    id: 'read.user-groups',
    title: "A User in a Group lists it in groups: value is the Group's id, and a returned $ref is the Group's URI",
    area: 'read', level: 'MUST', requirements: ['C-4.1.2-3'], provenBy: ['user-groups-value-display-name'], readOnly: false,
  },
  {
    id: 'patch.group-add-member',
    title: "A PATCH add to a Group's members adds the User and keeps the members it had",
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.1-5'], provenBy: ['group-member-add-replaces', 'patch-not-stored'], readOnly: false,
  },
  {
    id: 'patch.group-remove-member',
    title: 'A PATCH remove of members[value eq "<id>"] removes that member and keeps the others',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.2-4'], provenBy: ['group-member-remove-ignored', 'patch-not-stored'], readOnly: false,
  },
  {
    id: 'patch.add-existing-unchanged',
    title: "A PATCH add of a member the Group already has succeeds and changes nothing, not even meta.lastModified",
    area: 'patch', level: 'SHOULD', requirements: ['P-3.5.2.1-7'], provenBy: ['patch-unchanged-touches'], readOnly: false,
  },
  {
    id: 'patch.remove-non-member',
    title: 'A PATCH remove of members[value eq "<a User not in the Group>"] leaves the members as they were',
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2.2-8'], provenBy: ['group-remove-unmatched-clears'], readOnly: false,
  },
  {
    id: 'patch.group-member-immutable',
    title: "A PATCH that changes a Group member's value, immutable in the advertised schema, fails with 400 mutability and changes nothing",
    area: 'patch', level: 'MUST', requirements: ['P-3.5.2-8', 'P-3.5.2-15'], provenBy: ['immutable-writable', 'error-scim-type-unknown', 'errors-html'], readOnly: false,
  },
  {
    id: 'filter.group-members',
    title: 'Groups can be filtered by member: members.value eq "<user id>" lists exactly the groups that hold the user',
    area: 'filter', level: 'MUST', requirements: ['P-3.4.2.2-38', 'P-3.4.2-3'], provenBy: ['filter-group-members-unmatched', 'list-omits-resources'], readOnly: false,
  },
  {
    // RFC 7643 §2.3.7 lets a service provider choose whether it enforces referential integrity (MAY), and
    // RFC 7644 §3.6 speaks only of the deleted resource itself: a group that still lists a deleted member
    // breaks no MUST, so the check is MAY.
    id: 'delete.member-leaves-groups',
    title: 'A deleted User is no longer listed among the members of its groups',
    area: 'delete', level: 'MAY', requirements: ['C-4.2-2', 'C-2.3.7-1'], provenBy: ['group-keeps-deleted-member', 'delete-not-effective'], readOnly: false,
  },
]);
