/**
 * A proxy in front of a SCIM server that changes how it behaves without changing the server: it can answer
 * late (so a test can act while a run is surely mid-way) or answer some requests itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  /** The target's base URL as seen through the proxy. */
  url: string;
  close(): Promise<void>;
}

export interface ProxyBehaviour {
  /** Every request is forwarded this much later. */
  delayMs?: number;
  /** An answer the proxy gives itself instead of forwarding, or undefined to forward. */
  answer?: (method: string, path: string) => { status: number; body: string } | undefined;
  /** A new body for a forwarded JSON response, or undefined to pass it on as it is. */
  rewrite?: (method: string, path: string, body: unknown) => unknown;
}

export async function startProxy(targetUrl: string, behaviour: ProxyBehaviour): Promise<Proxy> {
  const target = new URL(targetUrl);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const own = behaviour.answer?.(request.method ?? 'GET', request.url ?? '/');
      if (own !== undefined) {
        response.writeHead(own.status, { 'content-type': 'application/scim+json' });
        response.end(own.body);
        return;
      }
      setTimeout(() => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'),
        );
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        fetch(`${target.origin}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers, ...(body ? { body } : {}) })
          .then(async (answer) => {
            let body = Buffer.from(await answer.arrayBuffer());
            const headers = Object.fromEntries(answer.headers);
            const rewritten = behaviour.rewrite && body.length > 0 ? behaviour.rewrite(request.method ?? 'GET', request.url ?? '/', JSON.parse(body.toString('utf8'))) : undefined;
            if (rewritten !== undefined) {
              body = Buffer.from(JSON.stringify(rewritten));
              headers['content-length'] = String(body.length);
            }
            response.writeHead(answer.status, headers);
            response.end(body);
          })
          .catch(() => response.destroy());
      }, behaviour.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
