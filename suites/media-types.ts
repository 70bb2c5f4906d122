/**
 * Media types (RFC 7644 §3.8, §8.1): responses are application/scim+json when the client accepts it,
 * errors included; Accept: application/json is honoured; a body of a media type the service does not
 * take is refused with 415 (RFC 9110 §15.5.16, HTTP semantics, hence advisory).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, verify } from '../src/runner/failure.js';
import { useScim } from '../src/runner/suite.js';
import { isJsonObject } from '../src/scim/json.js';
import { isListBody } from '../src/scim/messages.js';
import { SCIM_MEDIA_TYPE, URN } from '../src/scim/urns.js';

const suite = useScim();
const userEndpoint = suite.resourceType(URN.user)?.endpoint ?? '/Users';
let list: ScimResponse;
let notFound: ScimResponse;

beforeAll(async () => {
  list = await suite.client.get(userEndpoint, { count: 1 });
  notFound = await suite.client.get(`${userEndpoint}/${randomUUID()}`, undefined, { refusal: REFUSALS.unknownResource });
});

/** The media type of a Content-Type header, without parameters, lower-cased. */
function mediaType(response: ScimResponse): string | undefined {
  return response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

suite.check('media-types.scim-json-responses', async (t) => {
  for (const response of [list, notFound]) {
    t.attach(response);
    verify(
      mediaType(response) === SCIM_MEDIA_TYPE,
      `${answered(response)} with Content-Type ${response.headers['content-type'] ?? 'absent'} to a request accepting ${SCIM_MEDIA_TYPE}, expected ${SCIM_MEDIA_TYPE}`,
    );
  }
});

suite.check('media-types.accept-json', async (t) => {
  const response = await t.client.get(userEndpoint, { count: 1 }, { headers: { Accept: 'application/json' } });
  verify(response.status === 200, `${answered(response)} to a request with Accept: application/json, expected 200`);
  verify(isJsonObject(response.json), `${answered(response)} with a body that is not JSON to a request with Accept: application/json`);
  // An object that is no list serves the list request only as well as the same request accepting
  // application/scim+json is served: when that got no list either, the list checks judge the body.
  if (!isListBody(response.json)) {
    t.attach(list);
    verify(!isListBody(list.json), `${answered(response)} without a list to a request with Accept: application/json, where a request accepting ${SCIM_MEDIA_TYPE} gets one`);
    t.skip(`${answered(response)} without a list, to a request with Accept: application/json as to one accepting ${SCIM_MEDIA_TYPE}: whether application/json is served is not shown`);
  }
});

suite.check('media-types.unsupported-content-type-415', async (t) => {
  const body = JSON.stringify(t.user('text-plain'));
  const response = await t.client.post(userEndpoint, body, { headers: { 'Content-Type': 'text/plain' }, refusal: REFUSALS.unsupportedMediaType });
  // A server that took the body anyway created a User: it is cleaned up like any other.
  t.resources.trackCreated(userEndpoint, response);
  verify(response.status === 415, `${answered(response)} to a body sent as text/plain, expected 415 Unsupported Media Type`);
});
