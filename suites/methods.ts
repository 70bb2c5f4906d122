/**
 * Unsupported methods (RFC 7643 §5–6; RFC 7644 Table 8; RFC 9110 §15.5.6): the discovery resources are
 * read-only, so a PUT to /ServiceProviderConfig or to a ResourceType is refused, preferably with 405
 * (the method is not allowed there) or 501 (the operation is not supported), and with a SCIM Error.
 * Each PUT sends back the document the endpoint just served, so a server that wrongly accepts it
 * changes nothing.
 */
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, verify, verifyJsonError } from '../src/runner/failure.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { schemasOf, show } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const userTypeName = suite.resourceType(URN.user)?.name;
const refusals: ScimResponse[] = [];

beforeAll(async () => {
  if (suite.readOnly) return;
  const paths = ['/ServiceProviderConfig', ...(userTypeName === undefined ? [] : [`/ResourceTypes/${encodeURIComponent(userTypeName)}`])];
  for (const path of paths) {
    const served = await suite.client.get(path);
    if (served.status === 200 && isJsonObject(served.json)) refusals.push(await suite.client.put(path, served.json, { refusal: REFUSALS.unsupportedMethod }));
  }
});

function puts(t: CheckContext): ScimResponse[] {
  for (const response of refusals) t.attach(response);
  return refusals.length > 0 ? refusals : t.skip('neither /ServiceProviderConfig nor the User ResourceType answered 200 with a JSON object to send back');
}

suite.check('discovery.read-only-endpoints', async (t) => {
  for (const response of puts(t)) {
    verify(
      (response.status >= 400 && response.status < 500) || response.status === 501,
      `${answered(response)} to a PUT of the document it serves, expected 4xx or 501: discovery resources are read-only`,
    );
  }
});

suite.check('errors.unsupported-method', async (t) => {
  for (const response of puts(t)) {
    verify(response.status === 405 || response.status === 501, `${answered(response)} to a PUT the endpoint does not support, expected 405 Method Not Allowed or 501 Not Implemented`);
    verifyJsonError(response, 'a SCIM Error');
    verify(schemasOf(response.json).includes(URN.error), `${answered(response)} with schemas ${show(getMember(response.json, 'schemas'))}, expected ["${URN.error}"]`);
  }
});
