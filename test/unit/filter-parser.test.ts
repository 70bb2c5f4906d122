import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Filter,
  FilterSyntaxError,
  MAX_FILTER_DEPTH,
  PathSyntaxError,
  parseFilter,
  parsePatchPath,
  printFilter,
  printPatchPath,
} from '../../src/scim/filter/index.js';
import { filterArbitrary } from '../../src/scim/filter/arbitrary.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function syntaxError(text: string): FilterSyntaxError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected, but it parsed`);
}

describe('parseFilter: the valid examples of RFC 7644 Figure 2', () => {
  it.each([
    ['userName eq "bjensen"', { kind: 'compare', path: { attribute: 'userName' }, op: 'eq', value: 'bjensen' }],
    ['name.familyName co "O\'Malley"', { kind: 'compare', path: { attribute: 'name', subAttribute: 'familyName' }, op: 'co', value: "O'Malley" }],
    ['userName sw "J"', { kind: 'compare', path: { attribute: 'userName' }, op: 'sw', value: 'J' }],
    [`${USER}:userName sw "J"`, { kind: 'compare', path: { schema: USER, attribute: 'userName' }, op: 'sw', value: 'J' }],
    ['title pr', { kind: 'present', path: { attribute: 'title' } }],
    ...(['gt', 'ge', 'lt', 'le'] as const).map((op): [string, Filter] => [
      `meta.lastModified ${op} "2011-05-13T04:42:34Z"`,
      { kind: 'compare', path: { attribute: 'meta', subAttribute: 'lastModified' }, op, value: '2011-05-13T04:42:34Z' },
    ]),
    [
      'title pr and userType eq "Employee"',
      {
        kind: 'and',
        left: { kind: 'present', path: { attribute: 'title' } },
        right: { kind: 'compare', path: { attribute: 'userType' }, op: 'eq', value: 'Employee' },
      },
    ],
    [
      'title pr or userType eq "Intern"',
      {
        kind: 'or',
        left: { kind: 'present', path: { attribute: 'title' } },
        right: { kind: 'compare', path: { attribute: 'userType' }, op: 'eq', value: 'Intern' },
      },
    ],
    [`schemas eq "${ENTERPRISE}"`, { kind: 'compare', path: { attribute: 'schemas' }, op: 'eq', value: ENTERPRISE }],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      {
        kind: 'and',
        left: { kind: 'compare', path: { attribute: 'userType' }, op: 'eq', value: 'Employee' },
        right: { kind: 'compare', path: { attribute: 'emails', subAttribute: 'type' }, op: 'eq', value: 'work' },
      },
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      {
        kind: 'and',
        left: { kind: 'compare', path: { attribute: 'userType' }, op: 'eq', value: 'Employee' },
        right: {
          kind: 'valuePath',
          path: { attribute: 'emails' },
          filter: {
            kind: 'and',
            left: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' },
            right: { kind: 'compare', path: { attribute: 'value' }, op: 'co', value: '@example.com' },
          },
        },
      },
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      {
        kind: 'or',
        left: {
          kind: 'valuePath',
          path: { attribute: 'emails' },
          filter: {
            kind: 'and',
            left: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' },
            right: { kind: 'compare', path: { attribute: 'value' }, op: 'co', value: '@example.com' },
          },
        },
        right: {
          kind: 'valuePath',
          path: { attribute: 'ims' },
          filter: {
            kind: 'and',
            left: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'xmpp' },
            right: { kind: 'compare', path: { attribute: 'value' }, op: 'co', value: '@foo.com' },
          },
        },
      },
    ],
  ] as [string, Filter][])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it('accepts the Figure 2 examples that are grammatical once their display line breaks are removed', () => {
    const orGroup = {
      kind: 'or',
      left: { kind: 'compare', path: { attribute: 'emails' }, op: 'co', value: 'example.com' },
      right: { kind: 'compare', path: { attribute: 'emails', subAttribute: 'value' }, op: 'co', value: 'example.org' },
    };
    expect(parseFilter('userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")')).toEqual({
      kind: 'and',
      left: { kind: 'compare', path: { attribute: 'userType' }, op: 'eq', value: 'Employee' },
      right: orGroup,
    });
    // `not (` with a space: erratum 7319.
    expect(parseFilter('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")')).toEqual({
      kind: 'and',
      left: { kind: 'compare', path: { attribute: 'userType' }, op: 'ne', value: 'Employee' },
      right: { kind: 'not', filter: orGroup },
    });
  });
});

