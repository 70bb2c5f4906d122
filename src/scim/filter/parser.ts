/**
 * A strict recursive-descent parser for SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2),
 * following the unambiguous grammar of the project's filter notes: exactly one space between tokens
 * where the grammar shows SP, none elsewhere; `not(` and `not (` both accepted (erratum 7319);
 * parentheses but no nested brackets inside `[ ]` (erratum 7322).
 */
import {
  type AttributePath,
  type CompareValue,
  type Filter,
  type PatchPath,
  isAttributeName,
  isCompareOperator,
  isSchemaUri,
} from './ast.js';

/** Operators nest no deeper than this, so that no recursive walk over a parsed filter overflows the stack. */
export const MAX_FILTER_DEPTH = 1000;

/** A filter that does not follow the grammar: a server answers 400 with scimType invalidFilter. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  /** What is wrong, without the position. */
  readonly problem: string;
  /** Offset (0-based, in UTF-16 code units) of the offending character in the text. */
  readonly position: number;

  constructor(problem: string, position: number, subject = 'filter') {
    super(`Invalid ${subject} at position ${position}: ${problem}`);
    this.problem = problem;
    this.position = position;
  }
}

/** A PATCH path whose structure (outside its bracketed filter) is malformed: 400 invalidPath. */
export class PathSyntaxError extends Error {
  override readonly name = 'PathSyntaxError';
  readonly problem: string;
  readonly position: number;

  constructor(problem: string, position: number) {
    super(`Invalid PATCH path at position ${position}: ${problem}`);
    this.problem = problem;
    this.position = position;
  }
}

/**
 * How `and` and `or` group: as RFC 7644 §3.4.2.2 says (`and` binds tighter), or left to right with equal
 * precedence, as a server that ignores the rule reads a filter (the reference server's quirk).
 */
export type LogicalPrecedence = 'rfc' | 'left-to-right';

/** Parses the text of a `filter` parameter; throws FilterSyntaxError naming the problem and its position. */
export function parseFilter(text: string, precedence: LogicalPrecedence = 'rfc'): Filter {
  return new Parser(text, 'filter', precedence).parseWholeFilter();
}

/**
 * Parses a PATCH `path`. Errors in the bracketed filter are FilterSyntaxError (invalidFilter); other
 * errors are PathSyntaxError (invalidPath).
 */
export function parsePatchPath(text: string): PatchPath {
  return new Parser(text, 'path').parseWholePatchPath();
}

type Mode = 'filter' | 'path';

type PunctuationType = '(' | ')' | '[' | ']';

interface TokenPosition {
  /** Offset of the first character of the token. */
  start: number;
  /** Number of spaces immediately before the token. */
  spacesBefore: number;
}

type Token = TokenPosition &
  (
    | { type: 'word'; text: string }
    | { type: 'string'; text: string; value: string }
    | { type: PunctuationType; text: PunctuationType }
    | { type: 'end'; text: '' }
  );

type Fail = (problem: string, position: number, insideBrackets: boolean) => never;

const PUNCTUATION: ReadonlySet<string> = new Set(['(', ')', '[', ']']);
/** Characters that may not stand outside a string: every kind of whitespace but SP, and control characters. */
const FORBIDDEN_OUTSIDE_STRINGS = /[\s\p{Cc}\p{Cf}]/u;
const JSON_ESCAPES = '"\\/bfnrt';
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function describeCharacter(character: string): string {
  const code = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `character U+${code}`;
}

