/**
 * Media types and encodings (RFC 7644 §1.2, §3.8, §8.1): responses are application/scim+json when the
 * client accepts it, errors included; Accept: application/json is honoured; a body of a media type the
 * service does not take is refused with 415 (RFC 9110 §15.5.16, HTTP semantics, hence advisory); bodies
 * labelled application/scim+json are taken; text is UTF-8 both ways; a percent-encoded URL is decoded.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, answeredWithDetail, fail, refusedSetup, verify } from '../src/runner/failure.js';
import { declinesFeature, isDeclinedFilter } from '../src/runner/filter-support.js';
import { readListAnswer } from '../src/runner/query-dataset.js';
import { useScim } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { isListBody, show, stringMember } from '../src/scim/messages.js';
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

suite.check('media-types.scim-json-request', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  const body = t.user('scim-json');
  // The harness's other requests say charset=utf-8; this one names the media type alone, as RFC 7644 §8.1 registers it.
  const response = await t.client.post(endpoint, body, { headers: { 'Content-Type': SCIM_MEDIA_TYPE } });
  t.resources.trackCreated(endpoint, response);
  if (response.status >= 200 && response.status < 300) {
    if (stringMember(response.json, 'id') === undefined) t.skip(`${answered(response)} without a resource with an id: whether the User was created is create.status-201's to judge`);
    return;
  }
  // The same body with the harness's usual Content-Type tells a refused media type from a refused User.
  const usual = await t.client.post(endpoint, { ...body, userName: t.user('scim-json').userName });
  t.resources.trackCreated(endpoint, usual);
  if (usual.status < 200 || usual.status >= 300) refusedSetup(usual, 'the User is refused whatever its Content-Type, so the media type is not what is refused');
  fail(
    `${answeredWithDetail(response)} to a create sent with Content-Type ${SCIM_MEDIA_TYPE}, which the same create with "${SCIM_MEDIA_TYPE}; charset=utf-8" is not: ` +
      `RFC 7644 §3.8 requires a service provider to accept ${SCIM_MEDIA_TYPE} request bodies`,
  );
});

/** Latin accents, CJK, and an emoji outside the Basic Multilingual Plane (four bytes in UTF-8), in NFC. */
const UNICODE_TEXT = 'Zo\u00eb \u00dcn\u00efc\u00f8d\u00e9 \u65e5\u672c \u{1F600}';

/** The code points of a text, to name where two texts differ. */
function codePoints(text: string | undefined): string {
  return text === undefined ? '(none)' : [...text].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/** The charset a Content-Type names, lower-cased; undefined when it names none. */
function charsetOf(response: ScimResponse): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(response.headers['content-type'] ?? '')?.[1]?.toLowerCase();
}

suite.check('media-types.utf-8-round-trip', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  const created = await t.create(endpoint, t.user('utf-8', { displayName: UNICODE_TEXT }));
  const read = await t.client.get(created.path);
  verify(read.status === 200, `${answered(read)} to a read of the User just created, expected 200`);
  const answers = [created.response, read].filter((response) => getMember(isJsonObject(response.json) ? response.json : {}, 'displayName') !== undefined);
  if (answers.length === 0) t.skip('neither the create nor the read returned displayName, so the text sent cannot be compared');
  for (const response of [created.response, read]) {
    const charset = charsetOf(response);
    verify(charset === undefined || charset === 'utf-8', `${answered(response)} with Content-Type ${response.headers['content-type'] ?? ''}: RFC 7644 §3.8 makes SCIM JSON UTF-8`);
  }
  for (const response of answers) {
    const displayName = stringMember(response.json, 'displayName');
    verify(
      displayName === UNICODE_TEXT,
      `${answered(response)} with displayName ${show(displayName)} (${codePoints(displayName)}), sent as ${JSON.stringify(UNICODE_TEXT)} (${codePoints(UNICODE_TEXT)}): ` +
        'RFC 7644 §3.8 makes JSON in and out UTF-8, which carries every Unicode character',
    );
  }
});

/** The userName with a plus sign in it: before the @ of an e-mail address, as sub-addressing puts it, or at its end. */
function withPlus(userName: string): string {
  const at = userName.lastIndexOf('@');
  return at < 0 ? `${userName}+plus` : `${userName.slice(0, at)}+plus${userName.slice(at)}`;
}

suite.check('media-types.percent-encoded-query', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  if (!t.capabilities.filter.supported) t.skip('the target does not filter, so no query carries a value to decode');
  if (declinesFeature(suite.filterSupport, 'operator eq')) t.skip('the target declines userName eq filters, so no query carries a value to decode');
  const body = t.user('percent');
  const userName = withPlus(body.userName);
  const created = await t.create(endpoint, { ...body, userName });
  const filter = `userName eq ${JSON.stringify(userName)}`;
  // The client percent-encodes the filter (RFC 3986): the plus sign travels as %2B, the spaces as %20.
  const response = await t.client.get(endpoint, { filter });
  if (isDeclinedFilter(response)) t.skip(`${answeredWithDetail(response)} to ${filter}: the target declines the filter, as RFC 7644 §3.4.2.2 allows`);
  const { ids } = readListAnswer(response, `the User named ${userName}`);
  verify(
    ids.length === 1 && ids[0] === created.id,
    `${answered(response)} listing ${ids.length === 0 ? 'nothing' : ids.join(', ')} for ${filter} sent percent-encoded, expected the User ${created.id}: ` +
      'RFC 7644 §1.2 has clients percent-encode URLs, so the service decodes them once (a %2B is a plus sign, not a space)',
  );
});
