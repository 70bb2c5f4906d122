/**
 * exchanges.har: every exchange of the run as HAR 1.2, so it can be replayed or inspected in a
 * browser's network panel. The check that made an exchange is its entry's comment.
 */
import type { Exchange } from '../http/exchange.js';
import type { RunResult } from '../results/model.js';
import { headerValue, statusText, utf8ByteLength } from './exchange-text.js';

const HTTP_VERSION = 'HTTP/1.1';
/** What HAR viewers expect when a message says nothing of its media type. */
const UNKNOWN_MIME_TYPE = 'x-unknown';

interface HarNameValue {
  name: string;
  value: string;
}

interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: { mimeType: string; text: string };
  headersSize: number;
  bodySize: number;
}

interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: { size: number; mimeType: string; text: string };
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
}

interface HarEntry {
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment: string;
}

interface LabelledExchange {
  exchange: Exchange;
  label: string;
}

function nameValues(headers: Record<string, string>): HarNameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function queryString(url: string): HarNameValue[] {
  if (!URL.canParse(url)) return [];
  return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
}

function harRequest(request: Exchange['request']): HarRequest {
  const har: HarRequest = {
    method: request.method,
    url: request.url,
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers: nameValues(request.headers),
    queryString: queryString(request.url),
    headersSize: -1,
    bodySize: request.body === undefined ? 0 : utf8ByteLength(request.body),
  };
  if (request.body !== undefined && request.body !== '') {
    har.postData = { mimeType: headerValue(request.headers, 'content-type') ?? UNKNOWN_MIME_TYPE, text: request.body };
  }
  return har;
}

function harResponse(exchange: Exchange): HarResponse {
  const { response } = exchange;
  if (response === undefined) {
    return {
      status: 0,
      statusText: '',
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: UNKNOWN_MIME_TYPE, text: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      comment: exchange.error ?? 'no response',
    };
  }
  const size = utf8ByteLength(response.body);
  return {
    status: response.status,
    statusText: statusText(response.status),
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers: nameValues(response.headers),
    content: { size, mimeType: headerValue(response.headers, 'content-type') ?? UNKNOWN_MIME_TYPE, text: response.body },
    redirectURL: '',
    headersSize: -1,
    bodySize: size,
  };
}

function harEntry({ exchange, label }: LabelledExchange): HarEntry {
  return {
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    request: harRequest(exchange.request),
    response: harResponse(exchange),
    cache: {},
    timings: { send: 0, wait: exchange.durationMs, receive: 0 },
    comment: label,
  };
}

/** Instants that fail to parse sort last rather than poisoning the comparison with NaN. */
function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function chronological(a: LabelledExchange, b: LabelledExchange): number {
  const byTime = instant(a.exchange.startedAt) - instant(b.exchange.startedAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.exchange.seq - b.exchange.seq;
}

/**
 * Identity of a recorded exchange. seq alone is not enough (each suite worker numbers its own), but with
 * the start instant, the request line and the duration two different exchanges never coincide.
 */
function identity(exchange: Exchange): string {
  return `${exchange.startedAt}|${exchange.seq}|${exchange.request.method} ${exchange.request.url}|${exchange.durationMs}`;
}

/** Each exchange once, labelled with every check that made or judged it ("setup" when none did). */
function labelled(result: RunResult): LabelledExchange[] {
  const byIdentity = new Map<string, { exchange: Exchange; checks: string[] }>();
  for (const exchange of result.setupExchanges) byIdentity.set(identity(exchange), { exchange, checks: [] });
  for (const check of result.checks) {
    for (const exchange of check.exchanges) {
      const entry = byIdentity.get(identity(exchange)) ?? { exchange, checks: [] };
      entry.checks.push(check.id);
      byIdentity.set(identity(exchange), entry);
    }
  }
  return [...byIdentity.values()].map(({ exchange, checks }) => ({ exchange, label: checks.length > 0 ? checks.join(', ') : 'setup' }));
}

export function toHar(result: RunResult): string {
  const exchanges = labelled(result);
  const har = {
    log: {
      version: '1.2',
      creator: { name: result.tool.name, version: result.tool.version },
      // HAR 1.2 has no field for how the connection was secured; the log's comment carries the warnings.
      ...(result.run.warnings.length === 0 ? {} : { comment: result.run.warnings.join('; ') }),
      entries: exchanges.sort(chronological).map(harEntry),
    },
  };
  return `${JSON.stringify(har, null, 2)}\n`;
}
