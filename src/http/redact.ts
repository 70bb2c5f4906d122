import type { TargetConfig } from '../config/types.js';
import { getMember, parseJson, type JsonObject, type JsonValue } from '../scim/json.js';
import type { Exchange } from './exchange.js';

/** What a secret is replaced with in recorded exchanges. */
export const REDACTED = '[redacted]';

/** Headers that carry credentials whatever the target. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/** JSON attributes whose values are secrets, matched anywhere in the name and in any case. */
const SECRET_ATTRIBUTE = /pass(word)?|secret|token|credential/i;

/**
 * Shorter secrets are not searched for in free text: a one- or two-character header value would
 * otherwise strip every matching character from URLs and bodies and leave no evidence. They are
 * still redacted where they are known to be, as the values of the target's headers.
 */
const MIN_FREE_TEXT_SECRET_LENGTH = 4;

export interface RedactorOptions {
  /** Headers whose values are always redacted, besides the credential headers (any case). */
  headerNames?: string[];
}

/** Removes credentials from exchanges before they are stored, so that reports can be shared. */
export class Redactor {
  #secretPattern: RegExp | undefined;
  readonly #secrets: string[];
  readonly #redactedHeaders: ReadonlySet<string>;

  /** secrets: every credential value in play, replaced wherever it appears. */
  constructor(secrets: string[], options: RedactorOptions = {}) {
    this.#secrets = secrets.slice();
    this.#secretPattern = secretPattern(this.#secrets);
    this.#redactedHeaders = new Set([
      ...CREDENTIAL_HEADERS,
      ...(options.headerNames ?? []).map((name) => name.toLowerCase()),
    ]);
  }

  /** A secret learned during the run (an OAuth access token): redacted from then on. */
  addSecret(secret: string): void {
    if (this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    this.#secretPattern = secretPattern(this.#secrets);
  }

  /**
   * The secrets of a target: its token or password (and the Basic credentials as sent), its OAuth client
   * secret, its header values. OAuth access tokens are added as they are obtained.
   */
  static forTarget(target: TargetConfig): Redactor {
    const secrets = Object.values(target.headers);
    const auth = target.auth;
    if (auth.type === 'bearer') {
      secrets.push(auth.token);
    } else if (auth.type === 'basic') {
      secrets.push(auth.password, basicCredentials(auth.username, auth.password));
    } else if (auth.type === 'oauth') {
      secrets.push(auth.clientSecret);
    }
    return new Redactor(secrets, { headerNames: Object.keys(target.headers) });
  }

  /** Replaces every known secret in free text. */
  text(s: string): string {
    return this.#secretPattern === undefined ? s : s.replace(this.#secretPattern, REDACTED);
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const redacted: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      redacted[name] = this.#redactedHeaders.has(name.toLowerCase()) ? REDACTED : this.text(value);
    }
    return redacted;
  }

  /**
   * A JSON body keeps its exact text unless something in it had to be redacted (the evidence of a
   * malformed or oddly formatted body matters); then it is re-serialised. Other bodies get the
   * secret-string pass only.
   */
  body(body: string): string {
    const parsed = parseJson(body);
    if (parsed === undefined) return this.text(body);
    let redacted: JsonValue;
    try {
      redacted = this.#json(parsed, false);
    } catch (error) {
      // A body nested deeper than the stack allows (a hostile or broken server) gets the secret-string pass only.
      if (error instanceof RangeError) return this.text(body);
      throw error;
    }
    return redacted === parsed ? this.text(body) : JSON.stringify(redacted);
  }

  exchange(raw: Omit<Exchange, 'seq'>): Omit<Exchange, 'seq'> {
    // Field by field rather than a spread, so that nothing reaches storage unredacted.
    const redacted: Omit<Exchange, 'seq'> = {
      startedAt: raw.startedAt,
      durationMs: raw.durationMs,
      request: {
        method: raw.request.method,
        url: this.text(raw.request.url),
        headers: this.headers(raw.request.headers),
      },
    };
    if (raw.request.body !== undefined) redacted.request.body = this.body(raw.request.body);
    if (raw.response !== undefined) {
      redacted.response = {
        status: raw.response.status,
        headers: this.headers(raw.response.headers),
        body: this.body(raw.response.body),
      };
    }
    if (raw.error !== undefined) redacted.error = this.text(raw.error);
    if (raw.retries !== undefined) redacted.retries = raw.retries;
    if (raw.retryWaitMs !== undefined) redacted.retryWaitMs = raw.retryWaitMs;
    if (raw.refusal !== undefined) redacted.refusal = { ...raw.refusal };
    return redacted;
  }

  /** Returns the value itself when nothing in it needed redacting, so unchanged bodies keep their text. */
  #json(value: JsonValue, isSecret: boolean): JsonValue {
    if (typeof value === 'string') return isSecret ? REDACTED : this.text(value);
    if (typeof value === 'number') {
      return isSecret || this.text(String(value)) !== String(value) ? REDACTED : value;
    }
    // A flag carries no secret, and keeps capabilities such as changePassword.supported readable.
    if (typeof value === 'boolean' || value === null) return value;
    if (Array.isArray(value)) {
      let copy: JsonValue[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const item = value[index] as JsonValue;
        const redacted = this.#json(item, isSecret);
        if (redacted !== item) {
          copy ??= value.slice();
          copy[index] = redacted;
        }
      }
      return copy ?? value;
    }
    return this.#jsonObject(value, isSecret);
  }

  #jsonObject(object: JsonObject, isSecret: boolean): JsonObject {
    // A PATCH operation names the attribute in "path" and carries the new value in "value".
    const operationPath = getMember(object, 'path');
    const valueIsSecret = typeof operationPath === 'string' && SECRET_ATTRIBUTE.test(operationPath);
    const keys = Object.keys(object);
    let copy: JsonObject | undefined;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      const member = object[key] as JsonValue;
      const memberIsSecret =
        isSecret || SECRET_ATTRIBUTE.test(key) || (valueIsSecret && key.toLowerCase() === 'value');
      const redactedKey = this.text(key);
      const redactedMember = this.#json(member, memberIsSecret);
      if (copy === undefined && (redactedKey !== key || redactedMember !== member)) {
        // A prototype-less copy keeps a member named "__proto__" an ordinary member.
        copy = Object.create(null) as JsonObject;
        for (const earlier of keys.slice(0, index)) copy[earlier] = object[earlier] as JsonValue;
      }
      if (copy !== undefined) copy[redactedKey] = redactedMember;
    }
    return copy ?? object;
  }
}

/** The value of a Basic Authorization header after the scheme (RFC 7617). */
export function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/**
 * One pattern for all secrets, longest first so that a secret containing another is replaced
 * whole. Each secret is also matched as it appears inside a JSON string and percent-encoded in a URL.
 */
function secretPattern(secrets: string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_FREE_TEXT_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return undefined;
  const alternatives = [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(alternatives.join('|'), 'g');
}
