/** Runs the built CLI (dist/) as a user would, in a child process. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-files.js';
import type { HostJob, HostReply } from './cli-host.js';

export const CLI_PATH = join(PACKAGE_ROOT, 'dist/src/cli.js');
const HOST_PATH = join(PACKAGE_ROOT, 'dist/test/support/cli-host.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where and with what environment the CLI starts: the package root, and the test's environment with `env` over it. */
export interface CliStart {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function runCli(args: string[], options: CliStart & { command?: string[] } = {}): Promise<CliRun> {
  const [executable, ...prefix] = options.command ?? [process.execPath, CLI_PATH];
  return new Promise((resolve, reject) => {
    const child = spawn(executable!, [...prefix, ...args], {
      cwd: options.cwd ?? PACKAGE_ROOT,
      // A CI job summary of the project's own test runs would be noise: a test that wants one names its file.
      env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Host {
  process: ChildProcess;
  /** What the process wrote to its own stdout and stderr, rather than through main()'s, since its last run ended. */
  stdout: string;
  stderr: string;
}

/**
 * Processes that each run the built CLI's main() (test/support/cli-host.ts), one run at a time, for a test
 * file that runs the CLI several times: a run then skips starting Node and loading the harness, which is
 * most of a small run's CPU. main() gets the arguments, environment and working folder the CLI would; what a
 * process writes to its own stdout or stderr during a run is that run's output too, as it would be the
 * CLI's, and so is the notice of anything main() left open that would keep the CLI's process alive. What
 * only a process of its own shows (its exit on a signal, the installed package's bin) is tested with runCli.
 */
export class CliHosts {
  private readonly idle: Host[] = [];
  private readonly waiting: Array<(host: Host) => void> = [];

  private constructor(private readonly hosts: Host[]) {
    this.idle.push(...hosts);
  }

  static start(count: number): CliHosts {
    return new CliHosts(Array.from({ length: count }, () => {
      // No execArgv: a host is started as plainly as the CLI, not with the flags of the test's worker.
      const child = fork(HOST_PATH, [], { cwd: PACKAGE_ROOT, env: { ...process.env, NO_COLOR: '1' }, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      const host: Host = { process: child, stdout: '', stderr: '' };
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (host.stdout += chunk));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (host.stderr += chunk));
      return host;
    }));
  }

  /** `scimprobe ARGS` in the first host free. */
  async run(args: string[], options: CliStart = {}): Promise<CliRun> {
    const host = this.idle.pop() ?? (await new Promise<Host>((resolve) => this.waiting.push(resolve)));
    try {
      const reply = await new Promise<HostReply>((resolve, reject) => {
        const onExit = (code: number | null): void => reject(new Error(`the CLI host exited (${code ?? 'signal'}) during a run: ${host.stderr}`));
        host.process.once('exit', onExit);
        host.process.once('message', (message: HostReply) => {
          host.process.off('exit', onExit);
          resolve(message);
        });
        const env = Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: '1', ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined));
        const job: HostJob = { args, env, cwd: options.cwd ?? PACKAGE_ROOT };
        host.process.send(job);
      });
      const run = { code: reply.code, stdout: host.stdout + reply.stdout, stderr: host.stderr + reply.stderr };
      host.stdout = '';
      host.stderr = '';
      return run;
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.idle.push(host);
      else next(host);
    }
  }

  /** Ends the hosts; throws when one wrote anything after its last run. */
  async close(): Promise<void> {
    await Promise.all(this.hosts.map((host) => new Promise<void>((resolve) => {
      if (!host.process.connected) {
        resolve();
        return;
      }
      host.process.once('exit', () => resolve());
      host.process.disconnect();
    })));
    const late = this.hosts.map((host) => host.stdout + host.stderr).join('');
    if (late !== '') throw new Error(`a CLI host wrote after its last run: ${late}`);
  }
}

/** A fresh temporary folder, and a function that removes it. */
export async function temporaryFolder(label: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `scimprobe-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The parts of results.json the tests read. */
export interface ResultsJson {
  tool: { name: string; version: string };
  target: { url: string; capabilities?: Record<string, unknown> };
  seed: number;
  verdict: 'pass' | 'fail' | 'error';
  exitCode: number;
  gate: { failOn: 'must' | 'should'; summary: string; blocking: string[]; known: string[]; warnings: string[] };
  stopped?: string;
  run: { insecure: boolean; warnings: string[] };
  startedAt: string;
  durationMs: number;
  tenantRules: Array<{ resourceType: string; requires: string[]; template?: Record<string, unknown>; refused?: string }>;
  summary: { passed: number; failed: number; skipped: number; errored: number; consequences: number };
  checks: Array<{
    id: string; title: string; area: string; level: string; requirements: string[]; status: string; message?: string; durationMs: number;
    consequenceOf?: string; evidence?: unknown[];
  }>;
}

export async function readResults(reportDir: string): Promise<ResultsJson> {
  return JSON.parse(await readFile(join(reportDir, 'results.json'), 'utf8')) as ResultsJson;
}

/** check id -> status, for comparing runs. */
export function statusById(results: ResultsJson): Map<string, string> {
  return new Map(results.checks.map((check) => [check.id, check.status]));
}
