/** `scimprobe run`: checks a target (or the embedded reference server) and writes the reports. */
import { ENV_OAUTH_CLIENT_SECRET, ENV_TOKEN, ENV_URL, type RunFlags, loadRunConfig } from '../config/load.js';
import { CHECKS } from '../checks/catalog.js';
import { AREAS } from '../checks/types.js';
import { DEFAULTS, LIMITS, RATE_LIMITS } from '../config/validate.js';
import { HELP_OPTION, type OptionSpec, type ParsedOptions, formatOptions, wrapWords } from './args.js';
import type { CliIo } from './main.js';

export const RUN_SUMMARY = 'check a SCIM service provider (the default command)';

export const RUN_OPTIONS: readonly OptionSpec[] = [
  { name: 'url', type: 'string', valueName: 'URL', description: 'Base URL of the SCIM service, e.g. https://scim.example.com/scim/v2.' },
  { name: 'token', type: 'string', valueName: 'T', secret: true, description: "Bearer token: sends 'Authorization: Bearer T'." },
  { name: 'basic', type: 'string', valueName: 'USER:PASS', secret: true, description: 'HTTP Basic credentials, split at the first colon.' },
  {
    name: 'header', type: 'string', multiple: true, valueName: "'NAME: VALUE'", secret: true,
    description: 'Extra header sent with every request (repeatable).',
  },
  {
    name: 'oauth-token-url', type: 'string', valueName: 'URL',
    description: `OAuth 2.0 token endpoint: fetches the bearer token (client credentials; secret in ${ENV_OAUTH_CLIENT_SECRET}).`,
  },
  { name: 'oauth-client-id', type: 'string', valueName: 'ID', description: 'OAuth client id (with --oauth-token-url).' },
  { name: 'oauth-scope', type: 'string', valueName: 'SCOPES', description: 'Space-separated scopes to request (with --oauth-token-url).' },
  { name: 'ca', type: 'string', valueName: 'FILE', description: "PEM file of CA certificates trusted besides the built-in roots (a private CA)." },
  { name: 'cert', type: 'string', valueName: 'FILE', description: 'PEM client certificate, for targets that require mutual TLS (with --key).' },
  { name: 'key', type: 'string', valueName: 'FILE', description: 'PEM private key of --cert (unencrypted).' },
  { name: 'insecure', type: 'boolean', description: 'Skips TLS certificate verification; every report states it.' },
  { name: 'config', type: 'string', valueName: 'FILE', description: 'Config file (default: scimprobe.yaml in the working directory, if any).' },
  {
    name: 'suite', type: 'string', multiple: true, valueName: 'AREA',
    description: 'Runs only these areas or suites (repeatable, or comma-separated).',
  },
  { name: 'grep', type: 'string', valueName: 'PATTERN', description: 'Runs only the checks whose id matches this regular expression.' },
  { name: 'seed', type: 'string', valueName: 'N', description: 'Seed of the property-based checks (0..4294967295), to replay a run.' },
  {
    name: 'num-runs', type: 'string', valueName: 'N',
    description: `Generated cases per property-based check, ${LIMITS.numRuns.min}..${LIMITS.numRuns.max} (default: ${DEFAULTS.numRuns}).`,
  },
  { name: 'report-dir', type: 'string', valueName: 'DIR', description: `Folder for the reports (default: ${DEFAULTS.reportDir}).` },
  {
    name: 'baseline', type: 'string', valueName: 'FILE',
    description: 'Known failures (YAML): reported, but they do not fail the run; a new failure, or one whose entry expired, does.',
  },
  { name: 'write-baseline', type: 'string', valueName: 'FILE', description: "Writes this run's failures as a baseline file, to start from." },
  {
    name: 'fail-on', type: 'string', valueName: 'LEVEL',
    description: 'Which failures fail the run: must (default), or should, which makes SHOULD-level failures fail it too.',
  },
  { name: 'read-only', type: 'boolean', description: 'Runs only the checks that change nothing on the target.' },
  {
    name: 'no-learning', type: 'boolean',
    description: "Does not learn the target's rules for new Users (e-mail userName, e-mail, name) first: resources are built from /Schemas and the config's templates alone.",
  },
  { name: 'timeout', type: 'string', valueName: 'MS', description: `Per-request timeout in milliseconds (default: ${DEFAULTS.timeoutMs}).` },
  {
    name: 'retries', type: 'string', valueName: 'N',
    description: `Retries of a request answered 429 or 503, 0..10 (default: ${DEFAULTS.maxRetries}).`,
  },
  {
    name: 'rate', type: 'string', valueName: 'N',
    description: `At most N requests per second over the whole run, retries included; fractions allowed, ${RATE_LIMITS.min}..${RATE_LIMITS.max} (default: no limit).`,
  },
  {
    name: 'concurrency', type: 'string', valueName: 'N',
    description: `At most N requests in flight at once over the whole run, ${LIMITS.concurrency.min}..${LIMITS.concurrency.max} (default: no limit).`,
  },
  HELP_OPTION,
];

