import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/scim/json.js';
import type { AttributeDefinition, SchemaDefinition } from '../../src/scim/schema.js';
import {
  type AttributeResolver,
  FilterSemanticError,
  checkFilter,
  compareCodePoints,
  createAttributeResolver,
  matchesFilter,
  parseDateTime,
  parseFilter,
  printCompareValue,
} from '../../src/scim/filter/index.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ACME = 'urn:example:params:scim:schemas:extension:acme:2.0:User';

const text = (name: string, caseExact = false): AttributeDefinition => ({ name, type: 'string', multiValued: false, caseExact });

const userSchema: SchemaDefinition = {
  id: USER,
  attributes: [
    text('userName'),
    { name: 'name', type: 'complex', multiValued: false, subAttributes: [text('givenName'), text('familyName')] },
    text('displayName'),
    text('title'),
    text('userType'),
    { name: 'profileUrl', type: 'reference', multiValued: false, referenceTypes: ['external'] },
    { name: 'active', type: 'boolean', multiValued: false },
    {
      name: 'emails',
      type: 'complex',
      multiValued: true,
      subAttributes: [text('value'), text('type'), { name: 'primary', type: 'boolean', multiValued: false }],
    },
    {
      name: 'x509Certificates',
      type: 'complex',
      multiValued: true,
      subAttributes: [{ name: 'value', type: 'binary', multiValued: false }],
    },
  ],
};

const enterpriseSchema: SchemaDefinition = {
  id: ENTERPRISE,
  attributes: [
    text('employeeNumber'),
    { name: 'manager', type: 'complex', multiValued: false, subAttributes: [text('value', true), text('displayName')] },
  ],
};

const acmeSchema: SchemaDefinition = {
  id: ACME,
  attributes: [
    { name: 'loginCount', type: 'integer', multiValued: false },
    { name: 'rating', type: 'decimal', multiValued: false },
    { name: 'lastLogin', type: 'dateTime', multiValued: false },
    // Same name as a core attribute: reachable only through its URN.
    text('title'),
  ],
};

const resolve = createAttributeResolver(userSchema, [enterpriseSchema, acmeSchema]);

const barbara: JsonObject = {
  schemas: [USER, ENTERPRISE],
  id: 'a1B2c3',
  externalId: 'EXT-Barbara',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs "the boss" Jensen',
  title: 'Tour Guide',
  active: true,
  emails: [
    { value: 'bjensen@work.example', type: 'work', primary: true },
    { value: 'babs@home.example', type: 'home' },
  ],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw' }],
  meta: {
    resourceType: 'User',
    created: '2011-05-13T04:42:34Z',
    lastModified: '2011-05-13T04:42:34.250Z',
    location: 'https://example.com/v2/Users/a1B2c3',
    version: 'W/"3694e05e9dff590"',
  },
  [ENTERPRISE]: { employeeNumber: '701984', manager: { value: '26118915', displayName: 'John Smith' } },
  [ACME]: { loginCount: 10, rating: 4.5, lastLogin: '2020-01-01T10:00:00+02:00', title: 'Acme Title' },
};

const matches = (filter: string, resource: JsonObject = barbara): boolean => matchesFilter(parseFilter(filter), resource, resolve);
const semanticError = (filter: string): string => {
  try {
    checkFilter(parseFilter(filter), resolve);
  } catch (error) {
    if (error instanceof FilterSemanticError) return error.message;
    throw error;
  }
  throw new Error(`expected ${filter} to be refused`);
};

