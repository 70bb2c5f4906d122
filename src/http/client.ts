import { rootCertificates } from 'node:tls';
import { Agent, RetryHandler, type Dispatcher } from 'undici';
import type { TargetConfig, TlsConfig } from '../config/types.js';
import { pathUnderBase } from '../scim/base-url.js';
import { parseJson, type JsonValue } from '../scim/json.js';
import { SCIM_MEDIA_TYPE } from '../scim/urns.js';
import type { Exchange, Refusal } from './exchange.js';
import { OAuthTokenSource } from './oauth.js';
import { TlsAlertWatch } from './tls-alerts.js';
import type { ExchangeRecorder } from './recorder.js';
import { basicCredentials } from './redact.js';
import type { Throttle } from './throttle.js';

export interface ScimRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | string;
  /** Path relative to the target's base URL ('/Users', '/Users/123'), or an absolute URL on any host (e.g. a Location header). */
  path: string;
  /** Appended to the path, percent-encoded; undefined members are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /**
   * A JSON value is serialised; a string is sent as is (for malformed-body checks). Either goes
   * with Content-Type application/scim+json unless `headers` says otherwise.
   */
  body?: JsonValue | string;
  /** Headers for this request only, replacing defaults and credentials of the same name (any case). */
  headers?: Record<string, string>;
  /** false: send no credentials at all (auth checks). Default true. */
  authenticate?: boolean;
  /** false: the first answer is returned as it came, a 429 or 503 included (rate-limit checks). Default true. */
  retry?: boolean;
  /** Set by a check that built the request to be refused: the error answer the RFCs name for it, recorded with the exchange. */
  refusal?: Refusal;
}

/** What a request may add besides its path, query and body. */
export type RequestOptions = Pick<ScimRequest, 'headers' | 'refusal'>;

export interface ScimResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, whatever the content type. */
  json: JsonValue | undefined;
  /** The redacted recording of this request and response. */
  exchange: Exchange;
}

/**
 * 3xx but 304 Not Modified, which answers a conditional request rather than pointing elsewhere. The client
 * never follows one: a redirect could take the credentials to another origin.
 */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/** No response arrived: the connection was refused or reset, the host is unknown, or the time ran out. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly exchange: Exchange;

  constructor(message: string, exchange: Exchange, cause: Error) {
    super(message, { cause });
    this.exchange = exchange;
  }
}

const JSON_CONTENT_TYPE = `${SCIM_MEDIA_TYPE}; charset=utf-8`;

/**
 * A request waits at most this long in all for its retries. A Retry-After that asks for more is not slept:
 * the request fails, saying so, rather than stalling the run.
 */
export const MAX_RETRY_WAIT_MS = 30_000;

/** The wait before the first retry when the answer gives no Retry-After; it doubles for each further one. */
const FIRST_BACKOFF_MS = 500;

const THROTTLING_STATUSES = [429, 503];

/**
 * A 429 or 503 means the request was not processed, so any method may be sent again. Methods
 * outside this list get a retry option of their own.
 */
const RETRIED_METHODS: Dispatcher.HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

const ABSOLUTE_URL = /^https?:\/\//i;

/** The endpoints that hold no resources, in lower case: discovery (RFC 7644 §4) and /Bulk (§3.7). */
const NON_RESOURCE_ENDPOINTS = new Set(['serviceproviderconfig', 'resourcetypes', 'schemas', 'bulk']);

/** A request a read-only run would not send; thrown before anything reaches the target. */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';
}

/** Safe methods, and POST to a /.search endpoint (a query, RFC 7644 §3.4.3), change nothing. */
function changesTarget(method: string, path: string): boolean {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS') return false;
  return !(upper === 'POST' && /\/\.search(?:\?|$)/.test(path));
}

/**
 * Sends every request of a run to one target: adds credentials, keeps to the run's throttle, retries 429 and 503, and records
 * each exchange (redacted). One keep-alive agent serves all requests of the client.
 */
export class ScimClient {
  /** The target's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #timeoutMs: number;
  /** Authorization and the target's own headers, with lower-case names. */
  readonly #credentialHeaders: Record<string, string>;
  readonly #retryOptions: RetryHandler.RetryOptions;
  readonly #agent: Agent;
  readonly #recorder: ExchangeRecorder;
  readonly #readOnly: boolean;
  readonly #throttle: Throttle | undefined;
  readonly #tlsAlerts: TlsAlertWatch;
  /** Set when the target takes OAuth access tokens: Authorization is added per request. */
  readonly #tokens: OAuthTokenSource | undefined;
  /** The target's vendor query parameters, added to GETs of resource endpoints. */
  readonly #queryParameters: Record<string, string>;