/** Splits filter text into words, JSON strings and brackets, recording the spaces before each. */
function tokenize(text: string, fail: Fail): Token[] {
  const tokens: Token[] = [];
  let bracketDepth = 0;
  let spaces = 0;
  let index = 0;
  while (index < text.length) {
    const character = text.charAt(index);
    const start = index;
    if (character === ' ') {
      spaces += 1;
      index += 1;
      continue;
    }
    if (PUNCTUATION.has(character)) {
      const type = character as PunctuationType;
      if (type === '[') bracketDepth += 1;
      if (type === ']') bracketDepth -= 1;
      tokens.push({ type, text: type, start, spacesBefore: spaces });
      index += 1;
    } else if (character === '"') {
      index = scanString(text, start, (problem, position) => fail(problem, position, bracketDepth > 0));
      const raw = text.slice(start, index);
      tokens.push({ type: 'string', text: raw, value: JSON.parse(raw) as string, start, spacesBefore: spaces });
    } else if (FORBIDDEN_OUTSIDE_STRINGS.test(character)) {
      fail(`unexpected ${describeCharacter(character)}: tokens are separated by single spaces`, start, bracketDepth > 0);
    } else {
      while (
        index < text.length &&
        text.charAt(index) !== ' ' &&
        text.charAt(index) !== '"' &&
        !PUNCTUATION.has(text.charAt(index)) &&
        !FORBIDDEN_OUTSIDE_STRINGS.test(text.charAt(index))
      ) {
        index += 1;
      }
      tokens.push({ type: 'word', text: text.slice(start, index), start, spacesBefore: spaces });
    }
    spaces = 0;
  }
  tokens.push({ type: 'end', text: '', start: text.length, spacesBefore: spaces });
  return tokens;
}

/**
 * Finds the end of the JSON string starting at `start` (a double quote) and returns the offset just
 * after its closing quote. Validates escapes and control characters so that JSON.parse cannot fail.
 */
function scanString(text: string, start: number, fail: (problem: string, position: number) => never): number {
  let index = start + 1;
  for (;;) {
    if (index >= text.length) fail('string is not terminated by a double quote', start);
    const code = text.charCodeAt(index);
    if (code === 0x22) return index + 1;
    if (code < 0x20) fail(`unescaped control ${describeCharacter(text.charAt(index))} in string`, index);
    if (code === 0x5c) {
      const escaped = text.charAt(index + 1);
      if (escaped === '') fail('string is not terminated by a double quote', start);
      if (escaped === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(index + 2, index + 6))) {
          fail('\\u escape in string needs four hexadecimal digits', index);
        }
        index += 6;
        continue;
      }
      if (!JSON_ESCAPES.includes(escaped)) fail(`invalid escape '\\${escaped}' in string`, index);
      index += 2;
      continue;
    }
    index += 1;
  }
}

function describeToken(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the text';
    case 'string':
      return `string ${token.text}`;
    default:
      return `'${token.text}'`;
  }
}

/** When a keyword stands where an attribute path was read, says what the keyword needs. */
function keywordHint(word: string): string {
  const keyword = word.toLowerCase();
  if (keyword === 'not') return "; 'not' must be followed by a filter in parentheses: not (…)";
  if (keyword === 'and' || keyword === 'or') return `; '${word}' needs an expression on each side`;
  return '';
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.type === 'word' && token.text.toLowerCase() === keyword;
}

/** A parsed sub-filter and the depth of its operator tree. */
interface Parsed {
  filter: Filter;
  depth: number;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  /** Brackets currently open, to tell a PATCH path's filter errors from its structural ones. */
  private bracketDepth = 0;

  constructor(
    text: string,
    private readonly mode: Mode,
    private readonly precedence: LogicalPrecedence = 'rfc',
  ) {
    this.tokens = tokenize(text, (problem, position, insideBrackets) => this.raise(problem, position, insideBrackets));
  }

  parseWholeFilter(): Filter {
    this.expectNonEmpty('filter');
    const { filter } = this.parseOr(false, 0);
    const end = this.peek();
    if (end.type === ')') this.fail("')' without a matching '('", end.start);
    if (end.type !== 'end') this.fail(`expected 'and', 'or' or the end of the filter, found ${describeToken(end)}`, end.start);
    this.expectNoSpace(end, 'at the end of the filter');
    return filter;
  }

  parseWholePatchPath(): PatchPath {
    this.expectNonEmpty('path');
    const path = this.parsePathWord();
    const result = this.peek().type === '[' ? this.parseValuePathTail(path) : { kind: 'attribute' as const, path };
    const end = this.peek();
    if (end.type !== 'end') {
      this.fail(
        `unexpected ${describeToken(end)} after the path: a PATCH path is an attribute path or a value path, not a filter`,
        end.start,
      );
    }
    this.expectNoSpace(end, 'at the end of the path');
    return result;
  }

