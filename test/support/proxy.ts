/**
 * A proxy in front of a SCIM server that changes how it behaves without changing the server: it can answer
 * late (so a test can act while a run is surely mid-way), answer some requests itself, or inject faults a
 * broken server or network produces (resets, hangs, cut-off bodies, bodies that are not JSON).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  /** The target's base URL as seen through the proxy. */
  url: string;
  close(): Promise<void>;
}

/**
 * An answer the proxy gives itself; content type application/scim+json unless `headers` says otherwise, and
 * none when the body is empty.
 */
export interface OwnAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** A request as the proxy saw it: `seq` counts every request the proxy received, from 1. */
export interface ProxiedRequest {
  seq: number;
  method: string;
  path: string;
}

/**
 * What goes wrong with one request instead of forwarding it cleanly:
 * reset closes the connection before any response; hang never answers (the connection is closed with the
 * proxy); truncate forwards the request but sends only half the response body, under the full
 * Content-Length, and then closes the connection; answer is an answer of the proxy's own.
 */
export type Fault = { kind: 'reset' } | { kind: 'hang' } | { kind: 'truncate' } | ({ kind: 'answer' } & OwnAnswer);

/** Marks every response the proxy answered itself or cut off, so a test can tell a fault from the server's answer. */
export const FAULT_HEADER = 'x-proxy-fault';

export interface ProxyBehaviour {
  /** Every request is forwarded this much later. */
  delayMs?: number;
  /** An answer the proxy gives itself instead of forwarding, or undefined to forward. */
  answer?: (method: string, path: string) => OwnAnswer | undefined;
  /** A new body for a forwarded JSON response, or undefined to pass it on as it is. */
  rewrite?: (method: string, path: string, body: unknown) => unknown;
  /** A fault to inject for this request, or undefined to handle it as the other options say. */
  fault?: (request: ProxiedRequest) => Fault | undefined;
  /**
   * URLs of the target in Location headers and response bodies (meta.location, $ref) point at the proxy
   * instead, so reads of what was created pass through it too.
   */
  rewriteUrls?: boolean;
}

export async function startProxy(targetUrl: string, behaviour: ProxyBehaviour): Promise<Proxy> {
  const target = new URL(targetUrl);
  let seq = 0;
  // Known once the proxy listens, before any request arrives.
  let port = 0;
  const forward = (request: IncomingMessage, body: Buffer | undefined, deliver: (status: number, headers: Record<string, string>, body: Buffer) => void, fail: () => void): void => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'),
    );
    fetch(`${target.origin}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers, ...(body ? { body } : {}) })
      .then(async (answer) => deliver(answer.status, Object.fromEntries(answer.headers), Buffer.from(await answer.arrayBuffer())))
      .catch(fail);
  };
  const answerWith = (response: ServerResponse, own: OwnAnswer): void => {
    response.writeHead(own.status, { ...(own.body === '' ? {} : { 'content-type': 'application/scim+json' }), ...own.headers });
    response.end(own.body);
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const fault = behaviour.fault?.({ seq: ++seq, method, path });
      switch (fault?.kind) {
        case 'reset':
          request.socket.destroy();
          return;
        case 'hang':
          return;
        case 'answer':
          answerWith(response, { ...fault, headers: { [FAULT_HEADER]: 'answer', ...fault.headers } });
          return;
        case 'truncate':
          forward(request, body, (status, headers, answer) => {
            response.writeHead(status, { ...headers, 'content-length': String(answer.length), [FAULT_HEADER]: 'truncate' });
            response.write(answer.subarray(0, Math.floor(answer.length / 2)));
            setTimeout(() => request.socket.destroy(), 20);
          }, () => response.destroy());
          return;
        case undefined:
          break;
      }
      const own = behaviour.answer?.(method, path);
      if (own !== undefined) {
        answerWith(response, own);
        return;
      }
      setTimeout(() => {
        forward(request, body, (status, headers, answer) => {
          const proxyOrigin = `http://127.0.0.1:${port}`;
          let sent = behaviour.rewriteUrls === true ? Buffer.from(answer.toString('utf8').replaceAll(target.origin, proxyOrigin)) : answer;
          if (sent !== answer) headers['content-length'] = String(sent.length);
          const rewritten = behaviour.rewrite && answer.length > 0 ? behaviour.rewrite(method, path, JSON.parse(answer.toString('utf8'))) : undefined;
          if (rewritten !== undefined) {
            sent = Buffer.from(JSON.stringify(rewritten));
            headers['content-length'] = String(sent.length);
          }
          const location = headers.location;
          if (behaviour.rewriteUrls === true && location?.startsWith(target.origin) === true) {
            headers.location = proxyOrigin + location.slice(target.origin.length);
          }
          response.writeHead(status, headers);
          response.end(sent);
        }, () => response.destroy());
      }, behaviour.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ({ port } = server.address() as AddressInfo);
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
