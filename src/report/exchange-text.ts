/** Plain-text renderings of recorded exchanges, shared by the reporters. */
import { STATUS_CODES } from 'node:http';
import type { Exchange } from '../http/exchange.js';

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export interface TruncatedText {
  text: string;
  /** Size of the whole text in UTF-8 bytes, when it was cut; undefined when it was kept whole. */
  originalBytes?: number;
}

/** Cuts text to at most maxBytes of UTF-8, never inside a character. */
export function truncateUtf8(text: string, maxBytes: number): TruncatedText {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text };
  let cut = maxBytes;
  // A byte of the form 10xxxxxx continues a multi-byte character: back off to the character's start.
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return { text: bytes.subarray(0, cut).toString('utf8'), originalBytes: bytes.length };
}

/** The body, cut at maxBytes, with a note saying how large it really was. */
export function truncatedBody(body: string, maxBytes: number): string {
  const { text, originalBytes } = truncateUtf8(body, maxBytes);
  return originalBytes === undefined ? text : `${text}\n… (truncated: ${originalBytes} bytes in all)`;
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? '';
}

/** A header's value whatever the case of its name; undefined when the header is absent. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
}

function block(headers: Record<string, string>, body: string | undefined, maxBodyBytes: number): string[] {
  const lines = headerLines(headers);
  if (body !== undefined && body !== '') lines.push('', truncatedBody(body, maxBodyBytes));
  return lines;
}

/**
 * One exchange as a person reads it in a CI log:
 * the request line, its headers and body, then `→ STATUS` and the response headers and body.
 */
export function formatExchangeText(exchange: Exchange, maxBodyBytes: number): string {
  const { request, response } = exchange;
  const lines = [`${request.method} ${request.url}`, ...block(request.headers, request.body, maxBodyBytes)];
  if (response === undefined) {
    lines.push(`→ no response: ${exchange.error ?? 'unknown error'}`);
  } else {
    const reason = statusText(response.status);
    const retried = exchange.retries ? ` (after ${exchange.retries} ${exchange.retries === 1 ? 'retry' : 'retries'})` : '';
    lines.push(`→ ${response.status}${reason === '' ? '' : ` ${reason}`}${retried}`);
    lines.push(...block(response.headers, response.body, maxBodyBytes));
  }
  return lines.join('\n');
}