  /** The `[filter]` and optional `.subAttribute` of a PATCH value path. */
  private parseValuePathTail(path: AttributePath): PatchPath {
    const open = this.peek();
    this.rejectArrayIndex(open);
    const { filter } = this.parseBracketBody(open, 0);
    const sub = this.peek();
    if (sub.type !== 'word' || sub.spacesBefore > 0 || !sub.text.startsWith('.')) return { kind: 'valuePath', path, filter };
    this.next();
    const subAttribute = sub.text.slice(1);
    this.checkAttributeName(subAttribute, sub.start + 1);
    return { kind: 'valuePath', path, filter, subAttribute };
  }

  private parsePathWord(): AttributePath {
    const token = this.next();
    if (token.type !== 'word') this.fail(`expected an attribute path, found ${describeToken(token)}`, token.start);
    return this.readAttributePath(token.text, token.start);
  }

  /** `emails[0]`: array indexes are JSON-Pointer habits, not SCIM paths. */
  private rejectArrayIndex(open: Token): void {
    const inside = this.peek(1);
    if (inside.type === 'word' && /^[0-9]+$/.test(inside.text) && this.peek(2).type === ']') {
      this.fail(`array index '[${inside.text}]' is not a SCIM path; select values with a filter instead`, open.start);
    }
  }

  private expectNonEmpty(subject: string): void {
    const first = this.peek();
    if (first.type === 'end') {
      this.fail(first.spacesBefore > 0 ? `${subject} contains only spaces` : `${subject} is empty`, 0);
    }
    this.expectNoSpace(first, `at the start of the ${subject}`);
  }

  private parseOr(insideBrackets: boolean, nesting: number): Parsed {
    if (this.precedence === 'left-to-right') {
      let left = this.parseUnary(insideBrackets, nesting);
      for (let next = this.peek(); isKeyword(next, 'and') || isKeyword(next, 'or'); next = this.peek()) {
        left = this.combine(isKeyword(next, 'and') ? 'and' : 'or', left, () => this.parseUnary(insideBrackets, nesting));
      }
      return left;
    }
    let left = this.parseAnd(insideBrackets, nesting);
    while (isKeyword(this.peek(), 'or')) {
      left = this.combine('or', left, () => this.parseAnd(insideBrackets, nesting));
    }
    return left;
  }

  private parseAnd(insideBrackets: boolean, nesting: number): Parsed {
    let left = this.parseUnary(insideBrackets, nesting);
    while (isKeyword(this.peek(), 'and')) {
      left = this.combine('and', left, () => this.parseUnary(insideBrackets, nesting));
    }
    return left;
  }

  private combine(kind: 'and' | 'or', left: Parsed, parseRight: () => Parsed): Parsed {
    const keyword = this.next();
    this.expectOneSpace(keyword, `'${keyword.text}'`);
    if (this.peek().type === 'end') this.fail(`expected an expression after '${keyword.text}'`, this.peek().start);
    this.expectOneSpace(this.peek(), `the expression after '${keyword.text}'`);
    const right = parseRight();
    return this.node({ kind, left: left.filter, right: right.filter }, Math.max(left.depth, right.depth), keyword.start);
  }

  private node(filter: Filter, childDepth: number, position: number): Parsed {
    const depth = childDepth + 1;
    if (depth > MAX_FILTER_DEPTH) this.fail(`operators nest more than ${MAX_FILTER_DEPTH} levels deep`, position);
    return { filter, depth };
  }

