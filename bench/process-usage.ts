/**
 * Runs a command as a child process and measures it as a whole: wall time, CPU time of the child and every
 * process below it (vitest's workers), peak resident memory. Linux only: it reads /proc.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isJsonObject, parseJson } from '../src/scim/json.js';

/** What one process of the tree reported about itself at exit (bench/usage-probe.ts). */
export interface ProcessReport {
  pid: number;
  ppid: number;
  maxRssBytes: number;
  cpuMs: number;
}

export interface ProcessUsage {
  exitCode: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** User + system CPU of the child and of its descendants it waited for. */
  cpuMs: number;
  /** The highest peak resident set of any one process of the tree (its own report, or /proc's VmHWM). */
  peakRssBytes: number;
  /** Each process's report on itself, the child first. */
  processes: ProcessReport[];
  /** The highest sum of the tree's resident sets seen by sampling. */
  peakTreeRssBytes: number;
}

const SAMPLE_INTERVAL_MS = 25;
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * CPU time of this process's children that have been waited for (and of theirs), in ms: fields cutime and
 * cstime of /proc/self/stat. Node waits for each child it spawns, and the child for its own workers.
 */
function waitedChildrenCpuMs(): number {
  return statCpuMs('self', 16, 17);
}

/** CPU time a running process has used so far, in ms: fields utime and stime of /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  return statCpuMs(String(pid), 14, 15);
}

/** The sum of two clock-tick fields of /proc/<pid>/stat (numbered from 1, as in proc(5)), in ms. */
function statCpuMs(pid: string, user: number, system: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are space-separated, field 3 first.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[user - 3]) + Number(fields[system - 3]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0; // the process ended between listing and reading
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text !== '') children.push(...text.split(' ').map(Number));
    } catch {
      // the thread ended
    }
  }
  return children;
}

function processTree(root: number): number[] {
  const tree = [root];
  for (let index = 0; index < tree.length; index += 1) tree.push(...childrenOf(tree[index]!));
  return tree;
}

const PROBE = new URL('./usage-probe.js', import.meta.url);

function processReports(text: string, root: number): ProcessReport[] {
  const reports: ProcessReport[] = [];
  for (const line of text.split('\n')) {
    const report = parseJson(line);
    if (!isJsonObject(report)) continue;
    const { pid, ppid, maxRssBytes, cpuMs } = report;
    if (typeof pid === 'number' && typeof ppid === 'number' && typeof maxRssBytes === 'number' && typeof cpuMs === 'number') {
      reports.push({ pid, ppid, maxRssBytes, cpuMs });
    }
  }
  return reports.sort((a, b) => Number(b.pid === root) - Number(a.pid === root));
}

/** Runs `node <args>` to its end. */
export async function measureNode(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ProcessUsage> {
  if (!existsSync(PROBE)) throw new Error(`bench: ${PROBE.pathname} is missing; run the benchmark from dist (npm run bench)`);
  const folder = await mkdtemp(join(tmpdir(), 'scimprobe-bench-usage-'));
  const reportFile = join(folder, 'usage.jsonl');
  try {
    const usage = await measureChild(args, {
      cwd: options.cwd,
      env: {
        ...options.env,
        NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import ${PROBE.href}`.trim(),
        SCIMPROBE_BENCH_USAGE_FILE: reportFile,
      },
    });
    const reports = existsSync(reportFile) ? processReports(await readFile(reportFile, 'utf8'), usage.pid) : [];
    return {
      ...usage,
      peakRssBytes: Math.max(usage.peakRssBytes, ...reports.map((report) => report.maxRssBytes)),
      processes: reports,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function measureChild(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Omit<ProcessUsage, 'processes'> & { pid: number }> {
  const cpuBefore = waitedChildrenCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peakByPid = new Map<number, number>();
  let peakTreeKb = 0;
  const sample = (): void => {
    if (child.pid === undefined) return;
    let treeKb = 0;
    for (const pid of processTree(child.pid)) {
      peakByPid.set(pid, Math.max(peakByPid.get(pid) ?? 0, statusKb(pid, 'VmHWM')));
      treeKb += statusKb(pid, 'VmRSS');
    }
    peakTreeKb = Math.max(peakTreeKb, treeKb);
  };
  const sampler = setInterval(sample, SAMPLE_INTERVAL_MS);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(sampler);
      const wallMs = performance.now() - started;
      resolve({
        pid: child.pid ?? -1,
        exitCode: code ?? -1,
        stdout,
        stderr,
        wallMs,
        cpuMs: waitedChildrenCpuMs() - cpuBefore,
        peakRssBytes: Math.max(0, ...peakByPid.values()) * 1024,
        peakTreeRssBytes: peakTreeKb * 1024,
      });
    });
  });
}
