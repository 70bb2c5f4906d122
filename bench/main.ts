/**
 * `npm run bench`: how fast and how lean a run is, measured on the built CLI (dist/) in child processes.
 *   full      the default run against the embedded reference server
 *   replay    the same requests sent by a bare undici loop to a fresh reference server: the floor
 *   scale     the pagination and filter suites against a server holding many users
 *   property  filter.matches-oracle at 1,000 generated cases
 * Prints a table of medians and writes every measurement as JSON. The seed is fixed, so each run sends
 * the same kind of requests; timings still vary with the machine's load, which is recorded beside them.
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENV_TOKEN } from '../src/config/load.js';
import { PACKAGE_ROOT } from '../src/package-files.js';
import { isJsonObject } from '../src/scim/json.js';
import { recordedExchanges, type RecordedExchange } from './har.js';
import { measureNode, processCpuMs, type ProcessUsage } from './process-usage.js';
import { seedUsers, serveReference } from './reference.js';
import { replay } from './replay.js';
import { figure, formatTable, median } from './stats.js';

const CLI = join(PACKAGE_ROOT, 'dist/src/cli.js');
const PARTS = ['full', 'replay', 'scale', 'property'] as const;
type Part = (typeof PARTS)[number];
const PROPERTY_RUNS = 1000;
const PROPERTY_CHECK = 'filter.matches-oracle';
const MB = 1024 * 1024;

interface Options {
  out: string;
  repeat: number;
  seed: number;
  sizes: number[];
  parts: Set<Part>;
}

function usage(message: string): never {
  process.stderr.write(
    `bench: ${message}\nUsage: npm run bench -- [--out FILE] [--repeat N] [--seed N] [--sizes N,N,...] [--only ${PARTS.join(',')}]\n`,
  );
  process.exit(2);
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) usage(`${flag} must be a positive integer, got "${text}"`);
  return value;
}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        out: { type: 'string', default: 'reports/bench.json' },
        repeat: { type: 'string', default: '5' },
        seed: { type: 'string', default: '1' },
        sizes: { type: 'string', default: '1000,5000,10000' },
        only: { type: 'string', default: PARTS.join(',') },
      },
    }).values;
  } catch (error) {
    usage((error as Error).message);
  }
  const parts = parsed.only.split(',').map((part) => {
    const known = PARTS.find((name) => name === part.trim());
    return known ?? usage(`--only takes ${PARTS.join(', ')}; got "${part}"`);
  });
  return {
    out: resolve(parsed.out),
    repeat: positiveInteger(parsed.repeat, '--repeat'),
    seed: positiveInteger(parsed.seed, '--seed'),
    sizes: parsed.sizes.split(',').map((size) => positiveInteger(size.trim(), '--sizes')),
    parts: new Set(parts),
  };
}

/** One measured CLI run: what the process used, and what its reports say it did. */
interface RunSample {
  load1: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  peakTreeRssMb: number;
  processes: { pid: number; maxRssMb: number; cpuMs: number }[];
  checks: number;
  exchanges: number;
  /** durationMs of each check in results.json, by id. */
  checkMs: Record<string, number>;
}

interface RunEvidence {
  sample: RunSample;
  exchanges: RecordedExchange[];
}