  /** NotExp / ValNot of the grammar: `not (…)`, `(…)`, a value path or an attribute expression. */
  private parseUnary(insideBrackets: boolean, nesting: number): Parsed {
    const token = this.peek();
    if (isKeyword(token, 'not') && this.peek(1).type === '(') {
      this.next();
      const open = this.next();
      if (open.spacesBefore > 1) {
        this.fail(`expected at most one space between 'not' and '(', found ${open.spacesBefore}`, open.start - open.spacesBefore + 1);
      }
      const inner = this.parseGroupBody(open, insideBrackets, nesting);
      return this.node({ kind: 'not', filter: inner.filter }, inner.depth, token.start);
    }
    if (token.type === '(') {
      this.next();
      return this.parseGroupBody(token, insideBrackets, nesting);
    }
    if (token.type === 'word') return this.parseAttributeExpression(insideBrackets, nesting);
    if (token.type === ')' && this.tokens[this.index - 1]?.type === '(') this.fail("empty parentheses '()'", token.start);
    if (token.type === ']' && this.tokens[this.index - 1]?.type === '[') this.fail("empty brackets '[]'", token.start);
    this.fail(`expected an attribute path, '(' or 'not (', found ${describeToken(token)}`, token.start);
  }

  private parseGroupBody(open: Token, insideBrackets: boolean, nesting: number): Parsed {
    return this.parseEnclosed(open, '(', ')', insideBrackets, nesting);
  }

  private parseBracketBody(open: Token, nesting: number): Parsed {
    this.next();
    this.bracketDepth += 1;
    const inner = this.parseEnclosed(open, '[', ']', true, nesting);
    this.bracketDepth -= 1;
    return inner;
  }

  /** The filter between an opening delimiter (already consumed) and its closing one, which it consumes. */
  private parseEnclosed(open: Token, opener: '(' | '[', closer: ')' | ']', insideBrackets: boolean, nesting: number): Parsed {
    this.checkNesting(nesting, open.start);
    this.expectNoSpace(this.peek(), `after '${opener}'`);
    const inner = this.parseOr(insideBrackets, nesting + 1);
    const close = this.peek();
    if (close.type !== closer) {
      this.fail(
        close.type === 'end'
          ? `missing '${closer}' to close the '${opener}' at position ${open.start}`
          : `expected 'and', 'or' or '${closer}', found ${describeToken(close)}`,
        close.start,
      );
    }
    this.expectNoSpace(close, `before '${closer}'`);
    this.next();
    return inner;
  }

  private checkNesting(nesting: number, position: number): void {
    if (nesting + 1 > MAX_FILTER_DEPTH) this.fail(`groups nest more than ${MAX_FILTER_DEPTH} levels deep`, position);
  }

  /** AttrExp or ValuePath: starts with the attribute path word at the current token. */
  private parseAttributeExpression(insideBrackets: boolean, nesting: number): Parsed {
    const pathToken = this.next();
    const path = this.readAttributePath(pathToken.text, pathToken.start);
    const following = this.peek();

    if (following.type === '[') {
      if (insideBrackets) {
        this.fail('value filters cannot be nested: brackets inside brackets are not allowed', following.start);
      }
      this.expectNoSpace(following, "before '['");
      const inner = this.parseBracketBody(following, nesting);
      const after = this.peek();
      if (after.type === 'word' && after.spacesBefore === 0 && after.text.startsWith('.')) {
        this.fail(
          `'${after.text}' after ']' selects a sub-attribute, which only a PATCH path may do, not a filter`,
          after.start,
        );
      }
      return this.node({ kind: 'valuePath', path, filter: inner.filter }, inner.depth, pathToken.start);
    }

    const hint = keywordHint(pathToken.text);
    if (following.type !== 'word') {
      this.fail(
        `expected an operator after '${pathToken.text}', found ${describeToken(following)}${hint}`,
        following.start,
      );
    }
    const operator = following.text.toLowerCase();
    if (operator !== 'pr' && !isCompareOperator(operator)) {
      this.fail(`unknown operator '${following.text}'${hint}`, following.start);
    }
    this.expectOneSpace(following, `operator '${following.text}'`);
    this.next();
    if (operator === 'pr') return { filter: { kind: 'present', path }, depth: 1 };

    const valueToken = this.peek();
    if (valueToken.type === 'end') this.fail(`expected a value after '${following.text}'`, valueToken.start);
    this.expectOneSpace(valueToken, `the value after '${following.text}'`);
    this.next();
    return { filter: { kind: 'compare', path, op: operator, value: this.parseValue(valueToken) }, depth: 1 };
  }

