/**
 * A small, strict XML 1.0 reader for the tests: it rejects what a conforming parser rejects among
 * the constructs a report can contain (unbalanced or mis-nested tags, unquoted or repeated
 * attributes, `<` or a bare `&` in text or attribute values, unknown entities, character references
 * to forbidden characters, `]]>` in text, forbidden characters anywhere, content after the root) and
 * returns the element tree so that tests can read what a JUnit consumer would read. DTDs are refused.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  constructor(message: string, source: string, offset: number) {
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'XmlSyntaxError';
  }
}

const FORBIDDEN_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /[A-Za-z_:\u00C0-\uFFFD][A-Za-z0-9._:\-\u00B7\u00C0-\uFFFD]*/y;
const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

class Reader {
  private position = 0;

  constructor(private readonly source: string) {}

  fail(message: string, at = this.position): never {
    throw new XmlSyntaxError(message, this.source, at);
  }

  private startsWith(text: string): boolean {
    return this.source.startsWith(text, this.position);
  }

  private expect(text: string): void {
    if (!this.startsWith(text)) this.fail(`expected ${JSON.stringify(text)}`);
    this.position += text.length;
  }

  private skipWhitespace(): boolean {
    const start = this.position;
    while (this.position < this.source.length && ' \t\r\n'.includes(this.source[this.position] ?? '')) this.position += 1;
    return this.position > start;
  }

  private readName(): string {
    NAME.lastIndex = this.position;
    const match = NAME.exec(this.source);
    if (match === null) this.fail('expected a name');
    this.position += match[0].length;
    return match[0];
  }

  /** Reads up to (not including) the terminator and steps past it. */
  private readUntil(terminator: string, what: string): string {
    const end = this.source.indexOf(terminator, this.position);
    if (end === -1) this.fail(`unterminated ${what}`);
    const text = this.source.slice(this.position, end);
    this.position = end + terminator.length;
    return text;
  }

  private readReference(): string {
    const start = this.position;
    this.expect('&');
    const end = this.source.indexOf(';', this.position);
    if (end === -1) this.fail('unterminated entity reference', start);
    const body = this.source.slice(this.position, end);
    this.position = end + 1;
    const numeric = /^#(?:([0-9]+)|x([0-9a-fA-F]+))$/.exec(body);
    if (numeric !== null) {
      const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 10) : Number.parseInt(numeric[2] ?? '', 16);
      if (!isXmlChar(code)) this.fail(`character reference to a forbidden character &${body};`, start);
      return String.fromCodePoint(code);
    }
    const entity = PREDEFINED_ENTITIES[body];
    if (entity === undefined) this.fail(`unknown entity &${body};`, start);
    return entity;
  }

  private readComment(): void {
    this.expect('<!--');
    const text = this.readUntil('-->', 'comment');
    if (text.includes('--') || text.endsWith('-')) this.fail('"--" inside a comment');
  }

  private readProcessingInstruction(): void {
    this.expect('<?');
    const target = this.readName();
    if (target.toLowerCase() === 'xml') this.fail('XML declaration not at the start of the document');
    this.readUntil('?>', 'processing instruction');
  }

  private readAttributeValue(): string {
    const quote = this.source[this.position];
    if (quote !== '"' && quote !== "'") this.fail('attribute value not quoted');
    this.position += 1;
    let value = '';
    for (;;) {
      const char = this.source[this.position];
      if (char === undefined) this.fail('unterminated attribute value');
      if (char === quote) break;
      if (char === '<') this.fail('"<" in an attribute value');
      if (char === '&') {
        value += this.readReference();
        continue;
      }
      // A parser normalises literal whitespace in attribute values to spaces (XML 1.0 §3.3.3).
      value += '\t\n\r'.includes(char) ? ' ' : char;
      this.position += 1;
    }
    this.position += 1;
    return value;
  }

  private readElement(): XmlElement {
    const start = this.position;
    this.expect('<');
    const name = this.readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = this.skipWhitespace();
      if (this.startsWith('/>')) {
        this.position += 2;
        return { name, attributes, children: [] };
      }
      if (this.startsWith('>')) {
        this.position += 1;
        break;
      }
      if (!spaced) this.fail('expected whitespace before an attribute');
      const attributeStart = this.position;
      const attribute = this.readName();
      this.skipWhitespace();
      this.expect('=');
      this.skipWhitespace();
      if (Object.hasOwn(attributes, attribute)) this.fail(`repeated attribute ${attribute}`, attributeStart);
      attributes[attribute] = this.readAttributeValue();
    }
    const children = this.readContent();
    const closeStart = this.position;
    this.expect('</');
    const closing = this.readName();
    if (closing !== name) this.fail(`</${closing}> closes <${name}> opened at offset ${start}`, closeStart);
    this.skipWhitespace();
    this.expect('>');
    return { name, attributes, children };
  }

  private readContent(): XmlNode[] {
    const children: XmlNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') children.push(text);
      text = '';
    };
    for (;;) {
      if (this.position >= this.source.length) this.fail('unexpected end of document inside an element');
      if (this.startsWith('</')) break;
      if (this.startsWith('<![CDATA[')) {
        this.position += '<![CDATA['.length;
        text += this.readUntil(']]>', 'CDATA section');
      } else if (this.startsWith('<!--')) {
        this.readComment();
      } else if (this.startsWith('<?')) {
        this.readProcessingInstruction();
      } else if (this.startsWith('<')) {
        flush();
        children.push(this.readElement());
      } else if (this.startsWith('&')) {
        text += this.readReference();
      } else if (this.startsWith(']]>')) {
        this.fail('"]]>" in text');
      } else {
        text += this.source[this.position] ?? '';
        this.position += 1;
      }
    }
    flush();
    return children;
  }

  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith('<!--')) this.readComment();
      else if (this.startsWith('<?')) this.readProcessingInstruction();
      else return;
    }
  }

  readDocument(): XmlElement {
    const forbidden = FORBIDDEN_CHAR.exec(this.source);
    if (forbidden !== null) {
      const code = forbidden[0].codePointAt(0) ?? 0;
      this.fail(`forbidden character U+${code.toString(16).toUpperCase().padStart(4, '0')}`, forbidden.index);
    }
    if (this.startsWith('<?xml')) {
      const declaration = this.readUntil('?>', 'XML declaration');
      if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(declaration)) {
        this.fail('malformed XML declaration', 0);
      }
    }
    this.skipMisc();
    if (this.startsWith('<!DOCTYPE')) this.fail('DOCTYPE is not accepted here');
    if (!this.startsWith('<')) this.fail('expected the root element');
    const root = this.readElement();
    this.skipMisc();
    if (this.position < this.source.length) this.fail('content after the root element');
    return root;
  }
}

/** Parses a whole document; throws XmlSyntaxError on the first well-formedness error. */
export function parseXml(source: string): XmlElement {
  return new Reader(source).readDocument();
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string' && (name === undefined || child.name === name));
}

/** Every element of that name below element, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of childElements(element)) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

export function textContent(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textContent(child))).join('');
}