describe('createAttributeResolver', () => {
  it('resolves names and schema URNs case-insensitively', () => {
    expect(resolve({ attribute: 'USERNAME' })?.name).toBe('userName');
    expect(resolve({ attribute: 'Name', subAttribute: 'GIVENNAME' })?.name).toBe('givenName');
    expect(resolve({ schema: USER.toUpperCase(), attribute: 'userName' })?.name).toBe('userName');
    expect(resolve({ schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' })?.caseExact).toBe(true);
  });

  it('knows the common attributes of RFC 7643 §3.1 in the core schema only', () => {
    expect(resolve({ attribute: 'id' })).toMatchObject({ type: 'string', caseExact: true });
    expect(resolve({ attribute: 'externalId' })).toMatchObject({ type: 'string', caseExact: true });
    expect(resolve({ attribute: 'schemas' })).toMatchObject({ type: 'reference', multiValued: true });
    expect(resolve({ attribute: 'meta', subAttribute: 'resourceType' })).toMatchObject({ type: 'string', caseExact: true });
    expect(resolve({ attribute: 'meta', subAttribute: 'created' })?.type).toBe('dateTime');
    expect(resolve({ attribute: 'meta', subAttribute: 'lastModified' })?.type).toBe('dateTime');
    expect(resolve({ attribute: 'meta', subAttribute: 'location' })?.type).toBe('reference');
    expect(resolve({ attribute: 'meta', subAttribute: 'version' })).toMatchObject({ type: 'string', caseExact: true });
    expect(resolve({ schema: USER, attribute: 'id' })?.name).toBe('id');
    expect(resolve({ schema: ENTERPRISE, attribute: 'id' })).toBeUndefined();
  });

  it('resolves an unqualified name in the core schema first, then in the extensions', () => {
    expect(resolve({ attribute: 'title' })).toBe(userSchema.attributes[3]);
    expect(resolve({ schema: ACME, attribute: 'title' })).toBe(acmeSchema.attributes[3]);
    expect(resolve({ attribute: 'employeeNumber' })?.name).toBe('employeeNumber');
    expect(resolve.extensionOf?.({ attribute: 'employeeNumber' })).toBe(ENTERPRISE);
    expect(resolve.extensionOf?.({ attribute: 'title' })).toBeUndefined();
    expect(resolve.extensionOf?.({ schema: ACME, attribute: 'title' })).toBe(ACME);
  });

  it('answers undefined for what the schemas do not define', () => {
    expect(resolve({ attribute: 'nickName' })).toBeUndefined();
    expect(resolve({ attribute: 'name', subAttribute: 'middle' })).toBeUndefined();
    expect(resolve({ attribute: 'userName', subAttribute: 'x' })).toBeUndefined();
    expect(resolve({ schema: 'urn:example:unknown', attribute: 'userName' })).toBeUndefined();
  });
});

describe('matchesFilter: strings', () => {
  it('compares caseExact:false strings ignoring case, for every operator', () => {
    expect(matches('userName eq "BJENSEN"')).toBe(true);
    expect(matches('userName ne "BJENSEN"')).toBe(false);
    expect(matches('userName sw "BJ"')).toBe(true);
    expect(matches('userName ew "SEN"')).toBe(true);
    expect(matches('userName co "JEN"')).toBe(true);
    expect(matches('userName gt "BJ"')).toBe(true);
    expect(matches('userName le "BJENSEN"')).toBe(true);
    expect(matches('emails.value eq "BJENSEN@WORK.EXAMPLE"')).toBe(true);
  });

  it('compares caseExact:true strings exactly (id, externalId, meta.resourceType, meta.version)', () => {
    expect(matches('id eq "a1B2c3"')).toBe(true);
    expect(matches('id eq "A1B2C3"')).toBe(false);
    expect(matches('externalId eq "ext-barbara"')).toBe(false);
    expect(matches('externalId sw "EXT-"')).toBe(true);
    expect(matches('externalId sw "ext-"')).toBe(false);
    expect(matches('meta.resourceType eq "user"')).toBe(false);
    expect(matches('meta.resourceType eq "User"')).toBe(true);
    expect(matches('meta.version eq "w/\\"3694e05e9dff590\\""')).toBe(false);
    expect(matches(`${ENTERPRISE}:manager.value ew "915"`)).toBe(true);
  });

  it('treats references as case-exact unless the schema says otherwise', () => {
    const user = { ...barbara, profileUrl: 'https://example.com/Babs' };
    expect(matches('profileUrl eq "https://example.com/Babs"', user)).toBe(true);
    expect(matches('profileUrl eq "https://example.com/babs"', user)).toBe(false);
    expect(matches('meta.location eq "https://EXAMPLE.com/v2/Users/a1B2c3"')).toBe(false);
  });

  it('satisfies sw and ew with identical strings', () => {
    expect(matches('userName sw "bjensen"')).toBe(true);
    expect(matches('userName ew "bjensen"')).toBe(true);
  });

  it('compares JSON-escaped operator values with the stored text', () => {
    expect(matches('displayName eq "Babs \\"the boss\\" Jensen"')).toBe(true);
    const user = { ...barbara, displayName: 'C:\\temp/é 😀' };
    expect(matches('displayName eq "C:\\\\temp\\/\\u00e9 \\ud83d\\ude00"', user)).toBe(true);
  });

  it('compares after NFC normalisation', () => {
    const user = { ...barbara, userName: 'Am\u00e9lie' };
    expect(matches('userName eq "Ame\u0301lie"', user)).toBe(true);
    expect(matches('userName eq "Ame\\u0301lie"', user)).toBe(true);
    expect(matches('userName sw "AME\u0301"', user)).toBe(true);
    const decomposed = { ...barbara, userName: 'Ame\u0301lie' };
    expect(matches('userName eq "Am\u00e9lie"', decomposed)).toBe(true);
  });

  it('orders strings by code point, not by UTF-16 unit or locale', () => {
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFD').toBe(true);
    const user = { ...barbara, displayName: '\u{1F600}' };
    expect(matches('displayName gt "\uFFFD"', user)).toBe(true);
    expect(matches('title lt "tour guide z"')).toBe(true);
    expect(matches('title gt "tour guide"')).toBe(false);
    expect(matches('title ge "tour guide"')).toBe(true);
  });

  it('treats an empty operand by the operator definitions', () => {
    expect(matches('userName co ""')).toBe(true);
    expect(matches('userName sw ""')).toBe(true);
    expect(matches('userName eq ""')).toBe(false);
  });

  it('does not match stored values of another JSON type', () => {
    expect(matches('title eq "1"', { ...barbara, title: 1 })).toBe(false);
  });
});

describe('matchesFilter: numbers, booleans and dateTimes', () => {
  it('compares integers and decimals numerically', () => {
    expect(matches('loginCount gt 9')).toBe(true);
    expect(matches(`${ACME}:loginCount eq 10.0`)).toBe(true);
    expect(matches('loginCount eq 1e1')).toBe(true);
    expect(matches('loginCount lt 9')).toBe(false);
    expect(matches('rating ge 4.5')).toBe(true);
    expect(matches('rating gt 4.49')).toBe(true);
    expect(matches('rating ne 4.5')).toBe(false);
  });

  it('compares booleans with eq and ne', () => {
    expect(matches('active eq true')).toBe(true);
    expect(matches('active eq false')).toBe(false);
    expect(matches('active ne false')).toBe(true);
    expect(matches('active eq false', { ...barbara, active: false })).toBe(true);
  });

  it('compares dateTimes as instants, whatever the offset', () => {
    expect(matches('meta.created eq "2011-05-13T06:42:34+02:00"')).toBe(true);
    expect(matches('meta.created eq "2011-05-13T04:42:34.000Z"')).toBe(true);
    expect(matches('meta.created gt "2011-05-13T04:42:33.999Z"')).toBe(true);
    expect(matches('meta.created lt "2011-05-12T23:42:35-05:00"')).toBe(true);
    expect(matches('meta.lastModified gt "2011-05-13T04:42:34.2499999Z"')).toBe(true);
    expect(matches('meta.lastModified le "2011-05-13T04:42:34.25Z"')).toBe(true);
    expect(matches('meta.lastModified lt "2011-05-13T04:42:34.25Z"')).toBe(false);
    expect(matches('lastLogin eq "2020-01-01T08:00:00Z"')).toBe(true);
  });

  it('reads only complete, possible xsd:dateTime values', () => {
    expect(parseDateTime('2011-05-13T04:42:34Z')).toEqual({ epochSeconds: 1305261754, fraction: '' });
    expect(parseDateTime('2011-05-13T04:42:34.500+00:00')).toEqual({ epochSeconds: 1305261754, fraction: '5' });
    expect(parseDateTime('0099-01-01T00:00:00Z')?.epochSeconds).toBe(Date.parse('0099-01-01T00:00:00Z') / 1000);
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBeDefined();
    for (const invalid of ['2011-05-13', '2011-13-40T04:42:34Z', '2023-02-29T00:00:00Z', '2011-05-13T24:00:00Z', '2011-05-13 04:42:34Z', '2011-05-13T04:42:34+15:00', 'yesterday']) {
      expect(parseDateTime(invalid), invalid).toBeUndefined();
    }
    expect(matches('meta.created eq "2011-05-13T04:42:34Z"', { ...barbara, meta: { created: 'not a date' } })).toBe(false);
  });
});

describe('matchesFilter: presence', () => {
  const without = (member: string): JsonObject => Object.fromEntries(Object.entries(barbara).filter(([key]) => key !== member));

  it('is false for missing, null, "", [] and objects without a non-empty sub-attribute', () => {
    expect(matches('title pr')).toBe(true);
    expect(matches('title pr', without('title'))).toBe(false);
    expect(matches('title pr', { ...barbara, title: null })).toBe(false);
    expect(matches('title pr', { ...barbara, title: '' })).toBe(false);
    expect(matches('emails pr', { ...barbara, emails: [] })).toBe(false);
    expect(matches('emails pr', { ...barbara, emails: [{ value: '', type: null }, {}] })).toBe(false);
    expect(matches('name pr', { ...barbara, name: {} })).toBe(false);
    expect(matches('name pr', { ...barbara, name: { givenName: '' } })).toBe(false);
    expect(matches('name pr', { ...barbara, name: { givenName: [], familyName: [null, ''] } })).toBe(false);
    expect(matches('name pr', { ...barbara, name: { givenName: [], familyName: ['Jensen'] } })).toBe(true);
    expect(matches('name pr')).toBe(true);
    expect(matches('emails pr')).toBe(true);
  });

  it('counts false as a value', () => {
    expect(matches('active pr', { ...barbara, active: false })).toBe(true);
  });

  it('makes not (title pr) true for users without title', () => {
    expect(matches('not (title pr)', without('title'))).toBe(true);
    expect(matches('not (title pr)')).toBe(false);
    for (const user of [barbara, without('title'), { ...barbara, title: '' }]) {
      expect(matches('title pr or not (title pr)', user)).toBe(true);
      expect(matches('title pr and not (title pr)', user)).toBe(false);
    }
  });
});

describe('matchesFilter: absent and unknown attributes', () => {
  it('makes every comparison on an absent attribute false, ne included', () => {
    const user: JsonObject = { schemas: [USER], id: '1', userName: 'x' };
    expect(matches('title eq "x"', user)).toBe(false);
    expect(matches('title ne "x"', user)).toBe(false);
    expect(matches('title gt "a"', user)).toBe(false);
    expect(matches('not (title eq "x")', user)).toBe(true);
  });

  it('treats attributes the schemas do not define as absent, not as errors', () => {
    const user = { ...barbara, nickName: 'Babs' };
    expect(matches('nickName eq "Babs"', user)).toBe(false);
    expect(matches('nickName pr', user)).toBe(false);
    expect(matches('not (nickName pr)', user)).toBe(true);
    expect(matches('name.middleName pr')).toBe(false);
    expect(matches('urn:example:unknown:userName eq "bjensen"')).toBe(false);
    expect(matches('nickName[value eq "x"]', user)).toBe(false);
    expect(() => checkFilter(parseFilter('nickName gt true'), resolve)).not.toThrow();
  });

  it('reads null for a comparison value as unassigned', () => {
    expect(matches('title eq null')).toBe(false);
    expect(matches('title ne null')).toBe(true);
    expect(matches('title eq null', { ...barbara, title: null })).toBe(true);
    expect(matches('nickName eq null')).toBe(false);
  });
});

describe('matchesFilter: multi-valued and complex attributes', () => {
  const twoEmails: JsonObject = {
    ...barbara,
    emails: [
      { value: 'a@a.example', type: 'work' },
      { value: 'b@b.example', type: 'home' },
    ],
  };

  it('matches when any value matches', () => {
    expect(matches('emails.value eq "b@b.example"', twoEmails)).toBe(true);
    expect(matches('emails.type eq "other"', twoEmails)).toBe(false);
    expect(matches(`schemas eq "${ENTERPRISE}"`)).toBe(true);
    expect(matches(`schemas eq "${ENTERPRISE.toUpperCase()}"`)).toBe(true);
    expect(matches(`schemas eq "${ACME}"`)).toBe(false);
  });

  it('makes ne differ from not eq on multi-valued attributes', () => {
    expect(matches('emails.value ne "a@a.example"', twoEmails)).toBe(true);
    expect(matches('not (emails.value eq "a@a.example")', twoEmails)).toBe(false);
  });

  it('applies the expressions inside brackets to the same element, unlike dotted paths', () => {
    expect(matches('emails[type eq "work" and value ew "b.example"]', twoEmails)).toBe(false);
    expect(matches('emails.type eq "work" and emails.value ew "b.example"', twoEmails)).toBe(true);
    expect(matches('emails[type eq "work" and value ew "a.example"]', twoEmails)).toBe(true);
    expect(matches('emails[type eq "home" or (type eq "work" and value ew "x")]', twoEmails)).toBe(true);
    expect(matches('emails[not (type eq "work")]', twoEmails)).toBe(true);
    expect(matches('emails[not (type eq "work")]', { ...barbara, emails: [{ value: 'a@a.example', type: 'work' }] })).toBe(false);
    expect(matches('EMAILS[TYPE eq "WORK"]', twoEmails)).toBe(true);
    expect(matches(`${USER}:emails[type eq "work"]`, twoEmails)).toBe(true);
  });

  it('matches a value path on a single-valued complex attribute against its one value', () => {
    expect(matches('name[givenName eq "barbara" and familyName sw "J"]')).toBe(true);
    expect(matches(`${ENTERPRISE}:manager[value eq "26118915"]`)).toBe(true);
    expect(matches('manager[displayName eq "john smith"]')).toBe(true);
  });

  it('does not match a value path element whose sub-attribute is missing', () => {
    expect(matches('emails[primary eq false]', twoEmails)).toBe(false);
    expect(matches('emails[primary eq true]')).toBe(true);
  });
});

describe('matchesFilter: names and extensions', () => {
  it('reads resource members whatever their case', () => {
    const shouting: JsonObject = { USERNAME: 'bjensen', Name: { GivenName: 'Barbara' }, EMAILS: [{ VALUE: 'x@y.example' }] };
    expect(matches('userName eq "bjensen"', shouting)).toBe(true);
    expect(matches('name.givenName eq "Barbara"', shouting)).toBe(true);
    expect(matches('emails.value eq "x@y.example"', shouting)).toBe(true);
  });

  it('reads qualified core attributes from the top level', () => {
    expect(matches(`${USER}:userName eq "bjensen"`)).toBe(true);
    expect(matches(`${USER.toUpperCase()}:NAME.GIVENNAME eq "Barbara"`)).toBe(true);
  });

  it('reads extension attributes from the extension member, qualified or not', () => {
    expect(matches(`${ENTERPRISE}:employeeNumber eq "701984"`)).toBe(true);
    expect(matches('employeeNumber eq "701984"')).toBe(true);
    expect(matches(`${ENTERPRISE}:manager.value eq "26118915"`)).toBe(true);
    expect(matches(`${ENTERPRISE}:employeeNumber pr`, { ...barbara, employeeNumber: '701984', [ENTERPRISE]: {} })).toBe(false);
  });

  it('keeps a core attribute and an extension attribute of the same name apart', () => {
    expect(matches('title eq "Tour Guide"')).toBe(true);
    expect(matches(`${ACME}:title eq "Acme Title"`)).toBe(true);
    expect(matches(`${ACME}:title eq "Tour Guide"`)).toBe(false);
    const withoutAcme = Object.fromEntries(Object.entries(barbara).filter(([key]) => key !== ACME));
    expect(matches(`${ACME}:title pr`, withoutAcme)).toBe(false);
  });

  it('works with a plain resolver function, reading a qualified path from the member its URN names', () => {
    const plain: AttributeResolver = (path) => resolve(path);
    expect(matchesFilter(parseFilter(`${ENTERPRISE}:employeeNumber eq "701984"`), barbara, plain)).toBe(true);
    expect(matchesFilter(parseFilter(`${USER}:userName eq "bjensen"`), barbara, plain)).toBe(true);
  });
});

describe('matchesFilter: logic', () => {
  const a = 'userName eq "bjensen"';
  const b = 'title eq "nobody"';
  const c = 'active eq false';

  it('gives and precedence over or, and lets parentheses change it', () => {
    expect(matches(`${a} or ${b} and ${c}`)).toBe(true);
    expect(matches(`(${a} or ${b}) and ${c}`)).toBe(false);
    expect(matches(`not (${b}) and ${a}`)).toBe(true);
  });

  it('follows De Morgan and double negation', () => {
    for (const [x, y] of [[a, b], [a, c], [b, c], [a, a]] as const) {
      expect(matches(`not (${x} or ${y})`)).toBe(matches(`not (${x}) and not (${y})`));
      expect(matches(`not (${x} and ${y})`)).toBe(matches(`not (${x}) or not (${y})`));
      expect(matches(`not (not (${x}))`)).toBe(matches(x));
    }
  });
});

describe('checkFilter / matchesFilter: filters a server must refuse with invalidFilter', () => {
  it.each(['gt', 'ge', 'lt', 'le'])('refuses %s on a boolean attribute', (op) => {
    expect(semanticError(`active ${op} true`)).toBe(`operator '${op}' does not apply to 'active', a boolean attribute`);
  });

  it.each(['gt', 'ge', 'lt', 'le'])('refuses %s on a binary attribute', (op) => {
    expect(semanticError(`x509Certificates.value ${op} "AA"`)).toContain('binary attribute');
  });

  it.each([
    ['active co "t"', "operator 'co' applies to strings only"],
    ['loginCount sw "1"', "operator 'sw' applies to strings only"],
    ['meta.created ew "Z"', "operator 'ew' applies to strings only"],
    ['x509Certificates.value co "AA"', "operator 'co' applies to strings only"],
    ['name eq "x"', "'name' is a complex attribute"],
    ['emails co "example.com"', "'emails' is a complex attribute"],
    ['active eq "true"', "'active' is a boolean attribute and cannot be compared with string \"true\""],
    ['userName eq 1', "'userName' is a string attribute and cannot be compared with number 1"],
    ['meta.created gt 5', "'meta.created' is a dateTime attribute"],
    ['meta.created gt "2011-05-13"', 'is not an xsd:dateTime'],
    ['title gt null', "operator 'gt' cannot compare 'title' with null"],
    ['emails[value.x eq "a"]', "must be the plain name of a sub-attribute of 'emails'"],
    [`emails[${USER}:value eq "a"]`, 'must be the plain name of a sub-attribute'],
    ['emails[value.x pr]', 'must be the plain name of a sub-attribute'],
    ['userName[value eq "a"]', 'filters a string attribute'],
    ['name.givenName[value eq "a"]', 'filters a sub-attribute'],
    ['emails[primary gt false]', "operator 'gt' does not apply to 'emails.primary'"],
  ])('refuses %s', (filter, message) => {
    expect(semanticError(filter)).toContain(message);
  });

  it('refuses whatever the data, even where evaluation could stop early', () => {
    const filter = parseFilter('userName eq "bjensen" or active gt true');
    expect(() => matchesFilter(filter, barbara, resolve)).toThrow(FilterSemanticError);
    expect(() => matchesFilter(filter, {}, resolve)).toThrow(FilterSemanticError);
  });

  it('refuses a nested value path built by hand', () => {
    expect(() =>
      checkFilter(
        {
          kind: 'valuePath',
          path: { attribute: 'emails' },
          filter: { kind: 'valuePath', path: { attribute: 'value' }, filter: { kind: 'present', path: { attribute: 'x' } } },
        },
        resolve,
      ),
    ).toThrow('nested');
  });
});

describe('matchesFilter: operator lattice over generated strings', () => {
  const caseVariant = fc.string({ maxLength: 6 }).chain((base) =>
    fc.tuple(fc.constant(base), fc.boolean()).map(([value, upper]) => (upper ? value.toUpperCase() : value)),
  );

  it('eq implies sw, ew and co; ge is gt or eq; lt and ge partition; ne is not eq (single-valued string)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), caseVariant, (stored, operand) => {
        const user = { ...barbara, title: stored };
        const test = (op: string): boolean => matches(`title ${op} ${printCompareValue(operand)}`, user);
        if (test('eq')) {
          expect(test('sw') && test('ew') && test('co')).toBe(true);
        }
        if (test('sw') || test('ew')) expect(test('co')).toBe(true);
        expect(test('ge')).toBe(test('gt') || test('eq'));
        expect(test('lt')).toBe(!test('ge'));
        expect(test('ne')).toBe(!test('eq'));
      }),
      { numRuns: 300 },
    );
  });
});
