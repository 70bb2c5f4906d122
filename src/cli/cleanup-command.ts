/** `scimprobe cleanup`: deletes what an interrupted run left on the target, as its ledger lists it. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadRunConfig } from '../config/load.js';
import { ExchangeRecorder } from '../http/recorder.js';
import { Redactor } from '../http/redact.js';
import { ScimClient } from '../http/client.js';
import { outstandingResources, sweepLedger } from '../runner/ledger.js';
import { HELP_OPTION, type OptionSpec, type ParsedOptions, formatOptions } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './main.js';
import { RUN_OPTIONS, runFlags } from './run-command.js';

export const CLEANUP_SUMMARY = "delete what an interrupted run left on the target (from its ledger)";

/** The target is given exactly as for `run`. */
const TARGET_OPTIONS = new Set(['url', 'token', 'basic', 'header', 'oauth-token-url', 'oauth-client-id', 'oauth-scope', 'ca', 'cert', 'key', 'insecure', 'config', 'timeout', 'retries']);

export const CLEANUP_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'ledger', type: 'string', valueName: 'FILE',
    description: 'The ledger of the run to clean up: scimprobe-ledger-<run id>.jsonl in its report folder.',
  },
  ...RUN_OPTIONS.filter((option) => TARGET_OPTIONS.has(option.name)),
  HELP_OPTION,
];

export function cleanupHelp(): string {
  return `Usage: scimprobe cleanup --ledger FILE --url URL [credentials]

Every run writes each resource it creates to a ledger in its report folder and deletes them all before
it ends. When a run could not finish that (killed, or a delete failed), its ledger stays behind and the
summary names it. This command deletes exactly the resources the ledger lists as not yet deleted, and
nothing else; a resource already gone counts as deleted. The ledger is removed once nothing is left.

Options:
${formatOptions(CLEANUP_OPTIONS)}

Exit codes: 0 nothing left, 1 some resources could not be deleted, 2 usage or configuration error.
`;
}

export async function cleanupCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const ledger = options.string('ledger');
  if (ledger === undefined) throw new UsageError('cleanup needs --ledger FILE: the ledger the interrupted run left in its report folder');
  const path = resolve(io.cwd, ledger);
  if (!existsSync(path)) throw new UsageError(`--ledger ${ledger} does not exist; a run removes its ledger once everything it created is deleted`);
  const { target } = loadRunConfig(runFlags(options), io.env, io.cwd);
  if (target === undefined) throw new UsageError('cleanup needs the target the run checked: give --url (and its credentials) or SCIMPROBE_URL');

  const outstanding = outstandingResources(path).length;
  const client = new ScimClient(target, new ExchangeRecorder(Redactor.forTarget(target)));
  try {
    const { deleted, left } = await sweepLedger(path, client);
    io.stdout.write(`${deleted} of ${outstanding} resources listed in ${ledger} deleted (or already gone)\n`);
    if (left.length === 0) return 0;
    io.stderr.write(`scimprobe: ${left.length} could not be deleted: ${left.join('; ')}; the ledger is kept\n`);
    return 1;
  } finally {
    await client.close();
  }
}
