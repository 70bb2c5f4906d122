/** Comparison of attribute values as RFC 7644 §3.4.2.2 and §7.8 define it: strings and dateTimes. */

/**
 * The form in which two strings are compared: NFC-normalised (RFC 7644 §7.8, PRECIS), and lower-cased
 * unless the attribute is caseExact.
 */
export function prepareString(text: string, caseExact: boolean): string {
  return (caseExact ? text : text.toLowerCase()).normalize('NFC');
}

/** Orders strings by Unicode code point, with no locale: negative, zero or positive. */
export function compareCodePoints(left: string, right: string): number {
  const leftPoints = left[Symbol.iterator]();
  const rightPoints = right[Symbol.iterator]();
  for (;;) {
    const leftNext = leftPoints.next();
    const rightNext = rightPoints.next();
    if (leftNext.done === true) return rightNext.done === true ? 0 : -1;
    if (rightNext.done === true) return 1;
    const difference = (leftNext.value.codePointAt(0) ?? 0) - (rightNext.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
}

/** A point in time with the exact fractional seconds an xsd:dateTime carries. */
export interface Instant {
  /** Whole seconds since 1970-01-01T00:00:00Z. */
  epochSeconds: number;
  /** Fractional-second digits without trailing zeros ("" for none). */
  fraction: string;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads an xsd:dateTime (RFC 7643 §2.3.5): date and time are both required; a missing offset is read
 * as UTC. Undefined for anything else, including impossible dates such as February 30.
 */
export function parseDateTime(text: string): Instant | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, year = '', month = '', day = '', hour = '', minute = '', second = '', fraction = '', offset = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const offsetHours = Number(offset.slice(1, 3));
    const offsetRest = Number(offset.slice(4, 6));
    if (offsetHours > 14 || offsetRest > 59) return undefined;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto the 1900s.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return { epochSeconds: date.getTime() / 1000 - offsetMinutes * 60, fraction: fraction.replace(/0+$/, '') };
}

export function compareInstants(left: Instant, right: Instant): number {
  if (left.epochSeconds !== right.epochSeconds) return left.epochSeconds - right.epochSeconds;
  const width = Math.max(left.fraction.length, right.fraction.length);
  const leftFraction = left.fraction.padEnd(width, '0');
  const rightFraction = right.fraction.padEnd(width, '0');
  if (leftFraction === rightFraction) return 0;
  return leftFraction < rightFraction ? -1 : 1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
