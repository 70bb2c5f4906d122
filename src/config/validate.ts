/**
 * Validation of single setting values, shared by the config file, the environment and the flags so
 * that a value means the same and fails the same way wherever it comes from. Errors name the setting,
 * never echo a secret, and say what a valid value looks like.
 */
import { ConfigError } from './errors.js';
import { closestName } from './suggest.js';

/** Where a value came from: a config file key (`target.url`), an environment variable or a flag. */
export interface Origin {
  kind: 'file' | 'env' | 'flag';
  /** `target.url`, `SCIMPROBE_URL` or `--url`. */
  key: string;
}

/** The origin as the subject of an error message: file keys are marked as such. */
export function subject(origin: Origin): string {
  return origin.kind === 'file' ? `config: ${origin.key}` : origin.key;
}

/** The origin named in the middle of a sentence. */
export function mention(origin: Origin): string {
  return origin.kind === 'file' ? `${origin.key} in the config file` : origin.key;
}

export function settingError(origin: Origin, problem: string): ConfigError {
  return new ConfigError(`${subject(origin)} ${problem}`);
}

export interface IntegerRange {
  min: number;
  max: number;
}

/** Bounds of the integer settings; fixtures/config.schema.json states the same bounds for editors. */
export const LIMITS = {
  // Node timers overflow above 2^31-1 ms and fire at once.
  timeoutMs: { min: 1, max: 2_147_483_647 },
  maxRetries: { min: 0, max: 10 },
  maxResults: { min: 1, max: 2_147_483_647 },
  seed: { min: 0, max: 4_294_967_295 },
  numRuns: { min: 1, max: 100_000 },
  port: { min: 0, max: 65_535 },
  concurrency: { min: 1, max: 1000 },
  payloadBytes: { min: 1, max: 1_073_741_824 },
  rateLimitRequests: { min: 1, max: 1_000 },
  rateLimit: { min: 1, max: 1_000_000 },
  createdForPaging: { min: 0, max: 10_000 },
} as const satisfies Record<string, IntegerRange>;

/** Requests per second: fractions allowed, so a very slow target can get one request every few seconds. */
export const RATE_LIMITS = { min: 0.01, max: 10_000 } as const;

export const DEFAULTS = {
  timeoutMs: 10_000,
  maxRetries: 2,
  numRuns: 100,
  reportDir: 'reports',
  maxProbeBytes: 2_097_152,
  rateLimitRequests: 100,
  // Above the embedded reference server's filter.maxResults, so that it is checked by default.
  maxCreatedForPaging: 250,
  emailDomain: 'example.com',
} as const;

const MAX_SHOWN_LENGTH = 80;

/** A non-secret value as shown in an error message: strings quoted, long ones cut. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > MAX_SHOWN_LENGTH ? `${value.slice(0, MAX_SHOWN_LENGTH)}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** What kind of value it is, for secrets whose content must not be shown. */
export function showKind(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

export function integerRangeProblem(range: IntegerRange, shown: string): string {
  return `must be an integer from ${range.min} to ${range.max}, got ${shown}`;
}

export function checkIntegerInRange(value: number, origin: Origin, range: IntegerRange): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw settingError(origin, integerRangeProblem(range, showValue(value)));
  }
  return value;
}

/** An integer given as text (a flag value): digits only, no sign, fraction or exponent. */
export function parseIntegerText(raw: string, origin: Origin, range: IntegerRange): number {
  if (!/^\d+$/.test(raw)) throw settingError(origin, integerRangeProblem(range, showValue(raw)));
  return checkIntegerInRange(Number(raw), origin, range);
}

/** `--rate N`: a decimal number, no sign or exponent, within RATE_LIMITS. */
export function parseRateText(raw: string, origin: Origin): number {
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= RATE_LIMITS.min && value <= RATE_LIMITS.max)) {
    throw settingError(origin, `must be a number of requests per second from ${RATE_LIMITS.min} to ${RATE_LIMITS.max}, got ${showValue(raw)}`);
  }
  return value;
}

/** The base URL of the target: absolute http(s), no credentials, query or fragment, no trailing slash. */
export function validateUrl(raw: string, origin: Origin): string {
  const hint = raw.includes('://') || raw === '' ? '' : ` (include the scheme, e.g. "http://${raw}")`;
  // A URL that fails to parse might still carry user:password@; then it is not repeated.
  const shown = raw.includes('@') ? 'a value that is not one' : showValue(raw);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw settingError(origin, `must be an absolute http(s) URL, got ${shown}${hint}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw settingError(origin, `must be an absolute http(s) URL, got ${shown}${hint}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw settingError(origin, 'must not contain a user name or password: give credentials as a token or as basic auth');
  }
  if (parsed.search !== '' || parsed.hash !== '' || raw.includes('?') || raw.includes('#')) {
    throw settingError(origin, 'must not have a query (?…) or fragment (#…): resource paths are appended to it');
  }
  return parsed.href.replace(/\/+$/, '');
}

// Characters an HTTP header value can carry (RFC 9110 field-value: HTAB, SP, VCHAR, obs-text).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CONTROL_CHARACTER = /[\x00-\x1f\x7f]/;