describe('parseFilter: RFC examples that do not conform to Figure 1 are rejected', () => {
  it.each([
    ['(meta.resourceType eq User) or (meta.resourceType eq Group)', "unquoted value 'User'"],
    ["displayName sw 'Group'", 'single-quoted'],
    ['members[value eq"2819c223-7f76-453a-919d-413861904646"]', "expected a space before the value after 'eq'"],
    ['members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName', 'only a PATCH path'],
  ])('%s', (text, problem) => {
    expect(syntaxError(text).problem).toContain(problem);
  });
});

describe('parseFilter: keywords and names', () => {
  it('reads operators and keywords in any case, and keeps names as written', () => {
    expect(parseFilter('userName EQ "x" AnD NOT (title PR) oR USERNAME Sw "y"')).toEqual(
      parseFilter('userName eq "x" and not (title pr) or USERNAME sw "y"'),
    );
    expect(parseFilter('USERNAME eq "x"')).toEqual({ kind: 'compare', path: { attribute: 'USERNAME' }, op: 'eq', value: 'x' });
    expect(parseFilter('NAME.GIVENNAME pr')).toEqual({ kind: 'present', path: { attribute: 'NAME', subAttribute: 'GIVENNAME' } });
    expect(parseFilter('URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:userName pr')).toEqual({
      kind: 'present',
      path: { schema: 'URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER', attribute: 'userName' },
    });
  });

  it('splits a schema URI at its last colon, not at the dot of its version', () => {
    expect(parseFilter(`${USER}:name.givenName eq "Barbara"`)).toEqual({
      kind: 'compare',
      path: { schema: USER, attribute: 'name', subAttribute: 'givenName' },
      op: 'eq',
      value: 'Barbara',
    });
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "26118915"`)).toEqual({
      kind: 'compare',
      path: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
      op: 'eq',
      value: '26118915',
    });
    expect(parseFilter(`${ENTERPRISE}:employeeNumber eq "701984"`)).toEqual({
      kind: 'compare',
      path: { schema: ENTERPRISE, attribute: 'employeeNumber' },
      op: 'eq',
      value: '701984',
    });
  });

  it('treats keywords inside strings as data', () => {
    expect(parseFilter('displayName eq "a and b" or title eq "x or y" and displayName eq "not (x)"')).toEqual({
      kind: 'or',
      left: { kind: 'compare', path: { attribute: 'displayName' }, op: 'eq', value: 'a and b' },
      right: {
        kind: 'and',
        left: { kind: 'compare', path: { attribute: 'title' }, op: 'eq', value: 'x or y' },
        right: { kind: 'compare', path: { attribute: 'displayName' }, op: 'eq', value: 'not (x)' },
      },
    });
  });

  it('does not read keywords out of names that begin with them', () => {
    expect(parseFilter('orgUnit eq "x" or notes pr and neighbour ne "y"')).toEqual({
      kind: 'or',
      left: { kind: 'compare', path: { attribute: 'orgUnit' }, op: 'eq', value: 'x' },
      right: {
        kind: 'and',
        left: { kind: 'present', path: { attribute: 'notes' } },
        right: { kind: 'compare', path: { attribute: 'neighbour' }, op: 'ne', value: 'y' },
      },
    });
  });

  it('reads a keyword-like name where an attribute path is due', () => {
    expect(parseFilter('not pr and and eq "x"')).toEqual({
      kind: 'and',
      left: { kind: 'present', path: { attribute: 'not' } },
      right: { kind: 'compare', path: { attribute: 'and' }, op: 'eq', value: 'x' },
    });
  });

  it('accepts names with hyphens, underscores and digits', () => {
    expect(parseFilter('x-y_1 pr')).toEqual({ kind: 'present', path: { attribute: 'x-y_1' } });
  });

  it.each([
    ['1abc pr', "'1abc' is not an attribute name"],
    ['_x pr', "'_x' is not an attribute name"],
    ['members.$ref eq "x"', "'$ref' is not an attribute name"],
    ['name.givenName.x pr', 'more than one sub-attribute level'],
    ['name. pr', 'missing attribute name'],
    ['foo:bar pr', "'foo' is not a schema URI"],
    [`${USER}: pr`, 'missing attribute name after schema URI'],
  ])('rejects the path in %s', (text, problem) => {
    expect(syntaxError(text).problem).toContain(problem);
  });
});

describe('parseFilter: logic, grouping and precedence', () => {
  const a = { kind: 'present', path: { attribute: 'a' } } as const;
  const b = { kind: 'present', path: { attribute: 'b' } } as const;
  const c = { kind: 'present', path: { attribute: 'c' } } as const;

  it('binds and tighter than or', () => {
    expect(parseFilter('a pr or b pr and c pr')).toEqual({ kind: 'or', left: a, right: { kind: 'and', left: b, right: c } });
    expect(parseFilter('a pr and b pr or c pr')).toEqual({ kind: 'or', left: { kind: 'and', left: a, right: b }, right: c });
  });

  it('lets parentheses override precedence', () => {
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual({ kind: 'and', left: { kind: 'or', left: a, right: b }, right: c });
  });

  it('binds not tighter than and', () => {
    expect(parseFilter('not (a pr) and b pr')).toEqual({ kind: 'and', left: { kind: 'not', filter: a }, right: b });
  });

  it('associates and and or to the left', () => {
    expect(parseFilter('a pr and b pr and c pr')).toEqual({ kind: 'and', left: { kind: 'and', left: a, right: b }, right: c });
    expect(parseFilter('a pr or b pr or c pr')).toEqual({ kind: 'or', left: { kind: 'or', left: a, right: b }, right: c });
  });

  it('groups left to right when asked to read as a server without precedence, parentheses still grouping', () => {
    expect(parseFilter('a pr or b pr and c pr', 'left-to-right')).toEqual({ kind: 'and', left: { kind: 'or', left: a, right: b }, right: c });
    expect(parseFilter('a pr or (b pr and c pr)', 'left-to-right')).toEqual({ kind: 'or', left: a, right: { kind: 'and', left: b, right: c } });
  });

  it('accepts not( and not ( alike', () => {
    expect(parseFilter('not(a pr)')).toEqual({ kind: 'not', filter: a });
    expect(parseFilter('not (a pr)')).toEqual({ kind: 'not', filter: a });
  });

  it('drops redundant grouping', () => {
    expect(parseFilter('((((a pr))))')).toEqual(a);
  });

  it(`accepts ${MAX_FILTER_DEPTH} levels of nesting and rejects deeper filters without overflowing`, () => {
    const nested = (levels: number): string => `${'not ('.repeat(levels)}a pr${')'.repeat(levels)}`;
    expect(() => parseFilter(nested(MAX_FILTER_DEPTH - 1))).not.toThrow();
    expect(syntaxError(nested(MAX_FILTER_DEPTH + 1)).problem).toContain('nest more than');
    expect(syntaxError(`${'('.repeat(100_000)}a pr${')'.repeat(100_000)}`).problem).toContain('nest more than');
    expect(syntaxError(Array.from({ length: 5000 }, () => 'a pr').join(' and ')).problem).toContain('nest more than');
  });

  it.each([
    ['not userName eq "x"', "'not' must be followed by a filter in parentheses"],
    ['userName eq "x" and', "expected an expression after 'and'"],
    ['and title pr', "'and' needs an expression on each side"],
    ['title pr or or title pr', "'or' needs an expression on each side"],
    ['(title pr', "missing ')'"],
    ['title pr)', "')' without a matching '('"],
    ['()', "empty parentheses '()'"],
    ['title pr foo', "expected 'and', 'or' or the end of the filter, found 'foo'"],
    ['(title pr foo)', "expected 'and', 'or' or ')', found 'foo'"],
    ['active', "expected an operator after 'active'"],
    ['userName eq', "expected a value after 'eq'"],
    ['eq "x"', "expected an operator after 'eq', found string \"x\""],
  ])('rejects %s', (text, problem) => {
    expect(syntaxError(text).problem).toContain(problem);
  });
});

describe('parseFilter: operators', () => {
  it.each(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'])('reads %s', (op) => {
    expect(parseFilter(`userName ${op.toUpperCase()} "x"`)).toEqual({ kind: 'compare', path: { attribute: 'userName' }, op, value: 'x' });
  });

  it.each(['regex', 'in', 'like', '==', '!=', 'eqq'])("names the unknown operator '%s'", (op) => {
    expect(syntaxError(`userName ${op} "x"`).problem).toBe(`unknown operator '${op}'`);
  });
});

describe('parseFilter: whitespace is exactly one space where the grammar shows one', () => {
  it.each([
    ['userName  eq "x"', 'exactly one space'],
    ['userName eq  "x"', 'exactly one space'],
    ['title pr  and userName eq "x"', 'exactly one space'],
    ['userName\teq "x"', 'U+0009'],
    ['userName eq "x"\nand title pr', 'U+000A'],
    [' title pr', 'unexpected space at the start'],
    ['title pr ', 'unexpected space at the end'],
    ['( title pr)', "unexpected space after '('"],
    ['(title pr )', "unexpected space before ')'"],
    ['emails[ type eq "x"]', "unexpected space after '['"],
    ['emails[type eq "x" ]', "unexpected space before ']'"],
    ['emails [type eq "x"]', "unexpected space before '['"],
    ['not  (title pr)', 'at most one space'],
    ['userName eq"x"', 'expected a space before the value'],
    ['userName eq "x"and title pr', "expected a space before 'and'"],
    ['', 'filter is empty'],
    ['   ', 'filter contains only spaces'],
  ])('rejects %j', (text, problem) => {
    expect(syntaxError(text).problem).toContain(problem);
  });
});

describe('parseFilter: values are JSON literals', () => {
  it.each([
    ['"O\\"Malley"', 'O"Malley'],
    ['"C:\\\\temp"', 'C:\\temp'],
    ['"a\\/b"', 'a/b'],
    ['"\\t\\b\\f\\n\\r"', '\t\b\f\n\r'],
    ['"\\u00e9"', 'é'],
    ['"\\ud83d\\ude00"', '😀'],
    ['"a[b] (x) O\'Malley"', "a[b] (x) O'Malley"],
    ['""', ''],
    ['true', true],
    ['false', false],
    ['null', null],
    ['1', 1],
    ['-12.5e+2', -1250],
    ['1.0', 1],
    ['1e0', 1],
  ])('reads %s', (literal, value) => {
    expect(parseFilter(`x eq ${literal}`)).toEqual({ kind: 'compare', path: { attribute: 'x' }, op: 'eq', value });
  });

  it('keeps the sign of negative zero', () => {
    const filter = parseFilter('x eq -0');
    expect(filter.kind === 'compare' && Object.is(filter.value, -0)).toBe(true);
  });

  it.each([
    ['"O\\qMalley"', "invalid escape '\\q'"],
    ['"\\u12"', 'four hexadecimal digits'],
    ['"abc', 'not terminated'],
    ['"abc\\', 'not terminated'],
    ['"a\tb"', 'unescaped control character U+0009'],
    ["'x'", 'single-quoted'],
    ['bjensen', "unquoted value 'bjensen'"],
    ['True', "'True' is not a JSON literal"],
    ['NULL', "'NULL' is not a JSON literal"],
    ['01', "'01' is not a JSON number"],
    ['+1', "'+1' is not a JSON number"],
    ['.5', "'.5' is not a JSON number"],
    ['1.', "'1.' is not a JSON number"],
    ['1e999', 'out of range'],
    ['(', "expected a value, found '('"],
  ])('rejects %s', (literal, problem) => {
    expect(syntaxError(`x eq ${literal}`).problem).toContain(problem);
  });
});

describe('parseFilter: value paths', () => {
  it('accepts or, not and parentheses inside brackets (erratum 7322)', () => {
    expect(parseFilter('emails[type eq "work" or (type eq "home" and value ew "x")]')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'or',
        left: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' },
        right: {
          kind: 'and',
          left: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'home' },
          right: { kind: 'compare', path: { attribute: 'value' }, op: 'ew', value: 'x' },
        },
      },
    });
    expect(parseFilter('emails[not (type eq "work")]')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: { kind: 'not', filter: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' } },
    });
  });

  it('accepts a schema-qualified parent', () => {
    expect(parseFilter(`${USER}:emails[primary eq true]`)).toEqual({
      kind: 'valuePath',
      path: { schema: USER, attribute: 'emails' },
      filter: { kind: 'compare', path: { attribute: 'primary' }, op: 'eq', value: true },
    });
  });

  it.each([
    ['emails[value[type eq "x"]]', 'cannot be nested'],
    ['emails[type eq "work" and emails[value pr]]', 'cannot be nested'],
    ['emails[(value[type eq "x"])]', 'cannot be nested'],
    ['emails[type eq "work"', "missing ']'"],
    ['emails[]', "empty brackets '[]'"],
    ['emails[type eq "work")', "expected 'and', 'or' or ']'"],
    ['emails[type eq "work"].value eq "x"', 'only a PATCH path'],
  ])('rejects %s', (text, problem) => {
    expect(syntaxError(text).problem).toContain(problem);
  });
});

describe('FilterSyntaxError', () => {
  it('names the problem and its position', () => {
    const error = syntaxError('userName regex "x"');
    expect(error.position).toBe(9);
    expect(error.message).toBe("Invalid filter at position 9: unknown operator 'regex'");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FilterSyntaxError');
  });

  it('points at the offending token', () => {
    expect(syntaxError('title pr and userName eq bjensen').position).toBe(25);
    expect(syntaxError('userName eq "x"  and title pr').position).toBe(16);
    expect(syntaxError('(title pr').position).toBe(9);
    expect(syntaxError('a eq "x\\q"').position).toBe(7);
  });
});

describe('parsePatchPath', () => {
  it.each([
    ['members', { kind: 'attribute', path: { attribute: 'members' } }],
    ['name.familyName', { kind: 'attribute', path: { attribute: 'name', subAttribute: 'familyName' } }],
    [
      'addresses[type eq "work"]',
      { kind: 'valuePath', path: { attribute: 'addresses' }, filter: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' } },
    ],
    [
      'addresses[type eq "work"].streetAddress',
      {
        kind: 'valuePath',
        path: { attribute: 'addresses' },
        filter: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' },
        subAttribute: 'streetAddress',
      },
    ],
    [`${ENTERPRISE}:employeeNumber`, { kind: 'attribute', path: { schema: ENTERPRISE, attribute: 'employeeNumber' } }],
    [`${ENTERPRISE}:manager.value`, { kind: 'attribute', path: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' } }],
  ])('reads %s and prints it back', (text, expected) => {
    expect(parsePatchPath(text)).toEqual(expected);
    expect(printPatchPath(parsePatchPath(text))).toBe(text);
  });

  it.each([
    ['userName eq "x"', 'not a filter'],
    ['title pr', 'not a filter'],
    ['emails[0]', 'array index'],
    ['emails[0].value', 'array index'],
    ['/emails/0/value', 'is not an attribute name'],
    ['name..givenName', 'missing attribute name'],
    ['name.', 'missing attribute name'],
    ['', 'path is empty'],
    ['emails[type eq "work"] .value', 'not a filter'],
  ])('rejects %j as a malformed path (invalidPath)', (text, problem) => {
    expect(() => parsePatchPath(text)).toThrow(PathSyntaxError);
    expect(() => parsePatchPath(text)).toThrow(problem);
  });

  it('reports errors inside the brackets as filter errors (invalidFilter)', () => {
    expect(() => parsePatchPath('emails[type eqq "work"]')).toThrow(FilterSyntaxError);
    expect(() => parsePatchPath('emails[type eq "work]')).toThrow(FilterSyntaxError);
    expect(() => parsePatchPath('emails[type eqq "work"]')).toThrow("Invalid filter in PATCH path at position 12: unknown operator 'eqq'");
  });
});

describe('printFilter', () => {
  it('prints the canonical form, with parentheses only where needed', () => {
    const text = 'a pr or b pr and (c pr or d pr) and not (e eq "x")';
    expect(printFilter(parseFilter(text))).toBe(text);
    expect(printFilter(parseFilter('((a pr)) AND (b pr)'))).toBe('a pr and b pr');
    expect(printFilter(parseFilter('not(a pr)'))).toBe('not (a pr)');
  });

  it('groups a right-nested operand of the same operator, so it parses back right-nested', () => {
    const a = { kind: 'present', path: { attribute: 'a' } } as const;
    const rightNested: Filter = { kind: 'and', left: a, right: { kind: 'and', left: a, right: a } };
    expect(printFilter(rightNested)).toBe('a pr and (a pr and a pr)');
    expect(parseFilter(printFilter(rightNested))).toEqual(rightNested);
  });

  it('prints values as JSON', () => {
    expect(printFilter({ kind: 'compare', path: { attribute: 'x' }, op: 'eq', value: 'O"Malley\\\n' })).toBe('x eq "O\\"Malley\\\\\\n"');
    expect(printFilter({ kind: 'compare', path: { attribute: 'x' }, op: 'eq', value: -0 })).toBe('x eq -0');
    expect(printFilter({ kind: 'compare', path: { attribute: 'x' }, op: 'gt', value: 1e21 })).toBe('x gt 1e+21');
  });

  it('refuses ASTs that no filter text expresses', () => {
    const inner: Filter = { kind: 'valuePath', path: { attribute: 'b' }, filter: { kind: 'present', path: { attribute: 'c' } } };
    expect(() => printFilter({ kind: 'valuePath', path: { attribute: 'a' }, filter: inner })).toThrow('nested');
    expect(() => printFilter({ kind: 'present', path: { attribute: '$ref' } })).toThrow("'$ref'");
    expect(() => printFilter({ kind: 'present', path: { schema: 'not a uri', attribute: 'a' } })).toThrow('schema URI');
    expect(() => printFilter({ kind: 'compare', path: { attribute: 'a' }, op: 'eq', value: Number.NaN })).toThrow('JSON number');
  });

  it('round-trips every generated filter: parseFilter(printFilter(f)) equals f', () => {
    fc.assert(
      fc.property(filterArbitrary(), (filter) => {
        expect(parseFilter(printFilter(filter))).toStrictEqual(filter);
      }),
      { numRuns: 500 },
    );
  });

  it('prints a fixed point: printing the parse of a printed filter gives the same text', () => {
    fc.assert(
      fc.property(filterArbitrary(), (filter) => {
        const text = printFilter(filter);
        expect(printFilter(parseFilter(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