  /**
   * readOnly: refuse, before anything is sent, every request that could change the target. throttle: the
   * run's limit on request rate and concurrency, which every request and resend waits for.
   */
  constructor(target: TargetConfig, recorder: ExchangeRecorder, options: { readOnly?: boolean; throttle?: Throttle } = {}) {
    this.#readOnly = options.readOnly ?? false;
    this.#throttle = options.throttle;
    const base = parseBaseUrl(target.url);
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.baseUrl = this.#origin + this.#basePath;
    this.#timeoutMs = target.timeoutMs;
    this.#credentialHeaders = credentialHeaders(target);
    this.#queryParameters = target.queryParameters ?? {};
    this.#retryOptions = {
      // The last 429/503 is handed on as a response, with its body, once retries run out.
      throwOnError: false,
      maxRetries: target.maxRetries,
      statusCodes: THROTTLING_STATUSES,
      // A failed connection is the check's business (an unreachable target), not a reason to resend.
      errorCodes: [],
      methods: RETRIED_METHODS,
    };
    this.#tlsAlerts = new TlsAlertWatch({ timeout: target.timeoutMs, ...tlsOptions(target.tls) });
    this.#agent = new Agent({
      connect: this.#tlsAlerts.connector,
      headersTimeout: target.timeoutMs,
      bodyTimeout: target.timeoutMs,
    });
    this.#recorder = recorder;
    this.#tokens = target.auth.type === 'oauth' ? new OAuthTokenSource(target.auth, this.#agent, recorder.redactor) : undefined;
  }

  /**
   * Resolves with any HTTP status; rejects with a TransportError only when no response arrived, and with an
   * OAuthTokenError when no access token could be obtained. An OAuth token the target answers 401 to is
   * replaced and the request sent once more (both exchanges are recorded).
   */
  async request(req: ScimRequest): Promise<ScimResponse> {
    const { origin, path } = this.#resolve(req.path, req.method.toUpperCase() === 'GET' ? this.#withConfiguredParameters(req.path, req.query) : req.query);
    const url = origin + path;
    if (this.#readOnly && changesTarget(req.method, path)) {
      throw new WriteRefusedError(`read-only run: refused to send ${req.method} ${url}`);
    }
    const headers: Record<string, string> = { accept: SCIM_MEDIA_TYPE };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] = JSON_CONTENT_TYPE;
    }
    // Credentials never leave the target's origin, e.g. when following a Location header elsewhere.
    const authenticate = req.authenticate !== false && origin === this.#origin;
    if (authenticate) Object.assign(headers, this.#credentialHeaders);
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    // A request that sets its own Authorization (an auth check's wrong token) keeps it.
    const tokens = authenticate && headers.authorization === undefined ? this.#tokens : undefined;
    const sent = { method: req.method, origin, path, body, retry: req.retry ?? true, refusal: req.refusal };
    if (tokens === undefined) return this.#exchange({ ...sent, headers });

    const token = await tokens.token();
    const response = await this.#exchange({ ...sent, headers: { ...headers, authorization: `Bearer ${token}` } });
    if (response.status !== 401) return response;
    tokens.reject(token);
    const renewed = await tokens.token();
    return this.#exchange({ ...sent, headers: { ...headers, authorization: `Bearer ${renewed}` } });
  }

  /** Sends one request as given and records it. */
  async #exchange({ method, origin, path, headers, body, retry, refusal }: {
    method: string;
    origin: string;
    path: string;
    headers: Record<string, string>;
    body: string | undefined;
    retry: boolean;
    refusal: Refusal | undefined;
  }): Promise<ScimResponse> {
    const url = origin + path;
    const startedAt = new Date().toISOString();
    const start = performance.now();
    const outcome = await this.#send({ origin, path, method, headers, body }, retry);
    const durationMs = Math.round((performance.now() - start) * 1000) / 1000;
    const request: Exchange['request'] = { method, url, headers };
    if (body !== undefined) request.body = body;

    // Recorded with the exchange whatever the outcome.
    const notes = {
      retries: outcome.retries,
      ...(outcome.retries === 0 ? {} : { retryWaitMs: outcome.retryWaitMs }),
      ...(refusal === undefined ? {} : { refusal }),
    };
    if ('error' in outcome) {
      const code = this.#tlsAlerts.alertOf(outcome.error) ?? errorCode(outcome.error);
      const message = describeFailure(outcome.error, code, method, url, this.#timeoutMs);
      const exchange = this.#recorder.record({ startedAt, durationMs, request, error: message, ...notes });
      // The message is redacted too: a URL may carry a secret.
      throw new TransportError(exchange.error ?? message, exchange, outcome.error);
    }

    const responseHeaders = joinHeaders(outcome.headers);
    const response = { status: outcome.status, headers: responseHeaders, body: outcome.text };
    if (outcome.refusedWaitMs !== undefined) {
      const message =
        `${method} ${url} answered ${outcome.status} and asked to wait ${outcome.refusedWaitMs} ms before a retry, ` +
        `more than the ${MAX_RETRY_WAIT_MS} ms a request may wait in all: lower --rate or --concurrency, or run when the target is less busy`;
      const exchange = this.#recorder.record({ startedAt, durationMs, request, response, error: message, ...notes });
      throw new TransportError(exchange.error ?? message, exchange, new Error(message));
    }
    const exchange = this.#recorder.record({ startedAt, durationMs, request, response, ...notes });
    return {
      status: outcome.status,
      headers: responseHeaders,
      text: outcome.text,
      json: parseJson(outcome.text),
      exchange,
    };
  }

  get(path: string, query?: ScimRequest['query'], options?: RequestOptions): Promise<ScimResponse> {
    return this.request({ method: 'GET', path, query, ...options });
  }

  post(path: string, body: JsonValue | string, options?: RequestOptions): Promise<ScimResponse> {
    return this.request({ method: 'POST', path, body, ...options });
  }

  put(path: string, body: JsonValue | string, options?: RequestOptions): Promise<ScimResponse> {
    return this.request({ method: 'PUT', path, body, ...options });
  }

  patch(path: string, body: JsonValue | string, options?: RequestOptions): Promise<ScimResponse> {
    return this.request({ method: 'PATCH', path, body, ...options });
  }

  delete(path: string, options?: RequestOptions): Promise<ScimResponse> {
    return this.request({ method: 'DELETE', path, ...options });
  }

  /** Waits for requests in flight, then closes the connections. */
  close(): Promise<void> {
    return this.#agent.close();
  }

  /**
   * The query of a GET with the target's configured parameters added when the path is a resource endpoint
   * (not discovery or /Bulk, on the target's own origin). A parameter of the same name the request sets wins,
   * whatever its case: checks send their parameters to test them.
   */
  #withConfiguredParameters(path: string, query: ScimRequest['query']): ScimRequest['query'] {
    const configured = Object.entries(this.#queryParameters);
    if (configured.length === 0 || !this.#isResourcePath(path)) return query;
    const inPath = path.includes('?') ? [...new URLSearchParams(path.slice(path.indexOf('?') + 1)).keys()] : [];
    const own = new Set([...inPath, ...Object.keys(query ?? {})].map((name) => name.toLowerCase()));
    const added = configured.filter(([name]) => !own.has(name.toLowerCase()));
    return { ...Object.fromEntries(added), ...query };
  }

  /** True for a path under the base URL whose first segment names an endpoint that holds resources. */
  #isResourcePath(path: string): boolean {
    let pathname: string;
    if (ABSOLUTE_URL.test(path)) {
      const under = URL.canParse(path) ? pathUnderBase(new URL(path), this.baseUrl) : undefined;
      if (under === undefined) return false;
      pathname = under;
    } else {
      pathname = path.startsWith('/') ? path : `/${path}`;
    }
    const [first = ''] = pathname.split(/[/?]/).filter((segment) => segment !== '');
    return first !== '' && !NON_RESOURCE_ENDPOINTS.has(first.toLowerCase());
  }

  #resolve(path: string, query: ScimRequest['query']): { origin: string; path: string } {
    let origin = this.#origin;
    let resolved: string;
    if (ABSOLUTE_URL.test(path)) {
      let url: URL;
      try {
        url = new URL(path);
      } catch {
        throw new Error(`cannot send a request to "${path}": it is not a valid URL`);
      }
      origin = url.origin;
      resolved = url.pathname + url.search;
    } else {
      resolved = this.#basePath + (path.startsWith('/') ? path : `/${path}`);
    }
    if (query !== undefined) {
      let separator = resolved.includes('?') ? '&' : '?';
      for (const [name, value] of Object.entries(query)) {
        if (value === undefined) continue;
        resolved += `${separator}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
        separator = '&';
      }
    }
    return { origin, path: resolved };
  }

  /**
   * One logical request: undici's RetryHandler resends it after a 429/503, and the collector sees
   * only the final attempt; with `retry` false the first answer is the outcome. The request holds its throttle
   * slot until it settles; each resend waits its turn.
   */
  async #send(options: Dispatcher.DispatchOptions, retry: boolean): Promise<SendOutcome> {
    const throttle = this.#throttle;
    const end = await throttle?.start();
    try {
      return await new Promise((resolve) => {
        const collector = new ResponseCollector(resolve, this.#timeoutMs);
        if (!retry) {
          this.#agent.dispatch(options, collector);
          return;
        }
        const retryOptions: RetryHandler.RetryOptions = {
          ...this.#retryOptions,
          methods: RETRIED_METHODS.includes(options.method) ? RETRIED_METHODS : [options.method],
          retry: (error, { state }, decide) => {
            const wait = throttlingWait(error, state.counter, this.#retryOptions.maxRetries ?? 0);
            if (wait === undefined) {
              decide(error);
            } else if (collector.retryWaitMs + wait > MAX_RETRY_WAIT_MS) {
              collector.refusedWaitMs = wait;
              decide(error);
            } else {
              collector.retryWaitMs += wait;
              setTimeout(() => {
                if (throttle === undefined) decide(null);
                else throttle.resend().then(() => decide(null), decide);
              }, wait);
            }
          },
        };
        const retrying = new RetryHandler(
          { ...options, retryOptions },
          {
            // Only resends come through here: the first attempt is dispatched below.
            dispatch: (resendOptions, handler) => {
              collector.retries++;
              return this.#agent.dispatch(resendOptions, handler);
            },
            handler: collector,
          },
        );
        this.#agent.dispatch(options, retrying);
      });
    } finally {
      end?.();
    }
  }
}

interface RetryTally {
  retries: number;
  /** Time slept before the retries, as Retry-After or the backoff asked. */
  retryWaitMs: number;
}

type SendOutcome =
  | ({ status: number; headers: IncomingHeaders; text: string; refusedWaitMs?: number } & RetryTally)
  | ({ error: Error } & RetryTally);

/**
 * How long to wait before retrying, or undefined when the answer is not to be retried: not a 429/503, or
 * the retries are used up. Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 */
function throttlingWait(error: Error, attempt: number, maxRetries: number): number | undefined {
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;
  if (status === undefined || !THROTTLING_STATUSES.includes(status) || attempt > maxRetries) return undefined;
  const headers: unknown = 'headers' in error ? error.headers : undefined;
  const raw = typeof headers === 'object' && headers !== null && 'retry-after' in headers ? headers['retry-after'] : undefined;
  const retryAfter = typeof raw === 'string' ? raw.trim() : '';
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  return FIRST_BACKOFF_MS * 2 ** (attempt - 1);
}

type IncomingHeaders = Record<string, string | string[] | undefined>;

/** A response cut off by the collector's own limits; `code` is read like undici's error codes. */
class ResponseLimitError extends Error {
  constructor(readonly code: 'BODY_DEADLINE' | 'BODY_TOO_LARGE') {
    super(code);
  }
}

/** No SCIM response comes near this; a larger one is a broken or hostile server, not evidence worth holding. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Collects the final response in memory: SCIM bodies are small and every check reads them whole. The body
 * must arrive within the timeout of its headers, however slowly it trickles, and stay under
 * MAX_RESPONSE_BYTES; undici's own body timeout only bounds the gap between two chunks.
 */
class ResponseCollector implements Dispatcher.DispatchHandler, RetryTally {
  retries = 0;
  retryWaitMs = 0;
  /** Set when a Retry-After asked for more than the request may still wait. */
  refusedWaitMs: number | undefined;
  #status = 0;
  #headers: IncomingHeaders = {};
  #chunks: Buffer[] = [];
  #bytes = 0;
  #deadline: NodeJS.Timeout | undefined;
  readonly #settle: (outcome: SendOutcome) => void;
  readonly #timeoutMs: number;

  constructor(settle: (outcome: SendOutcome) => void, timeoutMs: number) {
    this.#settle = settle;
    this.#timeoutMs = timeoutMs;
  }

  // Defining onRequestStart is how undici tells a handler of its current interface from a legacy one.
  onRequestStart(): void {}

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHeaders): void {
    this.#status = status;
    this.#headers = headers;
    this.#deadline = setTimeout(() => controller.abort(new ResponseLimitError('BODY_DEADLINE')), this.#timeoutMs);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bytes += chunk.length;
    if (this.#bytes > MAX_RESPONSE_BYTES) {
      controller.abort(new ResponseLimitError('BODY_TOO_LARGE'));
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    clearTimeout(this.#deadline);
    const [first] = this.#chunks;
    const body = this.#chunks.length === 1 && first !== undefined ? first : Buffer.concat(this.#chunks);
    const text = body.toString('utf8');
    const refused = this.refusedWaitMs === undefined ? {} : { refusedWaitMs: this.refusedWaitMs };
    this.#settle({ status: this.#status, headers: this.#headers, text, retries: this.retries, retryWaitMs: this.retryWaitMs, ...refused });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.#deadline);
    this.#chunks = [];
    this.#settle({ error, retries: this.retries, retryWaitMs: this.retryWaitMs });
  }
}

function parseBaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`target URL "${url}" is not an absolute URL: write it as http(s)://host[:port]/path`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`target URL "${url}" must use http or https, not ${parsed.protocol.slice(0, -1)}`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new Error(`target URL "${url}" must not have a query or fragment: give the base URL of the SCIM service`);
  }
  return parsed;
}

/**
 * The TLS options of the target's connections. A CA bundle extends the built-in roots rather than
 * replacing them, so a token endpoint with a public certificate stays reachable.
 */
function tlsOptions(tls: TlsConfig): { ca?: string[]; cert?: string; key?: string; rejectUnauthorized?: boolean } {
  return {
    ...(tls.ca === undefined ? {} : { ca: [...rootCertificates, tls.ca] }),
    ...(tls.cert === undefined || tls.key === undefined ? {} : { cert: tls.cert, key: tls.key }),
    ...(tls.insecure ? { rejectUnauthorized: false } : {}),
  };
}

/** Node's codes for a server certificate that failed verification, each with what is wrong and the way out. */
const CERTIFICATE_PROBLEMS: ReadonlyMap<string, string> = new Map([
  ...['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE'].map(
    (code): [string, string] => [code, 'not trusted: give the CA that issued it with --ca FILE, or skip verification with --insecure'],
  ),
  ...['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'].map(
    (code): [string, string] => [code, 'outside its validity period: the server needs a current certificate, or skip verification with --insecure'],
  ),
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'not issued for this host name: use a name the certificate lists in --url, or skip verification with --insecure'],
]);