export function validateToken(raw: string, origin: Origin): string {
  if (raw === '') throw settingError(origin, 'must not be empty');
  if (raw.trim() !== raw) throw settingError(origin, 'has leading or trailing whitespace: remove it');
  if (!HEADER_VALUE.test(raw)) {
    throw settingError(origin, 'contains a character that cannot be sent in an HTTP header (a line break or other control character)');
  }
  return raw;
}

export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * Basic credentials. The pair is base64-encoded, so any text goes except control characters, and a
 * colon in the user name (RFC 7617: the first colon separates the two).
 */
export function validateBasic(credentials: BasicCredentials, usernameOrigin: Origin, passwordOrigin: Origin): BasicCredentials {
  if (credentials.username.includes(':')) throw settingError(usernameOrigin, 'must not contain ":" (RFC 7617)');
  if (CONTROL_CHARACTER.test(credentials.username)) throw settingError(usernameOrigin, 'contains a control character');
  if (CONTROL_CHARACTER.test(credentials.password)) throw settingError(passwordOrigin, 'contains a control character');
  if (credentials.username === '' && credentials.password === '') {
    throw settingError(usernameOrigin, 'and the password are both empty: give at least one');
  }
  return credentials;
}

/**
 * The query parameters of RFC 7644 §3.4.2 and §3.9: the checks set them to test them, so configuring
 * one for every request would change what each check tests.
 */
const HARNESS_QUERY_PARAMETERS = ['filter', 'sortBy', 'sortOrder', 'startIndex', 'count', 'attributes', 'excludedAttributes'];

/** One vendor query parameter sent with every GET of a resource endpoint. */
export function validateQueryParameter(name: string, origin: Origin): string {
  if (name.trim() === '') throw settingError(origin, 'has an empty parameter name: give each parameter a name');
  if (name.trim() !== name) throw settingError(origin, `has a parameter name with leading or trailing whitespace, ${showValue(name)}: remove it`);
  const reserved = HARNESS_QUERY_PARAMETERS.find((parameter) => parameter.toLowerCase() === name.toLowerCase());
  if (reserved !== undefined) {
    throw settingError(origin, `cannot set ${name}: the checks set ${reserved} themselves to test it (RFC 7644 §3.4.2); remove it`);
  }
  return name;
}

/** `--basic USER:PASS`, split at the first colon. */
export function parseBasicPair(raw: string, origin: Origin): BasicCredentials {
  const colon = raw.indexOf(':');
  if (colon < 0) throw settingError(origin, 'must have the form USER:PASS');
  const credentials = { username: raw.slice(0, colon), password: raw.slice(colon + 1) };
  if (credentials.username === '' && credentials.password === '') {
    throw settingError(origin, 'must have the form USER:PASS, with a user name, a password or both');
  }
  return validateBasic(credentials, origin, origin);
}

// RFC 9110 token: the characters a field name may hold.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_NAME_RULE = "letters, digits and !#$%&'*+-.^_`|~";

/** Headers every request gets from the HTTP client or from the check itself; configuring them would change what is tested. */
const RESERVED_HEADERS = new Set([
  'accept', 'connection', 'content-length', 'content-type', 'expect', 'host', 'keep-alive', 'transfer-encoding', 'upgrade',
]);

/** One extra request header. `showName`: false when the name may be a mistyped secret (a flag without its colon). */
export function validateHeader(name: string, value: string, origin: Origin, showName: boolean): [string, string] {
  if (!HEADER_NAME.test(name)) {
    const problem = showName ? `has an invalid header name ${showValue(name)}` : 'needs a valid header name before the colon';
    throw settingError(origin, `${problem}: use ${HEADER_NAME_RULE}`);
  }
  if (RESERVED_HEADERS.has(name.toLowerCase())) {
    throw settingError(origin, `cannot set ${name}: the harness sets it for each request`);
  }
  if (!HEADER_VALUE.test(value)) {
    throw settingError(origin, `has a value for ${name} with a character that cannot be sent in an HTTP header (a line break or other control character)`);
  }
  return [name, value];
}

/** `--header 'Name: value'`, split at the first colon; whitespace around name and value is dropped. */
export function parseHeaderLine(raw: string, origin: Origin): [string, string] {
  const colon = raw.indexOf(':');
  if (colon < 0) throw settingError(origin, "must have the form 'Name: value'");
  return validateHeader(raw.slice(0, colon).trim(), raw.slice(colon + 1).trim(), origin, false);
}

export function validateGrep(raw: string, origin: Origin): string {
  if (raw === '') throw settingError(origin, 'must not be empty');
  try {
    new RegExp(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw settingError(origin, `is not a valid regular expression: ${reason}`);
  }
  return raw;
}

/**
 * Suite selectors: each entry may hold a comma-separated list; every name must be a known area or
 * suite. Duplicates are dropped, order is kept.
 */
export function validateSuites(entries: readonly string[], origin: Origin, known: readonly string[]): string[] {
  const names = entries.flatMap((entry) => entry.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw settingError(origin, 'must name at least one area or suite');
  for (const name of names) {
    if (!known.includes(name)) {
      const suggestion = closestName(name, known);
      const didYouMean = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
      throw settingError(origin, `names an unknown area or suite ${showValue(name)}${didYouMean}; known: ${known.join(', ')}`);
    }
  }
  return [...new Set(names)];
}

export function validateReportDir(raw: string, origin: Origin): string {
  if (raw === '') throw settingError(origin, 'must not be empty');
  return raw;
}
