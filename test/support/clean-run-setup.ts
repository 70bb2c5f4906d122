/**
 * vitest's global set-up for the shared clean run (test/support/clean-run.ts): a loopback endpoint that
 * starts `scimprobe serve` and one `scimprobe run` against it on the first request, and answers every
 * request with the outcome once the run has ended. Runs that use no test of it start nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import { CLI_PATH, runCli, temporaryFolder } from './cli.js';
import type { CleanRunOutcome } from './clean-run.js';
import { listenOnLoopback } from './loopback.js';

/** Shaped like a real token, so that a leak of it would stand out in any output. */
const TOKEN = 'tok-5e0a7c13b94f2d68';
const SEED = '424242';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await temporaryFolder('clean-run');
  let serve: ChildProcess | undefined;
  let outcome: Promise<CleanRunOutcome> | undefined;

  const start = async (): Promise<CleanRunOutcome> => {
    const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    serve = child;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`scimprobe serve exited (${String(code)}) before printing its URL: ${stderr}`);
    });
    const [line] = (await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited])) as [string];
    const url = line.trim();
    const reportDir = join(folder.path, 'reports');
    const run = await runCli(['run', '--url', url, '--token', TOKEN, '--seed', SEED, '--report-dir', reportDir]);
    return { url, token: TOKEN, seed: SEED, reportDir, run };
  };

  const endpoint = createServer((_request, response) => {
    outcome ??= start();
    outcome.then(
      (value) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value)),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? (error.stack ?? error.message) : String(error)),
    );
  });
  const listening = await listenOnLoopback(endpoint);
  project.provide('cleanRunUrl', listening.origin);

  return async () => {
    await listening.close();
    await outcome?.catch(() => undefined);
    if (serve !== undefined && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await once(serve, 'exit');
    }
    await folder.remove();
  };
}
