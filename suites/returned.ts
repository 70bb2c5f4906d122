/**
 * What a response returns (RFC 7643 §7 `returned`, RFC 7644 §3.9): a returned:never attribute such as
 * password never appears, and a returned:always attribute such as id survives attributes and
 * excludedAttributes. Each check creates its own User.
 */
import { answered, verify } from '../src/runner/failure.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();

function userEndpoint(t: CheckContext): string {
  return t.requireType(URN.user).endpoint;
}

suite.check('projection.password-never-returned', async (t) => {
  const endpoint = userEndpoint(t);
  const userSchema = t.schema(URN.user);
  const password = userSchema?.attributes.find((attribute) => attribute.name.toLowerCase() === 'password');
  if (password === undefined) t.skip(`/Schemas does not list a password attribute of ${URN.user}`);
  // Long and mixed, to meet the password policies servers commonly enforce.
  const secret = `Pw-${t.uniqueName('secret').slice(-24)}-9zQ!`;
  const created = await t.create(endpoint, t.user('password', { password: secret }));
  const [read, asked] = await Promise.all([t.client.get(created.path), t.client.get(created.path, { attributes: 'userName,password' })]);
  for (const response of [created.response, read, asked]) {
    const returned = isJsonObject(response.json) ? getMember(response.json, 'password') : undefined;
    verify(returned === undefined, `${answered(response)} holding a password: password is returned:never and writeOnly, so no response may hold it`);
  }
});

suite.check('projection.always-returned', async (t) => {
  const endpoint = userEndpoint(t);
  const created = await t.create(endpoint, t.user('always', { displayName: 'Always' }));
  const [selected, excluded] = await Promise.all([
    t.client.get(created.path, { attributes: 'displayName' }),
    t.client.get(created.path, { excludedAttributes: 'id,displayName' }),
  ]);
  for (const response of [selected, excluded]) {
    verify(response.status === 200, `${answered(response)}, expected 200 with the user`);
    const id = stringMember(response.json, 'id');
    verify(id === created.id, `${answered(response)} with id ${show(id)}: id is returned:always, whatever attributes or excludedAttributes say`);
  }
  const displayName = stringMember(excluded.json, 'displayName');
  verify(displayName === undefined, `${answered(excluded)} with displayName ${show(displayName)}, which excludedAttributes named`);
});
