import { describe, expect, it } from 'vitest';
import { parseAttributeName } from '../../src/server/attribute-names.js';
import { compareCodePoints, isBase64, parseDateTime, prepareString } from '../../src/server/comparison.js';
import { ScimError } from '../../src/server/errors.js';
import { QuirkSet } from '../../src/server/quirks.js';
import { mergeReplacement } from '../../src/server/resource-input.js';
import { SchemaRegistry, type Attribute, type ResourceModel } from '../../src/server/schema-registry.js';
import { URN } from '../../src/scim/urns.js';

function attribute(name: string, traits: Partial<Attribute> = {}): Attribute {
  return {
    name,
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: [],
    ...traits,
  };
}

// A resource type with immutable attributes, which the core schemas only have inside group members.
const BADGES: ResourceModel = {
  name: 'User',
  endpoint: '/Users',
  description: 'test',
  core: {
    id: URN.user,
    name: 'User',
    document: {},
    attributes: [
      attribute('badge', { mutability: 'immutable' }),
      attribute('secret', { mutability: 'writeOnly', returned: 'never' }),
      attribute('desk', { type: 'complex', subAttributes: [attribute('building', { mutability: 'immutable' }), attribute('floor')] }),
      attribute('nickName'),
    ],
  },
  extensions: [],
};

const CLEAN = new QuirkSet();

describe('replacing a resource', () => {
  it('keeps an immutable value the body leaves out and refuses a different one', () => {
    const existing = { schemas: [URN.user], badge: 'B-1', desk: { building: 'North', floor: '2' } };
    expect(mergeReplacement(BADGES, existing, { schemas: [URN.user], desk: { floor: '3' } }, CLEAN)).toEqual({
      schemas: [URN.user],
      badge: 'B-1',
      desk: { building: 'North', floor: '3' },
    });
    expect(() => mergeReplacement(BADGES, existing, { schemas: [URN.user], badge: 'B-2' }, CLEAN)).toThrow(ScimError);
    try {
      mergeReplacement(BADGES, existing, { schemas: [URN.user], desk: { building: 'South' } }, CLEAN);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, scimType: 'mutability' });
    }
  });

  it('sets an immutable value that had none, keeps writeOnly values and clears omitted readWrite ones', () => {
    const existing = { schemas: [URN.user], secret: 's', nickName: 'n' };
    expect(mergeReplacement(BADGES, existing, { schemas: [URN.user], badge: 'B-9' }, CLEAN)).toEqual({ schemas: [URN.user], badge: 'B-9', secret: 's' });
  });
});

describe('attribute names', () => {
  const user = new SchemaRegistry().user;

  it('split an optional schema URN, an attribute and a sub-attribute', () => {
    expect(parseAttributeName('name.givenName', user)).toEqual({ kind: 'attribute', reference: { attribute: 'name', subAttribute: 'givenName' } });
    expect(parseAttributeName(`${URN.user}:name.givenName`, user)).toEqual({
      kind: 'attribute',
      reference: { schema: URN.user, attribute: 'name', subAttribute: 'givenName' },
    });
    expect(parseAttributeName(`${URN.enterpriseUser.toUpperCase()}:manager.$ref`, user)).toEqual({
      kind: 'attribute',
      reference: { schema: URN.enterpriseUser, attribute: 'manager', subAttribute: '$ref' },
    });
    expect(parseAttributeName(URN.enterpriseUser, user)).toEqual({ kind: 'extension', urn: URN.enterpriseUser });
  });

  it.each(['', 'name..givenName', 'a.b.c', '1abc', 'urn:example:other:2.0:User:x', '/emails/0'])('reject %j', (text) => {
    expect(parseAttributeName(text, user)).toBeUndefined();
  });
});

describe('comparisons', () => {
  it('prepare strings with Unicode normalisation, width mapping and, unless case-exact, lower case', () => {
    expect(prepareString('Ame\u0301lie', false)).toBe(prepareString('AM\u00c9LIE', false));
    expect(prepareString('\uff22\uff4a\uff45\uff4e\uff53\uff45\uff4e', false)).toBe('bjensen');
    expect(prepareString('ABC', true)).toBe('ABC');
  });

  it('prepare the same text the same way each time, case-exact or not, whichever came first', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(prepareString('MiXeD', false)).toBe('mixed');
      expect(prepareString('MiXeD', true)).toBe('MiXeD');
    }
  });

  it('order strings by code point', () => {
    expect(compareCodePoints('A', 'a')).toBeLessThan(0);
    expect(compareCodePoints('\uffff', '\u{1F600}')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });

  it('read xsd:dateTime values as instants', () => {
    expect(parseDateTime('2011-05-13T04:42:34Z')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34));
    expect(parseDateTime('2011-05-13T06:42:34+02:00')).toBe(parseDateTime('2011-05-13T04:42:34Z'));
    expect(parseDateTime('2011-05-13T04:42:34.5Z')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34, 500));
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBeDefined();
    for (const invalid of ['2011-05-13', '2011-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2011-05-13T25:00:00Z', 'yesterday']) {
      expect(parseDateTime(invalid)).toBeUndefined();
    }
  });

  it('recognise base64', () => {
    expect(isBase64('TWFu')).toBe(true);
    expect(isBase64('TWE=')).toBe(true);
    expect(isBase64('TW=')).toBe(false);
    expect(isBase64('not base64!')).toBe(false);
  });
});