export function runHelp(): string {
  return `Usage: scimprobe [run] [options]

Checks a SCIM 2.0 service provider against RFC 7643 and RFC 7644 and writes junit.xml, report.html,
results.json and exchanges.har to the report folder. With no URL from the flags, the environment or
the config file, it starts the embedded reference server and checks that.

Options:
${formatOptions(RUN_OPTIONS)}

Settings come from the config file, then the environment, then the flags; later wins.

Environment:
  ${ENV_URL}                  the target's base URL, like --url
  ${ENV_TOKEN}                a bearer token, like --token (keeps it out of the process list)
  ${ENV_OAUTH_CLIENT_SECRET}  the OAuth client secret, with --oauth-token-url

Areas (for --suite):
${wrapWords(AREAS.filter((area) => CHECKS.some((check) => check.area === area)), 96, '  ')}
'scimprobe list' shows every check with its area.

Exit codes:
  0  the gate passed: no MUST-level failure (nor SHOULD with --fail-on should) outside the baseline
  1  the gate failed, or a check errored
  2  usage or configuration error
  3  target unreachable, or credentials rejected during discovery (an OAuth token endpoint included)
  4  internal error (a bug in scimprobe)
  130, 143  stopped by SIGINT or SIGTERM, after deleting what the run created
`;
}

/** The run command's parsed options as the config loader takes them. */
export function runFlags(options: ParsedOptions): RunFlags {
  return {
    url: options.string('url'),
    token: options.string('token'),
    basic: options.string('basic'),
    headers: options.strings('header'),
    config: options.string('config'),
    suites: options.strings('suite'),
    grep: options.string('grep'),
    seed: options.string('seed'),
    numRuns: options.string('num-runs'),
    reportDir: options.string('report-dir'),
    readOnly: options.flag('read-only'),
    noLearning: options.flag('no-learning'),
    baseline: options.string('baseline'),
    writeBaseline: options.string('write-baseline'),
    failOn: options.string('fail-on'),
    timeout: options.string('timeout'),
    retries: options.string('retries'),
    rate: options.string('rate'),
    concurrency: options.string('concurrency'),
    ca: options.string('ca'),
    cert: options.string('cert'),
    key: options.string('key'),
    insecure: options.flag('insecure'),
    oauthTokenUrl: options.string('oauth-token-url'),
    oauthClientId: options.string('oauth-client-id'),
    oauthScope: options.string('oauth-scope'),
  };
}

export async function runCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const config = loadRunConfig(runFlags(options), io.env, io.cwd);
  // Loaded on demand: the runner brings in vitest, which `list`, `serve` and `--help` do not need.
  const { runConformance } = await import('../runner/run.js');
  return runConformance(config, { stdout: io.stdout, stderr: io.stderr, ...(io.env.GITHUB_STEP_SUMMARY === undefined ? {} : { stepSummary: io.env.GITHUB_STEP_SUMMARY }) });
}