/** TLS alerts a server sends when it wants a client certificate it did not get, or does not trust the one it got. */
const CLIENT_CERTIFICATE_ALERT_CODES = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

function credentialHeaders(target: TargetConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  const auth = target.auth;
  if (auth.type === 'bearer') headers.authorization = `Bearer ${auth.token}`;
  else if (auth.type === 'basic') headers.authorization = `Basic ${basicCredentials(auth.username, auth.password)}`;
  for (const [name, value] of Object.entries(target.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

function joinHeaders(headers: IncomingHeaders): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) joined[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return joined;
}

function errorCode(error: Error): string | undefined {
  if ('code' in error && typeof error.code === 'string') return error.code;
  // Connecting to a host with several addresses fails with one error per address.
  if (error instanceof AggregateError && error.errors[0] instanceof Error) return errorCode(error.errors[0]);
  return undefined;
}

/** code: the error's own, or the TLS alert that closed its connection. */
function describeFailure(error: Error, code: string | undefined, method: string, url: string, timeoutMs: number): string {
  const certificateProblem = code === undefined ? undefined : CERTIFICATE_PROBLEMS.get(code);
  if (certificateProblem !== undefined) {
    return `TLS certificate of ${new URL(url).host} for ${method} ${url} (${code}: ${error.message}) ${certificateProblem}`;
  }
  if (code !== undefined && CLIENT_CERTIFICATE_ALERT_CODES.has(code)) {
    return `TLS handshake refused by ${new URL(url).host} for ${method} ${url} (${code}): ` +
      'the server wants a client certificate it trusts: give --cert FILE and --key FILE';
  }
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `no response within ${timeoutMs} ms to ${method} ${url}: the connection could not be opened in time`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no response within ${timeoutMs} ms to ${method} ${url}`;
    case 'UND_ERR_BODY_TIMEOUT':
    case 'BODY_DEADLINE':
      return `no response within ${timeoutMs} ms to ${method} ${url}: the body stopped arriving after the headers`;
    case 'BODY_TOO_LARGE':
      return `the response to ${method} ${url} was cut off: its body is larger than ${MAX_RESPONSE_BYTES} bytes`;
    case 'ECONNREFUSED':
      return `connection refused for ${method} ${url}: is the server running, and are the host and port right?`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `connection closed by the server before a complete response to ${method} ${url}`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `no TLS handshake for ${method} ${url}: the server does not speak https on that port; if it serves plain http, write the URL with http://`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found for ${method} ${url}: check the host name`;
    default:
      return `no response to ${method} ${url}: ${error.message}`;
  }
}
