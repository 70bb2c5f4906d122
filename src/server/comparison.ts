/**
 * How the server compares values: filters, sorting and uniqueness all go through here. It is kept apart
 * from the harness's oracle (src/scim/filter/values.ts) on purpose, so the two can disagree and a
 * differential test can catch either one.
 */

// Fullwidth and halfwidth forms, which PRECIS maps to their ordinary counterparts (RFC 8265 §3.4.1).
const WIDTH_FORMS = /[\uFF01-\uFFEE]/g;

/**
 * Prepared strings by their text: a filter compares the same attribute values of every resource on each
 * query. Bounded, so a stream of distinct values cannot grow it without end.
 */
const MAX_PREPARED_STRINGS = 100_000;
const preparedCaseExact = new Map<string, string>();
const preparedCaseIgnored = new Map<string, string>();

/**
 * Prepares a string for comparison: width-mapped and NFC-normalised as PRECIS asks (RFC 7644 §5, §7.8),
 * and lower-cased unless the attribute is case-exact.
 */
export function prepareString(text: string, caseExact: boolean): string {
  const prepared = caseExact ? preparedCaseExact : preparedCaseIgnored;
  let result = prepared.get(text);
  if (result === undefined) {
    result = caseExact ? text.normalize('NFC') : text.replace(WIDTH_FORMS, (c) => c.normalize('NFKC')).toLowerCase().normalize('NFC');
    if (prepared.size >= MAX_PREPARED_STRINGS) prepared.clear();
    prepared.set(text, result);
  }
  return result;
}

/** Orders strings by Unicode code point, not by UTF-16 code unit and not by locale. */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done === true) return y.done === true ? 0 : -1;
    if (y.done === true) return 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
}

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Milliseconds since the epoch of an xsd:dateTime (RFC 7643 §2.3.5); undefined when the text is not
 * one. A value without a zone is taken as UTC.
 */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const numbers = [year, month, day, hour, minute, second].map(Number);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = numbers;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 24 || mi > 59 || s > 59) return undefined;
  if (h === 24 && (mi !== 0 || s !== 0 || (fraction !== undefined && Number(fraction) !== 0))) return undefined;
  const base = new Date(0);
  base.setUTCFullYear(y, mo - 1, d);
  base.setUTCHours(h, mi, s, 0);
  let millis = base.getTime() + (fraction === undefined ? 0 : Number(fraction) * 1000);
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMinutes = Number(zone.slice(4, 6));
    if (offsetHours > 14 || offsetMinutes > 59) return undefined;
    millis -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return millis;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

// The characters RFC 3986 allows in a URI reference, a percent sign only before two hex digits.
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/** Whether a reference value (RFC 7643 §2.3.7) is written as a URI can be: a malformed one is refused. */
export function isUriReference(text: string): boolean {
  return URI_REFERENCE.test(text);
}