function round(value: number, decimals = 1): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunEvidence> {
  const reportDir = await mkdtemp(join(tmpdir(), 'scimprobe-bench-run-'));
  try {
    const load1 = loadavg()[0]!;
    const used: ProcessUsage = await measureNode([CLI, 'run', ...args, '--report-dir', reportDir], { cwd: PACKAGE_ROOT, env });
    if (used.exitCode !== 0) {
      throw new Error(`bench: scimprobe run ${args.join(' ')} exited ${used.exitCode}:\n${used.stdout}\n${used.stderr}`);
    }
    const results: unknown = JSON.parse(await readFile(join(reportDir, 'results.json'), 'utf8'));
    const exchanges = recordedExchanges(JSON.parse(await readFile(join(reportDir, 'exchanges.har'), 'utf8')));
    const checkMs: Record<string, number> = {};
    const checks = isJsonObject(results) && Array.isArray(results['checks']) ? results['checks'] : [];
    for (const check of checks) {
      if (isJsonObject(check) && typeof check['id'] === 'string' && typeof check['durationMs'] === 'number') checkMs[check['id']] = check['durationMs'];
    }
    return {
      sample: {
        load1: round(load1, 2),
        wallMs: round(used.wallMs),
        cpuMs: round(used.cpuMs),
        peakRssMb: round(used.peakRssBytes / MB),
        peakTreeRssMb: round(used.peakTreeRssBytes / MB),
        processes: used.processes.map((p) => ({ pid: p.pid, maxRssMb: round(p.maxRssBytes / MB), cpuMs: round(p.cpuMs) })),
        checks: checks.length,
        exchanges: exchanges.length,
        checkMs,
      },
      exchanges,
    };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message} (load ${loadavg()[0]!.toFixed(2)})\n`);
}

function medianOf<T>(samples: readonly T[], pick: (sample: T) => number): number {
  return round(median(samples.map(pick)), 2);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const seedArgs = ['--seed', String(options.seed)];
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  const output: Record<string, unknown> = {};
  const rows: string[][] = [];

  let firstRunExchanges: RecordedExchange[] | undefined;
  if (options.parts.has('full') || options.parts.has('replay')) {
    const samples: RunSample[] = [];
    for (let index = 0; index < options.repeat; index += 1) {
      progress(`full run ${index + 1}/${options.repeat}`);
      const run = await runCli(seedArgs);
      firstRunExchanges ??= run.exchanges;
      samples.push(run.sample);
    }
    const full = {
      command: `node dist/src/cli.js run --seed ${options.seed}`,
      samples,
      median: {
        wallMs: medianOf(samples, (s) => s.wallMs),
        checks: medianOf(samples, (s) => s.checks),
        exchanges: medianOf(samples, (s) => s.exchanges),
        exchangesPerSecond: medianOf(samples, (s) => s.exchanges / (s.wallMs / 1000)),
        cpuMsPerExchange: medianOf(samples, (s) => s.cpuMs / s.exchanges),
        peakRssMb: medianOf(samples, (s) => s.peakRssMb),
        peakTreeRssMb: medianOf(samples, (s) => s.peakTreeRssMb),
      },
    };
    output['full'] = full;
    const m = full.median;
    rows.push([
      'full default run',
      figure(m.wallMs / 1000, 2),
      `${m.checks} checks, ${m.exchanges} exchanges, ${figure(m.exchangesPerSecond)} exch/s, ${figure(m.cpuMsPerExchange, 2)} ms CPU/exch`,
      figure(m.peakRssMb),
      `${samples.map((s) => s.load1.toFixed(2)).join(' ')}`,
    ]);
  }

  if (options.parts.has('replay') && firstRunExchanges !== undefined) {
    const samples: { load1: number; wallMs: number; cpuMs: number; exchanges: number; sameStatus: number }[] = [];
    for (let index = 0; index < options.repeat; index += 1) {
      progress(`replay ${index + 1}/${options.repeat}`);
      const server = await serveReference(CLI, PACKAGE_ROOT);
      const load1 = loadavg()[0]!;
      let outcome: Awaited<ReturnType<typeof replay>>;
      let cpuMs: number;
      try {
        // CPU of the loop (this process) and of the server process while the requests are sent.
        const serverCpuBefore = processCpuMs(server.pid);
        const loopCpuBefore = process.cpuUsage();
        outcome = await replay(firstRunExchanges, server.url, server.token);
        const loopCpu = process.cpuUsage(loopCpuBefore);
        cpuMs = (loopCpu.user + loopCpu.system) / 1000 + processCpuMs(server.pid) - serverCpuBefore;
      } finally {
        await server.stop();
      }
      samples.push({ load1: round(load1, 2), wallMs: round(outcome.wallMs), cpuMs: round(cpuMs), exchanges: outcome.exchanges, sameStatus: outcome.sameStatus });
    }
    const full = (output['full'] as { median: { wallMs: number; cpuMsPerExchange: number } }).median;
    const replayWall = medianOf(samples, (s) => s.wallMs);
    const replayCpuPerExchange = medianOf(samples, (s) => s.cpuMs / s.exchanges);
    output['replay'] = {
      samples,
      median: {
        wallMs: replayWall,
        cpuMsPerExchange: replayCpuPerExchange,
        harnessOverReplay: round(full.wallMs / replayWall, 2),
        harnessOverReplayCpu: round(full.cpuMsPerExchange / replayCpuPerExchange, 2),
      },
    };
    rows.push([
      'replay (bare undici)',
      figure(replayWall / 1000, 2),
      `${samples[0]!.exchanges} exchanges, ${samples[0]!.sameStatus} same status, ${figure(replayCpuPerExchange, 2)} ms CPU/exch (incl. server process); ` +
        `harness/replay wall ${figure(full.wallMs / replayWall, 2)}, CPU ${figure(full.cpuMsPerExchange / replayCpuPerExchange, 2)}`,
      '',
      `${samples.map((s) => s.load1.toFixed(2)).join(' ')}`,
    ]);
  }

  if (options.parts.has('scale')) {
    const sizes: Record<string, unknown>[] = [];
    for (const size of options.sizes) {
      const server = await serveReference(CLI, PACKAGE_ROOT);
      try {
        progress(`seeding ${size} users`);
        const seeding = performance.now();
        await seedUsers(server, size);
        const seedMs = round(performance.now() - seeding);
        const samples: (RunSample & { serverCpuMs: number })[] = [];
        for (let index = 0; index < options.repeat; index += 1) {
          progress(`pagination+filter with ${size} users ${index + 1}/${options.repeat}`);
          const serverCpuBefore = processCpuMs(server.pid);
          const { sample } = await runCli(['--url', server.url, '--suite', 'pagination,filter', ...seedArgs], { [ENV_TOKEN]: server.token });
          samples.push({ ...sample, serverCpuMs: round(processCpuMs(server.pid) - serverCpuBefore) });
        }
        const m = {
          wallMs: medianOf(samples, (s) => s.wallMs),
          serverCpuMs: medianOf(samples, (s) => s.serverCpuMs),
          walkMs: medianOf(samples, (s) => s.checkMs['pagination.walk-all-pages'] ?? Number.NaN),
          peakRssMb: medianOf(samples, (s) => s.peakRssMb),
          peakTreeRssMb: medianOf(samples, (s) => s.peakTreeRssMb),
          exchanges: medianOf(samples, (s) => s.exchanges),
        };
        sizes.push({ resources: size, seedMs, samples, median: m });
        rows.push([
          `pagination,filter @ ${size} users`,
          figure(m.wallMs / 1000, 2),
          `walk-all-pages ${figure(m.walkMs)} ms, ${m.exchanges} exchanges, tree RSS ${figure(m.peakTreeRssMb)} MB, server CPU ${figure(m.serverCpuMs / 1000, 2)} s`,
          figure(m.peakRssMb),
          `${samples.map((s) => s.load1.toFixed(2)).join(' ')}`,
        ]);
      } finally {
        await server.stop();
      }
    }
    output['scale'] = { command: `node dist/src/cli.js run --url URL --suite pagination,filter --seed ${options.seed}`, sizes };
  }

  if (options.parts.has('property')) {
    const samples: RunSample[] = [];
    for (let index = 0; index < options.repeat; index += 1) {
      progress(`${PROPERTY_CHECK} at ${PROPERTY_RUNS} runs ${index + 1}/${options.repeat}`);
      samples.push((await runCli(['--num-runs', String(PROPERTY_RUNS), '--grep', PROPERTY_CHECK, ...seedArgs])).sample);
    }
    const m = {
      checkMs: medianOf(samples, (s) => s.checkMs[PROPERTY_CHECK] ?? Number.NaN),
      wallMs: medianOf(samples, (s) => s.wallMs),
      runsPerSecond: medianOf(samples, (s) => PROPERTY_RUNS / ((s.checkMs[PROPERTY_CHECK] ?? Number.NaN) / 1000)),
      runsPerSecondWall: medianOf(samples, (s) => PROPERTY_RUNS / (s.wallMs / 1000)),
      peakRssMb: medianOf(samples, (s) => s.peakRssMb),
    };
    output['property'] = {
      command: `node dist/src/cli.js run --num-runs ${PROPERTY_RUNS} --grep ${PROPERTY_CHECK} --seed ${options.seed}`,
      samples,
      median: m,
    };
    rows.push([
      `${PROPERTY_CHECK} x${PROPERTY_RUNS}`,
      figure(m.wallMs / 1000, 2),
      `check ${figure(m.checkMs)} ms: ${figure(m.runsPerSecond)} runs/s (${figure(m.runsPerSecondWall)} runs/s by process wall)`,
      figure(m.peakRssMb),
      `${samples.map((s) => s.load1.toFixed(2)).join(' ')}`,
    ]);
  }

  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadBefore: loadBefore.map((load) => round(load, 2)),
    loadAfter: loadavg().map((load) => round(load, 2)),
  };
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify({ startedAt, seed: options.seed, repeat: options.repeat, machine, ...output }, null, 2)}\n`);
  process.stdout.write(
    `scimprobe bench: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, load before ${machine.loadBefore.join(' ')}, ` +
      `after ${machine.loadAfter.join(' ')}; medians of ${options.repeat} runs, seed ${options.seed}\n\n` +
      `${formatTable(['measurement', 'wall s', 'detail', 'peak RSS MB', 'load (1 min) per run'], rows)}\n\nWritten to ${options.out}\n`,
  );
}

await main();
