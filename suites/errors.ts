/**
 * Errors (RFC 7644 §3.12): the suite provokes the errors every server must produce — an unknown
 * resource, an unknown endpoint, an unparsable body and, where filtering is advertised, a filter
 * syntax error — and judges each error response's status and body.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, verify } from '../src/runner/failure.js';
import { useScim } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { SCIM_TYPE_KEYWORDS } from '../src/scim/error-body.js';
import { schemasOf, show } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const userEndpoint = suite.resourceType(URN.user)?.endpoint ?? '/Users';
let unknownResource: ScimResponse;
let unknownEndpoint: ScimResponse;
/** Absent in a read-only run: sending it would be a write attempt. */
let malformedBody: ScimResponse | undefined;
let badFilter: ScimResponse | undefined;

beforeAll(async () => {
  unknownResource = await suite.client.get(`${userEndpoint}/${randomUUID()}`, undefined, { refusal: REFUSALS.unknownResource });
  unknownEndpoint = await suite.client.get(`/${suite.runPrefix}-no-such-endpoint`, undefined, { refusal: REFUSALS.unknownEndpoint });
  if (!suite.readOnly) {
    malformedBody = await suite.client.post(userEndpoint, `{"schemas":["${URN.user}"],"userName":"${suite.uniqueName('malformed')}"`, { refusal: REFUSALS.unparsableBody });
    // A server that somehow created a resource from the broken body still gets it cleaned up.
    suite.resources.trackCreated(userEndpoint, malformedBody);
  }
  if (suite.capabilities.filter.supported) {
    badFilter = await suite.client.get(userEndpoint, { filter: 'userName eq' }, { refusal: REFUSALS.malformedFilter });
  }
});

/** Every provoked response that is an error, attached to the check as its evidence. */
function errorResponses(attach: (response: ScimResponse) => void, skip: (reason: string) => never): ScimResponse[] {
  const provoked = [unknownResource, unknownEndpoint, malformedBody, badFilter];
  const errors = provoked.filter((response): response is ScimResponse => response !== undefined && response.status >= 400);
  for (const response of errors) attach(response);
  return errors.length > 0 ? errors : skip('none of the provoked requests was answered with an error status');
}

suite.check('errors.not-found-404', async (t) => {
  t.attach(unknownResource);
  verify(unknownResource.status === 404, `${answered(unknownResource)}, expected 404 for an id that does not exist`);
});

suite.check('errors.unknown-endpoint-404', async (t) => {
  t.attach(unknownEndpoint);
  verify(unknownEndpoint.status === 404, `${answered(unknownEndpoint)}, expected 404 for an endpoint that does not exist`);
});

suite.check('errors.malformed-json-400', async (t) => {
  if (malformedBody === undefined) throw new Error('set-up: the malformed request was not sent');
  t.attach(malformedBody);
  verify(malformedBody.status === 400, `${answered(malformedBody)} to a truncated JSON body, expected 400`);
  const scimType = isJsonObject(malformedBody.json) ? getMember(malformedBody.json, 'scimType') : undefined;
  verify(scimType === undefined || scimType === 'invalidSyntax', `${answered(malformedBody)} with scimType ${show(scimType)}, expected invalidSyntax`);
});

suite.check('errors.json-body', async (t) => {
  for (const response of errorResponses(t.attach, t.skip)) {
    verify(isJsonObject(response.json), `${answered(response)} with a body that is not a JSON object (content-type ${response.headers['content-type'] ?? 'absent'})`);
  }
});

suite.check('errors.error-schema', async (t) => {
  for (const response of errorResponses(t.attach, t.skip)) {
    verify(
      schemasOf(response.json).includes(URN.error),
      `${answered(response)} with schemas ${show(isJsonObject(response.json) ? getMember(response.json, 'schemas') : undefined)}, expected ["${URN.error}"]`,
    );
  }
});

suite.check('errors.status-string', async (t) => {
  for (const response of errorResponses(t.attach, t.skip)) {
    const status = isJsonObject(response.json) ? getMember(response.json, 'status') : undefined;
    verify(typeof status === 'string', `${answered(response)} with status ${show(status)}, expected the JSON string "${response.status}"`);
  }
});

suite.check('errors.status-matches-http', async (t) => {
  for (const response of errorResponses(t.attach, t.skip)) {
    const status = isJsonObject(response.json) ? getMember(response.json, 'status') : undefined;
    verify(
      (typeof status === 'string' || typeof status === 'number') && String(status) === String(response.status),
      `${answered(response)} with status ${show(status)} in the body, expected "${response.status}"`,
    );
  }
});

suite.check('errors.scim-type-known', async (t) => {
  const judged = errorResponses(t.attach, t.skip).filter((response) => response.status === 400 && isJsonObject(response.json));
  if (judged.length === 0) t.skip('no provoked error was a 400 with a JSON body');
  for (const response of judged) {
    const scimType = isJsonObject(response.json) ? getMember(response.json, 'scimType') : undefined;
    verify(
      scimType === undefined || (typeof scimType === 'string' && SCIM_TYPE_KEYWORDS.includes(scimType)),
      `${answered(response)} with scimType ${show(scimType)}, expected one of ${SCIM_TYPE_KEYWORDS.join(', ')}`,
    );
  }
});
