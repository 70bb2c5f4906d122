/**
 * Authentication (RFC 7644 §2, §3.12; RFC 7643 §5): a request without credentials, or with wrong
 * ones, is refused with 401, a SCIM Error body and a WWW-Authenticate challenge; the service provider
 * configuration, which tells clients how to authenticate, needs no credentials. Every request here is
 * a GET; none carries the run's real credentials but the ones that must.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, verify } from '../src/runner/failure.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { judgeErrorResponse } from '../src/scim/error-body.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const userEndpoint = suite.resourceType(URN.user)?.endpoint ?? '/Users';
const NO_CREDENTIALS = 'the run has no credentials, so a target that answers requests without them may need none';
let withoutCredentials: ScimResponse | undefined;
let withWrongCredentials: ScimResponse | undefined;
let configWithoutCredentials: ScimResponse;

/** An Authorization header of the run's own scheme with credentials nobody holds; undefined when the scheme is not bearer or basic. */
function wrongAuthorization(): string | undefined {
  if (suite.credentials === 'bearer') return `Bearer scimprobe-${randomUUID()}`;
  if (suite.credentials === 'basic') return `Basic ${Buffer.from(`scimprobe-${randomUUID()}:${randomUUID()}`).toString('base64')}`;
  return undefined;
}

beforeAll(async () => {
  configWithoutCredentials = await suite.client.request({ method: 'GET', path: '/ServiceProviderConfig', authenticate: false });
  if (suite.credentials === 'none') return;
  // count=1: a target that wrongly lets the request in answers one resource at most.
  const refusal = REFUSALS.unauthenticated;
  withoutCredentials = await suite.client.request({ method: 'GET', path: userEndpoint, query: { count: 1 }, authenticate: false, refusal });
  const authorization = wrongAuthorization();
  if (authorization !== undefined) {
    withWrongCredentials = await suite.client.request({
      method: 'GET', path: userEndpoint, query: { count: 1 }, authenticate: false, headers: { Authorization: authorization }, refusal,
    });
  }
});

/**
 * The probes sent without valid credentials. When every one of them was served, the target needs no
 * credentials at all (the run's are ignored): there is no refusal to judge, which is not a deviation.
 */
function probes(t: CheckContext): ScimResponse[] {
  const sent = [withoutCredentials, withWrongCredentials].filter((response): response is ScimResponse => response !== undefined);
  if (sent.length === 0) t.skip(NO_CREDENTIALS);
  if (sent.every((response) => response.status >= 200 && response.status < 300)) {
    for (const response of sent) t.attach(response);
    t.skip('the target served every request without valid credentials: it needs none, so there is no refusal to judge');
  }
  return sent;
}

/** The 401s of the refused requests, attached as evidence; skips when there is none to judge. */
function unauthorised(t: CheckContext): ScimResponse[] {
  const refused = probes(t).filter((response) => response.status === 401);
  for (const response of refused) t.attach(response);
  return refused.length > 0 ? refused : t.skip('neither request without valid credentials was answered 401');
}

suite.check('auth.no-credentials-401', async (t) => {
  probes(t);
  const response = withoutCredentials ?? t.skip(NO_CREDENTIALS);
  t.attach(response);
  verify(response.status === 401, `${answered(response)} to a request without credentials, expected 401`);
});

suite.check('auth.bad-credentials-401', async (t) => {
  probes(t);
  const response = withWrongCredentials ?? t.skip(
    suite.credentials === 'none' ? NO_CREDENTIALS : 'the run authenticates with custom headers only; which of them is the secret is unknown',
  );
  t.attach(response);
  verify(response.status === 401, `${answered(response)} to a request with credentials nobody holds, expected 401`);
});

suite.check('auth.error-body', async (t) => {
  for (const response of unauthorised(t)) {
    const findings = judgeErrorResponse(response.status, response.json, { method: 'GET' }).filter((finding) => finding.level === 'MUST');
    verify(findings.length === 0, `${answered(response)} with a body that is not a SCIM Error: ${findings.map((f) => `${f.message} (${f.requirement})`).join('; ')}`);
  }
});

suite.check('auth.www-authenticate', async (t) => {
  for (const response of unauthorised(t)) {
    const challenge = response.headers['www-authenticate'];
    verify(challenge !== undefined && challenge.trim() !== '', `${answered(response)} without a WWW-Authenticate header naming the supported scheme`);
  }
});

suite.check('auth.spc-without-credentials', async (t) => {
  t.attach(configWithoutCredentials);
  const response = configWithoutCredentials;
  verify(response.status === 200, `${answered(response)} to a request without credentials, expected 200: clients read how to authenticate there`);
  const schemes = isJsonObject(response.json) ? getMember(response.json, 'authenticationSchemes') : undefined;
  verify(Array.isArray(schemes), `${answered(response)} without authenticationSchemes`);
});
