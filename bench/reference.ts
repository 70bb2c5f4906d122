/**
 * The reference server as its own process (`scimprobe serve`), so its CPU and memory stay out of the
 * measured harness or replay loop, and the users it is seeded with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';
import { URN } from '../src/scim/urns.js';

export interface ServedReference {
  url: string;
  token: string;
  pid: number;
  stop(): Promise<void>;
}

export function serveReference(cliPath: string, cwd: string): Promise<ServedReference> {
  const token = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [cliPath, 'serve', '--token', token], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench: scimprobe serve ended with ${code} before printing its URL: ${stdout}${stderr}`)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      resolve({ url: stdout.slice(0, newline), token, pid: child.pid ?? -1, stop: () => stop(child, exited) });
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
}

/** Users created per round of concurrent requests while seeding. */
const SEED_CONCURRENCY = 32;

/** Creates `count` users (the way a tenant's users look) through the SCIM API. */
export async function seedUsers(server: ServedReference, count: number): Promise<void> {
  const base = new URL(server.url);
  // Idle sockets are dropped well before the server's 5 s keep-alive ends, so a request never races its close.
  const pool = new Pool(base.origin, { connections: SEED_CONCURRENCY, keepAliveTimeout: 1000, keepAliveMaxTimeout: 1000 });
  const create = async (index: number, retried = false): Promise<void> => {
    const userName = `tenant.user${index}@example.com`;
    let answer;
    try {
      answer = await pool.request({
        method: 'POST',
        path: `${base.pathname}/Users`,
        headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify({
          schemas: [URN.user],
          userName,
          displayName: `Tenant User ${index}`,
          emails: [{ value: userName, type: 'work', primary: true }],
        }),
      });
    } catch (error) {
      // A connection the server closed under the request: sent once more, a 409 then means the first one landed.
      if (retried) throw error;
      return create(index, true);
    }
    const text = await answer.body.text();
    if (answer.statusCode !== 201 && !(retried && answer.statusCode === 409)) {
      throw new Error(`bench: seeding user ${index} was answered ${answer.statusCode}: ${text}`);
    }
  };
  try {
    for (let next = 0; next < count; next += SEED_CONCURRENCY) {
      await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, count - next) }, (_, offset) => create(next + offset)));
    }
  } finally {
    await pool.close();
  }
}
