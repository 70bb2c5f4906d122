import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resourceArbitrary } from '../../src/scim/generate.js';
import { patchOperationsArbitrary } from '../../src/scim/patch-arbitrary.js';
import { applyPatchModel, differingAttributes, patchComparable, patchSchema, PatchModelError, PatchOutcomeOpen, type PatchOperation } from '../../src/scim/patch.js';
import type { JsonObject } from '../../src/scim/json.js';
import { URN } from '../../src/scim/urns.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../support/core-schemas.js';

const schema = patchSchema(USER_SCHEMA, [ENTERPRISE_USER_SCHEMA]);

const user: JsonObject = {
  schemas: [URN.user],
  id: '42',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { value: 'bj@example.com', type: 'work', primary: true },
    { value: 'babs@example.org', type: 'home' },
  ],
  meta: { resourceType: 'User' },
};

const apply = (...operations: PatchOperation[]): JsonObject => applyPatchModel(schema, user, operations);

function errorOf(...operations: PatchOperation[]): unknown {
  try {
    apply(...operations);
  } catch (error) {
    return error;
  }
  throw new Error('the model accepted the operations');
}

describe('the PATCH model (RFC 7644 §3.5.2)', () => {
  it('add appends to a multi-valued attribute and ignores a value already there', () => {
    const added = apply({ op: 'add', path: 'emails', value: [{ value: 'x@example.com', type: 'other' }] });
    expect(added.emails).toHaveLength(3);
    expect(apply({ op: 'add', path: 'emails', value: [{ value: 'babs@example.org', type: 'home' }] }).emails).toEqual(user.emails);
  });

  it('add and replace of a complex attribute set the given sub-attributes and keep the others', () => {
    expect(apply({ op: 'replace', path: 'name', value: { givenName: 'Babs' } }).name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
    expect(apply({ op: 'add', path: 'NAME.middleName', value: 'J' }).name).toEqual({ givenName: 'Barbara', familyName: 'Jensen', middleName: 'J' });
  });

  it('replace through a value filter changes only the matched values, and a filter that matches nothing is noTarget', () => {
    const replaced = apply({ op: 'replace', path: 'emails[type eq "home"].value', value: 'new@example.org' });
    expect(replaced.emails).toEqual([{ value: 'bj@example.com', type: 'work', primary: true }, { value: 'new@example.org', type: 'home' }]);
    expect(errorOf({ op: 'replace', path: 'emails[type eq "other"].value', value: 'x' })).toMatchObject({ scimType: 'noTarget' });
  });

  it('making one value primary makes the others non-primary', () => {
    const patched = apply({ op: 'replace', path: 'emails[type eq "home"].primary', value: true });
    expect(patched.emails).toEqual([
      { value: 'bj@example.com', type: 'work', primary: false },
      { value: 'babs@example.org', type: 'home', primary: true },
    ]);
    const added = apply({ op: 'add', path: 'emails', value: [{ value: 'n@example.com', primary: true }] });
    expect(added.emails).toContainEqual({ value: 'bj@example.com', type: 'work', primary: false });
  });

  it('remove drops an attribute, the matched values, or a sub-attribute', () => {
    expect(apply({ op: 'remove', path: 'name' })).not.toHaveProperty('name');
    expect(apply({ op: 'remove', path: 'emails[type eq "work"]' }).emails).toEqual([{ value: 'babs@example.org', type: 'home' }]);
    expect(apply({ op: 'remove', path: 'name.givenName' }).name).toEqual({ familyName: 'Jensen' });
    expect(apply({ op: 'remove', path: 'emails[type ne "nothing"]' })).not.toHaveProperty('emails');
  });

  it('path-less add takes attributes and extension objects, and an extension attribute adds its URN to schemas', () => {
    const patched = apply({ op: 'add', value: { displayName: 'Babs', [URN.enterpriseUser]: { department: 'R&D' } } });
    expect(patched).toMatchObject({ displayName: 'Babs', [URN.enterpriseUser]: { department: 'R&D' } });
    expect(patched.schemas).toEqual([URN.user, URN.enterpriseUser]);
    const qualified = apply({ op: 'replace', path: `${URN.enterpriseUser}:employeeNumber`, value: '7' });
    expect(qualified[URN.enterpriseUser]).toEqual({ employeeNumber: '7' });
  });

  it('applies operations in order, each on the result of the previous', () => {
    const patched = apply({ op: 'remove', path: 'emails' }, { op: 'add', path: 'emails', value: [{ value: 'only@example.com' }] });
    expect(patched.emails).toEqual([{ value: 'only@example.com' }]);
  });

  it('names the error the RFC requires', () => {
    expect(errorOf({ op: 'remove' })).toMatchObject({ scimType: 'noTarget' });
    expect(errorOf({ op: 'remove', path: 'userName' })).toMatchObject({ scimType: 'mutability' });
    expect(errorOf({ op: 'replace', path: 'noSuchAttribute', value: 'x' })).toMatchObject({ scimType: 'invalidPath' });
    expect(errorOf({ op: 'replace', path: 'emails[0].value', value: 'x' })).toBeInstanceOf(PatchModelError);
    expect(errorOf({ op: 'add', path: 'groups', value: [{ value: '1' }] })).toMatchObject({ scimType: 'mutability' });
    expect(errorOf({ op: 'replace', path: 'emails[type eq].value', value: 'x' })).toMatchObject({ scimType: 'invalidFilter' });
  });

  it('leaves open what the RFC does not settle', () => {
    expect(errorOf({ op: 'add', path: 'emails[type eq "other"].value', value: 'x' })).toBeInstanceOf(PatchOutcomeOpen);
    expect(errorOf({ op: 'remove', path: 'emails[type eq "other"]' })).toBeInstanceOf(PatchOutcomeOpen);
    expect(errorOf({ op: 'replace', path: 'emails.type', value: 'work' })).toBeInstanceOf(PatchOutcomeOpen);
    expect(errorOf({ op: 'replace', path: 'emails[primary pr].primary', value: true }, { op: 'replace', path: 'emails[type pr].primary', value: true })).toBeInstanceOf(PatchOutcomeOpen);
  });

  it('does not change the resource it is given', () => {
    const before = structuredClone(user);
    apply({ op: 'remove', path: 'emails' }, { op: 'replace', path: 'name.givenName', value: 'B' });
    expect(user).toEqual(before);
  });
});

describe('comparable resources', () => {
  it('ignore server-managed and unreadable attributes, name case, value order and primary:false', () => {
    const served: JsonObject = {
      schemas: [URN.user], id: '42', meta: { created: 'x' }, groups: [{ value: 'g' }], password: 'secret',
      UserName: 'bjensen',
      name: { familyName: 'Jensen', givenName: 'Barbara' },
      emails: [{ value: 'babs@example.org', type: 'home', primary: false }, { Value: 'bj@example.com', type: 'work', primary: true }],
      nickName: null, phoneNumbers: [],
    };
    expect(patchComparable(schema, served)).toEqual(patchComparable(schema, user));
    expect(differingAttributes(patchComparable(schema, user), patchComparable(schema, { ...user, userName: 'other' }))).toEqual(['username']);
  });
});

describe('generated PATCH programs', () => {
  it('cover results, RFC errors and open outcomes, and every operation is well-formed', () => {
    const options = { uniquePrefix: 'scimprobe-test' };
    const cases = fc.tuple(resourceArbitrary(USER_SCHEMA, [{ schema: ENTERPRISE_USER_SCHEMA, required: false }], options), patchOperationsArbitrary(USER_SCHEMA, [ENTERPRISE_USER_SCHEMA], options));
    const outcomes = { applied: 0, error: 0, open: 0 };
    for (const [resource, operations] of fc.sample(cases, { seed: 3, numRuns: 300 })) {
      expect(operations.length).toBeGreaterThan(0);
      for (const operation of operations) {
        if (operation.op === 'remove') expect(operation).not.toHaveProperty('value');
        else expect(operation.value).toBeDefined();
      }
      try {
        applyPatchModel(schema, resource, operations);
        outcomes.applied += 1;
      } catch (error) {
        if (error instanceof PatchModelError) outcomes.error += 1;
        else if (error instanceof PatchOutcomeOpen) outcomes.open += 1;
        else throw error;
      }
    }
    expect(outcomes.applied).toBeGreaterThan(150);
    expect(outcomes.error).toBeGreaterThan(20);
    expect(outcomes.open).toBeLessThan(60);
  });
});
