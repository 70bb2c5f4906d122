/**
 * The /Me alias (RFC 7644 §3.11): a service provider either processes requests to it, redirects them with
 * 308 to the authenticated subject's resource, or, when it does not support the alias, answers 501.
 * Anything else (a 404 most often) leaves a client unable to tell "unsupported" from "misconfigured".
 */
import { answered, verify } from '../src/runner/failure.js';
import { useScim } from '../src/runner/suite.js';
import { stringMember } from '../src/scim/messages.js';

const suite = useScim();

suite.check('me.unsupported-501', async (t) => {
  const response = await t.client.get('/Me');
  if (response.status === 308) {
    verify(response.headers['location'] !== undefined, `${answered(response)} to GET /Me without a Location header to redirect to`);
    return;
  }
  verify(
    response.status === 200 || response.status === 501,
    `${answered(response)} to GET /Me, expected 200 (processed), 308 (redirected) or 501 Not Implemented`,
  );
  // A 200 processes the alias only with the subject's resource in it: any other body (an empty object)
  // shows neither support nor its absence.
  if (response.status === 200 && stringMember(response.json, 'id') === undefined) {
    t.skip(`${answered(response)} with no resource (no id) to GET /Me: whether the alias is supported is not shown`);
  }
});
