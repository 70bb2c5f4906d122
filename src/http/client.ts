import { Agent, RetryHandler, type Dispatcher } from 'undici';
import type { TargetConfig } from '../config/types.js';
import { parseJson, type JsonValue } from '../scim/json.js';
import { SCIM_MEDIA_TYPE } from '../scim/urns.js';
import type { Exchange } from './exchange.js';
import type { ExchangeRecorder } from './recorder.js';
import { basicCredentials } from './redact.js';

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
}

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

/** Each wait before a retry is capped, whatever Retry-After asks for. */
const MAX_RETRY_WAIT_MS = 30_000;

/**
 * A 429 or 503 means the request was not processed, so any method may be sent again. Methods
 * outside this list get a retry option of their own.
 */
const RETRIED_METHODS: Dispatcher.HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

const ABSOLUTE_URL = /^https?:\/\//i;

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
 * Sends every request of a run to one target: adds credentials, retries 429 and 503, and records
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

  /** readOnly: refuse, before anything is sent, every request that could change the target. */
  constructor(target: TargetConfig, recorder: ExchangeRecorder, options: { readOnly?: boolean } = {}) {
    this.#readOnly = options.readOnly ?? false;
    const base = parseBaseUrl(target.url);
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.baseUrl = this.#origin + this.#basePath;
    this.#timeoutMs = target.timeoutMs;
    this.#credentialHeaders = credentialHeaders(target);
    this.#retryOptions = {
      // The last 429/503 is handed on as a response, with its body, once retries run out.
      throwOnError: false,
      maxRetries: target.maxRetries,
      maxTimeout: MAX_RETRY_WAIT_MS,
      statusCodes: [429, 503],
      // A failed connection is the check's business (an unreachable target), not a reason to resend.
      errorCodes: [],
      methods: RETRIED_METHODS,
    };
    this.#agent = new Agent({
      connect: { timeout: target.timeoutMs },
      headersTimeout: target.timeoutMs,
      bodyTimeout: target.timeoutMs,
    });
    this.#recorder = recorder;
  }

  /** Resolves with any HTTP status; rejects with a TransportError only when no response arrived. */
  async request(req: ScimRequest): Promise<ScimResponse> {
    const { origin, path } = this.#resolve(req.path, req.query);
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
    if (req.authenticate !== false && origin === this.#origin) {
      Object.assign(headers, this.#credentialHeaders);
    }
    if (req.headers !== undefined) {
      for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
    }

    const startedAt = new Date().toISOString();
    const start = performance.now();
    const outcome = await this.#send({ origin, path, method: req.method, headers, body }, req.retry ?? true);
    const durationMs = Math.round((performance.now() - start) * 1000) / 1000;
    const request: Exchange['request'] = { method: req.method, url, headers };
    if (body !== undefined) request.body = body;

    if ('error' in outcome) {
      const message = describeFailure(outcome.error, req.method, url, this.#timeoutMs);
      const exchange = this.#recorder.record({
        startedAt,
        durationMs,
        request,
        error: message,
        retries: outcome.retries,
      });
      // The message is redacted too: a URL may carry a secret.
      throw new TransportError(exchange.error ?? message, exchange, outcome.error);
    }

    const responseHeaders = joinHeaders(outcome.headers);
    const exchange = this.#recorder.record({
      startedAt,
      durationMs,
      request,
      response: { status: outcome.status, headers: responseHeaders, body: outcome.text },
      retries: outcome.retries,
    });
    return {
      status: outcome.status,
      headers: responseHeaders,
      text: outcome.text,
      json: parseJson(outcome.text),
      exchange,
    };
  }

  get(path: string, query?: ScimRequest['query'], headers?: Record<string, string>): Promise<ScimResponse> {
    return this.request({ method: 'GET', path, query, headers });
  }

  post(path: string, body: JsonValue | string, headers?: Record<string, string>): Promise<ScimResponse> {
    return this.request({ method: 'POST', path, body, headers });
  }

  put(path: string, body: JsonValue | string, headers?: Record<string, string>): Promise<ScimResponse> {
    return this.request({ method: 'PUT', path, body, headers });
  }

  patch(path: string, body: JsonValue | string, headers?: Record<string, string>): Promise<ScimResponse> {
    return this.request({ method: 'PATCH', path, body, headers });
  }

  delete(path: string, headers?: Record<string, string>): Promise<ScimResponse> {
    return this.request({ method: 'DELETE', path, headers });
  }

  /** Waits for requests in flight, then closes the connections. */
  close(): Promise<void> {
    return this.#agent.close();
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
   * only the final attempt; with `retry` false the first answer is the outcome.
   */
  #send(options: Dispatcher.DispatchOptions, retry: boolean): Promise<SendOutcome> {
    const retryOptions = RETRIED_METHODS.includes(options.method)
      ? this.#retryOptions
      : { ...this.#retryOptions, methods: [options.method] };
    return new Promise((resolve) => {
      const collector = new ResponseCollector(resolve, this.#timeoutMs);
      if (!retry) {
        this.#agent.dispatch(options, collector);
        return;
      }
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
  }
}

type SendOutcome =
  | { status: number; headers: IncomingHeaders; text: string; retries: number }
  | { error: Error; retries: number };

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
class ResponseCollector implements Dispatcher.DispatchHandler {
  retries = 0;
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
    this.#settle({ status: this.#status, headers: this.#headers, text, retries: this.retries });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.#deadline);
    this.#chunks = [];
    this.#settle({ error, retries: this.retries });
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

function describeFailure(error: Error, method: string, url: string, timeoutMs: number): string {
  switch (errorCode(error)) {
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
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found for ${method} ${url}: check the host name`;
    default:
      return `no response to ${method} ${url}: ${error.message}`;
  }
}
