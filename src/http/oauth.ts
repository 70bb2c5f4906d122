/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4): fetches the access token the client sends as a
 * bearer token, keeps it until shortly before it expires, and fetches a new one when the target rejects
 * it. Token requests are not recorded as exchanges: they are not the target's behaviour, and carry the
 * client secret and the token.
 */
import type { Dispatcher } from 'undici';
import type { OAuthClientCredentials } from '../config/types.js';
import { isJsonObject, parseJson, type JsonValue } from '../scim/json.js';
import type { Redactor } from './redact.js';

/** The token could not be obtained: the endpoint was unreachable, refused the client, or answered nonsense. */
export class OAuthTokenError extends Error {
  override readonly name = 'OAuthTokenError';
}

/** A token is renewed this long before it expires, at most, so that no request goes out with a dying one. */
const MAX_RENEWAL_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  /** Epoch ms after which it is renewed before use; undefined when the endpoint gave no lifetime. */
  renewAt: number | undefined;
}

/** RFC 6749 Appendix B: client id and secret are form-encoded before they are joined for Basic. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** A member of the token response; its names are case-sensitive (RFC 6749 §5.1). */
function member(body: JsonValue | undefined, name: string): JsonValue | undefined {
  return isJsonObject(body) && Object.hasOwn(body, name) ? body[name] : undefined;
}

/**
 * expires_in in ms; undefined when absent or unusable (the token is then kept until the target refuses it).
 * Some endpoints send the number as a string.
 */
function lifetimeOf(expiresIn: JsonValue | undefined): number | undefined {
  const seconds = typeof expiresIn === 'string' && /^\d+(?:\.\d+)?$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

export class OAuthTokenSource {
  readonly #credentials: OAuthClientCredentials;
  readonly #dispatcher: Dispatcher;
  readonly #redactor: Redactor;
  #cached: CachedToken | undefined;
  /** One request at a time: concurrent callers wait for the same token. */
  #pending: Promise<string> | undefined;

  /** Every token obtained is handed to the redactor, so it appears in no recording. */
  constructor(credentials: OAuthClientCredentials, dispatcher: Dispatcher, redactor: Redactor) {
    this.#credentials = credentials;
    this.#dispatcher = dispatcher;
    this.#redactor = redactor;
  }

  /** A token valid for a while yet: the cached one, or a new one. */
  token(): Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && (cached.renewAt === undefined || Date.now() < cached.renewAt)) return Promise.resolve(cached.value);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** The target rejected this token: the next call to token() fetches another. */
  reject(token: string): void {
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  async #fetch(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope, clientAuthentication } = this.#credentials;
    const url = new URL(tokenUrl);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope !== undefined) form.set('scope', scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (clientAuthentication === 'client_secret_basic') {
      headers.authorization = `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const where = `the OAuth token endpoint ${url.origin}${url.pathname}`;
    let status: number;
    let text: string;
    try {
      const response = await this.#dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers,
        body: form.toString(),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new OAuthTokenError(this.#redactor.text(`no access token: ${where} could not be reached: ${reason}`));
    }
    const body = parseJson(text);
    if (status !== 200) {
      const code = member(body, 'error');
      const description = member(body, 'error_description');
      const detail = typeof code === 'string' ? `: ${code}${typeof description === 'string' ? ` (${description})` : ''}` : '';
      const hint = status === 400 || status === 401 ? '; check target.oauth clientId, clientSecret and scope' : '';
      throw new OAuthTokenError(this.#redactor.text(`no access token: ${where} answered ${status}${detail}${hint}`));
    }
    const accessToken = member(body, 'access_token');
    const tokenType = member(body, 'token_type');
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new OAuthTokenError(`no access token: ${where} answered 200 without an access_token string`);
    }
    this.#redactor.addSecret(accessToken);
    if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
      throw new OAuthTokenError(`no access token: ${where} issued a token of type ${JSON.stringify(tokenType ?? null)}; only Bearer tokens can be sent`);
    }
    const lifetimeMs = lifetimeOf(member(body, 'expires_in'));
    this.#cached = {
      value: accessToken,
      renewAt: lifetimeMs === undefined ? undefined : Date.now() + lifetimeMs - Math.min(MAX_RENEWAL_MARGIN_MS, lifetimeMs / 10),
    };
    return accessToken;
  }
}
