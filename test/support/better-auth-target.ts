/**
 * A real third-party SCIM server: Better Auth with its SCIM plugin (@better-auth/scim), on the in-memory
 * adapter, serving one static connection at /api/auth/scim/v2. It has the traits real tenants have that
 * /Schemas does not state: a userName must be an e-mail address (or come with one), an e-mail address
 * belongs to one user, and filters take `eq` only, on a few attributes.
 */
import { createServer } from 'node:http';
import { getAuthTables } from '@better-auth/core/db';
import { scim } from '@better-auth/scim';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { listenOnLoopback } from './loopback.js';

export interface BetterAuthTarget {
  /** SCIM base URL without a trailing slash: http://127.0.0.1:PORT/api/auth/scim/v2. */
  url: string;
  close(): Promise<void>;
}

const SCIM_BASE_PATH = '/api/auth/scim/v2';

export async function startBetterAuthTarget(options: { token: string }): Promise<BetterAuthTarget> {
  const server = createServer();
  const { origin, close } = await listenOnLoopback(server);
  const plugins = [scim({ connections: [{ id: 'scimprobe', credentials: [{ type: 'bearer', id: 'scimprobe-token', token: options.token }] }] })];
  // The memory adapter clones the whole database for each transaction, so every table of the core and of
  // the plugin must be there from the start, as a plain array.
  const database = Object.fromEntries(Object.values(getAuthTables({ plugins })).map((table) => [table.modelName, []]));
  const auth = betterAuth({
    baseURL: origin,
    // A fixed secret of a test server that holds nothing but the run's own users.
    secret: 'scimprobe-better-auth-target-secret-0123456789',
    database: memoryAdapter(database),
    plugins,
    logger: { disabled: true },
  });
  server.on('request', toNodeHandler(auth));
  return { url: `${origin}${SCIM_BASE_PATH}`, close };
}
