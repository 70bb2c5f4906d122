/** Runs the built CLI (dist/) as a user would, in a child process. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-files.js';

export const CLI_PATH = join(PACKAGE_ROOT, 'dist/src/cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; command?: string[] } = {}): Promise<CliRun> {
  const [executable, ...prefix] = options.command ?? [process.execPath, CLI_PATH];
  return new Promise((resolve, reject) => {
    const child = spawn(executable!, [...prefix, ...args], {
      cwd: options.cwd ?? PACKAGE_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
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

/** A fresh temporary folder, and a function that removes it. */
export async function temporaryFolder(label: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `scimprobe-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The parts of results.json the tests read. */
export interface ResultsJson {
  tool: { name: string; version: string };
  target: { url: string; capabilities: Record<string, unknown> };
  seed: number;
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
