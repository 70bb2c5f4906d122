/**
 * List responses (RFC 7644 §3.4.2): every advertised resource endpoint answers a well-formed
 * ListResponse. The suite creates two users of its own so a paged list has something to page.
 */
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { answered, verify } from '../src/runner/failure.js';
import { useScim } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { isNonNegativeInteger, schemasOf, show } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
/** One page of each advertised endpoint, by endpoint. */
const pages = new Map<string, ScimResponse>();
let userEndpoint: string | undefined;

beforeAll(async () => {
  userEndpoint = suite.resourceType(URN.user)?.endpoint;
  if (userEndpoint !== undefined && !suite.readOnly) {
    for (let created = 0; created < 2; created += 1) {
      await suite.create(userEndpoint, { schemas: [URN.user], userName: suite.uniqueName('list') });
    }
  }
  for (const resourceType of suite.capabilities.resourceTypes) {
    pages.set(resourceType.endpoint, await suite.client.get(resourceType.endpoint, { count: 2 }));
  }
});

function eachPage(attach: (response: ScimResponse) => void, judge: (page: ScimResponse) => void): void {
  for (const page of pages.values()) {
    attach(page);
    verify(page.status === 200, `${answered(page)}, expected 200 with a ListResponse`);
    verify(isJsonObject(page.json), `${answered(page)} with a body that is not a JSON object`);
    judge(page);
  }
}

/** The page of the User endpoint, where the suite's own users guarantee at least two results. */
function userPage(skip: (reason: string) => never): ScimResponse {
  const page = userEndpoint === undefined ? undefined : pages.get(userEndpoint);
  return page ?? skip('the target advertises no resource type with the User schema');
}

suite.check('list.schemas-urn', async (t) => {
  eachPage(t.attach, (page) => {
    verify(
      schemasOf(page.json).includes(URN.listResponse),
      `${answered(page)} with schemas ${show(isJsonObject(page.json) ? getMember(page.json, 'schemas') : undefined)}, expected ["${URN.listResponse}"]`,
    );
  });
});

suite.check('list.total-results', async (t) => {
  eachPage(t.attach, (page) => {
    const total = isJsonObject(page.json) ? getMember(page.json, 'totalResults') : undefined;
    verify(isNonNegativeInteger(total), `${answered(page)} with totalResults ${show(total)}, expected a non-negative integer`);
  });
});

suite.check('list.resources-present', async (t) => {
  const page = userPage(t.skip);
  t.attach(page);
  const body = isJsonObject(page.json) ? page.json : {};
  const resources = getMember(body, 'Resources');
  verify(
    Array.isArray(resources) && resources.length > 0,
    `${answered(page)} with Resources ${show(resources)}, expected a non-empty array: the suite created two users`,
  );
});

suite.check('list.paging-members', async (t) => {
  const page = userPage(t.skip);
  t.attach(page);
  const body = isJsonObject(page.json) ? page.json : {};
  for (const member of ['startIndex', 'itemsPerPage']) {
    verify(isNonNegativeInteger(getMember(body, member)), `${answered(page)} with ${member} ${show(getMember(body, member))}, expected an integer on a paged list`);
  }
});

suite.check('list.unknown-parameters-ignored', async (t) => {
  const endpoint = userEndpoint ?? t.skip('the target advertises no resource type with the User schema');
  const response = await t.client.get(endpoint, { count: 1, scimprobeUnknownParameter: 'ignored' });
  verify(response.status === 200, `${answered(response)}, expected 200: unknown query parameters should be ignored`);
});
