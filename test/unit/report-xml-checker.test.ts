import { describe, expect, it } from 'vitest';
import { descendants, parseXml, textContent, XmlSyntaxError } from '../support/xml.js';

describe('the strict XML reader used by the report tests', () => {
  it('reads elements, attributes, references and CDATA', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x="1 &amp; &#x41;&#66;"><b y=\'q&quot;\'/>t&lt;<![CDATA[<raw>&]]></a>\n',
    );
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1 & AB' });
    expect(descendants(root, 'b')[0]?.attributes).toEqual({ y: 'q"' });
    expect(textContent(root)).toBe('t<<raw>&');
  });

  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['mis-nested elements', '<a><b></a></b>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a repeated attribute', '<a x="1" x="2"/>'],
    ['attributes without whitespace between them', '<a x="1"y="2"/>'],
    ['"<" in an attribute value', '<a x="<"/>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a reference to a forbidden character', '<a>&#0;</a>'],
    ['"]]>" in text', '<a>x]]>y</a>'],
    ['a NUL character', '<a>\u0000</a>'],
    ['an unpaired surrogate', '<a>\uD800</a>'],
    ['a second root element', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['an unterminated CDATA section', '<a><![CDATA[x</a>'],
    ['"--" in a comment', '<a><!-- x -- y --></a>'],
    ['a declaration that is not first', ' <?xml version="1.0"?><a/>'],
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
  ])('rejects %s', (_, source) => {
    expect(() => parseXml(source)).toThrow(XmlSyntaxError);
  });

  it('accepts characters outside the BMP written as surrogate pairs', () => {
    expect(textContent(parseXml('<a>🧪</a>'))).toBe('🧪');
  });
});