  /** compValue: a JSON string, number, true, false or null (RFC 7159 rules, so literals are lowercase). */
  private parseValue(token: Token): CompareValue {
    if (token.type === 'string') return token.value;
    if (token.type !== 'word') this.fail(`expected a value, found ${describeToken(token)}`, token.start);
    const { text } = token;
    if (text === 'true') return true;
    if (text === 'false') return false;
    if (text === 'null') return null;
    if (['true', 'false', 'null'].includes(text.toLowerCase())) {
      this.fail(`'${text}' is not a JSON literal: true, false and null are lowercase`, token.start);
    }
    if (JSON_NUMBER.test(text)) {
      const value = Number(text);
      if (!Number.isFinite(value)) this.fail(`number ${text} is out of range`, token.start);
      return value;
    }
    if (/^[-+.0-9]/.test(text)) this.fail(`'${text}' is not a JSON number`, token.start);
    if (text.startsWith("'")) this.fail(`single-quoted value ${text}: strings must be double-quoted`, token.start);
    this.fail(`unquoted value '${text}': strings must be double-quoted`, token.start);
  }

  /** AttrPath: `(URI ":")? ATTRNAME ("." ATTRNAME)?`, the URI being split off at the last colon. */
  private readAttributePath(text: string, start: number): AttributePath {
    const colon = text.lastIndexOf(':');
    const path: AttributePath = { attribute: '' };
    let rest = text;
    let restStart = start;
    if (colon >= 0) {
      const schema = text.slice(0, colon);
      if (!isSchemaUri(schema)) this.fail(`'${schema}' is not a schema URI`, start);
      path.schema = schema;
      rest = text.slice(colon + 1);
      restStart = start + colon + 1;
      if (rest === '') this.fail(`missing attribute name after schema URI '${schema}'`, restStart);
    }
    const names = rest.split('.');
    let nameStart = restStart;
    for (const name of names) {
      this.checkAttributeName(name, nameStart);
      nameStart += name.length + 1;
    }
    const [attribute = '', subAttribute, extra] = names;
    if (extra !== undefined) {
      const secondDot = restStart + names.slice(0, 2).join('.').length;
      this.fail(`attribute path '${text}' has more than one sub-attribute level`, secondDot);
    }
    path.attribute = attribute;
    if (subAttribute !== undefined) path.subAttribute = subAttribute;
    return path;
  }

  private checkAttributeName(name: string, position: number): void {
    if (name === '') this.fail('missing attribute name', position);
    if (!isAttributeName(name)) {
      this.fail(
        `'${name}' is not an attribute name: names start with a letter and contain only letters, digits, '-' and '_'`,
        position,
      );
    }
  }

  private expectOneSpace(token: Token, before: string): void {
    if (token.spacesBefore === 1) return;
    if (token.spacesBefore === 0) this.fail(`expected a space before ${before}`, token.start);
    this.fail(
      `expected exactly one space before ${before}, found ${token.spacesBefore}`,
      token.start - token.spacesBefore + 1,
    );
  }

  private expectNoSpace(token: Token, where: string): void {
    if (token.spacesBefore > 0) this.fail(`unexpected space ${where}`, token.start - token.spacesBefore);
  }

  private peek(offset = 0): Token {
    const last = this.tokens.length - 1;
    // tokenize always ends the list with an 'end' token, so the list is never empty.
    return this.tokens[Math.min(this.index + offset, last)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private fail(problem: string, position: number): never {
    this.raise(problem, position, this.bracketDepth > 0);
  }

  private raise(problem: string, position: number, insideBrackets: boolean): never {
    if (this.mode === 'filter') throw new FilterSyntaxError(problem, position);
    if (insideBrackets) throw new FilterSyntaxError(problem, position, 'filter in PATCH path');
    throw new PathSyntaxError(problem, position);
  }
}
