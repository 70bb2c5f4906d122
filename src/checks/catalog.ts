/** Every conformance check the harness ships, with its requirement ids and the quirks that prove it. */
import { AUTH_CHECKS } from './auth.js';
import { BULK_CHECKS } from './bulk.js';
import { DISCOVERY_CHECKS } from './discovery.js';
import { ERRORS_CHECKS } from './errors.js';
import { ETAG_CHECKS } from './etag.js';
import { FILTER_CHECKS } from './filter.js';
import { GROUP_CHECKS } from './groups.js';
import { LIFECYCLE_CHECKS } from './lifecycle.js';
import { LIST_CHECKS } from './list.js';
import { ME_CHECKS } from './me.js';
import { MEDIA_TYPE_CHECKS } from './media-types.js';
import { METHODS_CHECKS } from './methods.js';
import { PAGINATION_CHECKS } from './pagination.js';
import { PATCH_CHECKS } from './patch.js';
import { PROJECTION_CHECKS } from './projection.js';
import { PAYLOAD_CHECKS } from './payload.js';
import { REPLACE_CHECKS } from './replace.js';
import { RATE_LIMIT_CHECKS } from './rate-limit.js';
import { RETURNED_CHECKS } from './returned.js';
import { SCHEMA_CHECKS } from './schema.js';
import { SEARCH_CHECKS } from './search.js';
import { SORT_CHECKS } from './sort.js';
import type { CheckSpec } from './types.js';
import { UNIQUENESS_CHECKS } from './uniqueness.js';

export const CHECKS: readonly CheckSpec[] = [
  ...DISCOVERY_CHECKS, ...LIST_CHECKS, ...ERRORS_CHECKS, ...LIFECYCLE_CHECKS, ...PATCH_CHECKS, ...REPLACE_CHECKS,
  ...RETURNED_CHECKS, ...PROJECTION_CHECKS, ...GROUP_CHECKS, ...FILTER_CHECKS, ...PAGINATION_CHECKS, ...SORT_CHECKS, ...SEARCH_CHECKS,
  ...UNIQUENESS_CHECKS, ...AUTH_CHECKS, ...ETAG_CHECKS, ...MEDIA_TYPE_CHECKS, ...ME_CHECKS, ...PAYLOAD_CHECKS, ...BULK_CHECKS,
  ...METHODS_CHECKS, ...RATE_LIMIT_CHECKS, ...SCHEMA_CHECKS,
];

const byId = new Map(CHECKS.map((check) => [check.id, check]));

export function findCheck(id: string): CheckSpec | undefined {
  return byId.get(id);
}

/** The suite files, in the order they run. */
export const SUITES: readonly string[] = [...new Set(CHECKS.map((check) => check.suite))];
