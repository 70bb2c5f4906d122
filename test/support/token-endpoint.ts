/**
 * A small OAuth 2.0 token endpoint (RFC 6749 §4.4) on 127.0.0.1 for the tests: it issues random bearer
 * tokens to one client authenticating with client_secret_basic, and says which tokens are still valid,
 * for the reference server's acceptsToken.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenEndpointOptions {
  clientId: string;
  clientSecret: string;
  /** The lifetime announced in expires_in, in seconds. */
  expiresIn: number;
  /** How long a token is really accepted, in ms (default: as announced); shorter makes the target reject live tokens. */
  validForMs?: number;
}

export interface TokenEndpoint {
  url: string;
  /** Every token issued, in order. */
  issued: string[];
  /** How many token requests were refused. */
  refused: number;
  accepts(token: string): boolean;
  close(): Promise<void>;
}

export async function startTokenEndpoint(options: TokenEndpointOptions): Promise<TokenEndpoint> {
  const expiries = new Map<string, number>();
  // The test's client id and secret hold no character that form-encoding would change (RFC 6749 §2.3.1).
  const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
  let refused = 0;
  const issued: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const grant = new URLSearchParams(body).get('grant_type');
      const reply = (status: number, json: object): void => {
        response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify(json));
      };
      if (request.method !== 'POST' || request.headers.authorization !== expected) {
        refused++;
        reply(401, { error: 'invalid_client', error_description: 'client authentication failed' });
        return;
      }
      if (grant !== 'client_credentials') {
        reply(400, { error: 'unsupported_grant_type' });
        return;
      }
      const token = `at-${randomBytes(12).toString('hex')}`;
      issued.push(token);
      expiries.set(token, Date.now() + (options.validForMs ?? options.expiresIn * 1000));
      reply(200, { access_token: token, token_type: 'Bearer', expires_in: options.expiresIn });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issued,
    get refused() {
      return refused;
    },
    accepts: (token) => (expiries.get(token) ?? 0) > Date.now(),
    url: `http://127.0.0.1:${port}/oauth2/token`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
