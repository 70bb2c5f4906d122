/**
 * `scimprobe cleanup`: deletes what an interrupted run left on the target, as its ledger lists it, or as
 * its run prefix finds it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TargetConfig } from '../config/types.js';
import { loadRunConfig } from '../config/load.js';
import { ExchangeRecorder } from '../http/recorder.js';
import { Redactor } from '../http/redact.js';
import { ScimClient } from '../http/client.js';
import { Limiter } from '../http/throttle.js';
import { outstandingResources, sweepLedger } from '../runner/ledger.js';
import { deleteByPrefix, RUN_PREFIX } from '../runner/prefix-sweep.js';
import { DiscoveryError } from '../discovery/discover.js';
import { discoverTarget } from '../runner/run.js';
import { EXIT } from '../results/verdict.js';
import { showValue } from '../config/validate.js';
import { HELP_OPTION, type OptionSpec, type ParsedOptions, formatOptions } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './main.js';
import { RUN_OPTIONS, runFlags } from './run-command.js';

export const CLEANUP_SUMMARY = "delete what an interrupted run left on the target (by its ledger or its run prefix)";

/** The target is given exactly as for `run`. */
const TARGET_OPTIONS = new Set([
  'url', 'token', 'basic', 'header', 'oauth-token-url', 'oauth-client-id', 'oauth-scope', 'ca', 'cert', 'key', 'insecure', 'config', 'timeout',
  'retries', 'rate', 'concurrency',
]);

export const CLEANUP_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'ledger', type: 'string', valueName: 'FILE',
    description: 'The ledger of the run to clean up: scimprobe-ledger-<run id>.jsonl in its report folder.',
  },
  {
    name: 'prefix', type: 'string', valueName: 'P',
    description: 'The run prefix of the run to clean up: scimprobe-<run id>, as in its ledger name and its resources.',
  },
  ...RUN_OPTIONS.filter((option) => TARGET_OPTIONS.has(option.name)),
  HELP_OPTION,
];

export function cleanupHelp(): string {
  return `Usage: scimprobe cleanup (--ledger FILE | --prefix scimprobe-<run id>) --url URL [credentials]

Every run writes each resource it creates to a ledger in its report folder and deletes them all before
it ends. When a run could not finish that (killed, or a delete failed), its ledger stays behind and the
summary names it. --ledger deletes exactly the resources the ledger lists as not yet deleted, and
nothing else; a resource already gone counts as deleted. The ledger is removed once nothing is left.

Without the ledger, --prefix finds a run's resources by its run prefix: in every resource type the target
advertises, it asks for those whose name (userName, Group displayName, or the unique attributes of other
types) starts with the prefix, checks each answer itself, and deletes only those. Only the full prefix of
one run is accepted, so no other resource can match.

Options:
${formatOptions(CLEANUP_OPTIONS)}

Exit codes: 0 nothing left, 1 some resources could not be found or deleted, 2 usage or configuration error,
3 target unreachable or credentials rejected.
`;
}

export async function cleanupCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const ledger = options.string('ledger');
  const prefix = options.string('prefix');
  if (ledger === undefined && prefix === undefined) {
    throw new UsageError('cleanup needs --ledger FILE (the ledger the interrupted run left in its report folder) or --prefix scimprobe-<run id>');
  }
  if (ledger !== undefined && prefix !== undefined) throw new UsageError('cleanup takes --ledger or --prefix, not both: give one');
  if (prefix !== undefined && !RUN_PREFIX.test(prefix)) {
    throw new UsageError(
      `--prefix ${showValue(prefix)} is not a run prefix: give the full prefix of one run, scimprobe- and its 8-hex-digit run id (e.g. scimprobe-0badc0de, as in its ledger's name)`,
    );
  }
  const path = ledger === undefined ? undefined : resolve(io.cwd, ledger);
  if (ledger !== undefined && path !== undefined && !existsSync(path)) {
    throw new UsageError(`--ledger ${ledger} does not exist; a run removes its ledger once everything it created is deleted`);
  }
  const config = loadRunConfig(runFlags(options), io.env, io.cwd);
  if (config.target === undefined) throw new UsageError('cleanup needs the target the run checked: give --url (and its credentials) or SCIMPROBE_URL');

  const client = new ScimClient(config.target, new ExchangeRecorder(Redactor.forTarget(config.target)), { throttle: new Limiter(config.throttle) });
  try {
    if (ledger !== undefined && path !== undefined) {
      const outstanding = outstandingResources(path).length;
      const { deleted, left } = await sweepLedger(path, client);
      io.stdout.write(`${deleted} of ${outstanding} resources listed in ${ledger} deleted (or already gone)\n`);
      if (left.length === 0) return 0;
      io.stderr.write(`scimprobe: ${left.length} could not be deleted: ${left.join('; ')}; the ledger is kept\n`);
      return 1;
    }
    return await cleanupByPrefix(client, config.target, prefix ?? '', io);
  } finally {
    await client.close();
  }
}

async function cleanupByPrefix(client: ScimClient, target: TargetConfig, prefix: string, io: CliIo): Promise<number> {
  const capabilities = await discoverTarget(client, io.stderr);
  if (capabilities instanceof DiscoveryError) return EXIT.unreachable;
  if (!capabilities.filter.supported) {
    io.stderr.write(`scimprobe: ${target.url} does not advertise filtering (filter.supported), so resources cannot be found by prefix; clean up with the run's --ledger\n`);
    return 1;
  }
  const sweep = await deleteByPrefix(client, capabilities, prefix);
  const { found, deleted } = sweep;
  const problems = [...sweep.problems, ...sweep.declined];
  io.stdout.write(`${deleted} of ${found} resources with the prefix ${prefix} deleted (or already gone)\n`);
  if (problems.length === 0) return 0;
  io.stderr.write(`scimprobe: cleanup --prefix ${prefix} is not complete: ${problems.join('; ')}\n`);
  return 1;
}
