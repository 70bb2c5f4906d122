/**
 * Whatever is wrong with the config file, the flags or the environment, the harness says so in exactly one
 * line on stderr that names the setting and what a valid one looks like, exits 2, and prints no stack trace.
 * The cases run the CLI's main() in long-lived processes (CliHosts) with the arguments, environment and
 * folder of each: what they judge is main's answer.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI_PATH, CliHosts, temporaryFolder } from '../support/cli.js';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let hosts: CliHosts;

beforeAll(async () => {
  folder = await temporaryFolder('bad-input');
  hosts = CliHosts.start(2);
});
afterAll(async () => {
  await hosts.close();
  await folder.remove();
});

interface BadInput {
  name: string;
  /** Arguments; CONFIG stands for the path of a file holding `config`, DIR for a fresh folder. */
  args: string[];
  config?: string;
  env?: Record<string, string>;
  /** The one line expected on stderr, after `scimprobe: `. */
  says: RegExp;
}

const URL_ARGS = ['--url', 'http://127.0.0.1:9/scim/v2'];

const CASES: BadInput[] = [
  // The config file
  { name: 'invalid YAML', args: ['--config', 'CONFIG'], config: 'target:\n  url: [unclosed\n', says: /^config: .+\.yaml:3:1: invalid YAML: / },
  { name: 'a YAML alias bomb', args: ['--config', 'CONFIG'], config: 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n', says: /^config: .+: invalid YAML: Excessive alias count/ },
  { name: 'two YAML documents', args: ['--config', 'CONFIG'], config: 'a: 1\n---\nb: 2\n', says: /^config: .+: invalid YAML: / },
  { name: 'a duplicate key', args: ['--config', 'CONFIG'], config: 'target:\n  url: http://x\n  url: http://y\n', says: /^config: .+: invalid YAML: Map keys must be unique/ },
  { name: 'a file that is a list', args: ['--config', 'CONFIG'], config: '- a\n', says: /^config: the file must hold a mapping with target and run sections, got a list$/ },
  { name: 'a missing file', args: ['--config', 'no-such-file.yaml'], says: /^config: cannot read no-such-file\.yaml: the file does not exist$/ },
  { name: 'a folder as the file', args: ['--config', 'DIR'], says: /^config: cannot read .+: it is a directory, not a file$/ },
  { name: 'an unknown key', args: ['--config', 'CONFIG'], config: 'target:\n  urll: http://x\n', says: /^config: unknown key target\.urll \(did you mean url\?\)$/ },
  { name: 'an unknown section', args: ['--config', 'CONFIG'], config: 'targets: {}\n', says: /^config: unknown key targets \(did you mean target\?\)$/ },
  { name: 'a section of the wrong type', args: ['--config', 'CONFIG'], config: 'run: []\n', says: /^config: run must be a mapping, got a list$/ },
  { name: 'a string for an integer', args: ['--config', 'CONFIG'], config: 'target:\n  url: http://x\n  timeoutMs: soon\n', says: /^config: target\.timeoutMs must be an integer, got "soon"$/ },
  { name: 'a negative integer', args: ['--config', 'CONFIG'], config: 'run:\n  numRuns: -5\n', says: /^config: run\.numRuns must be an integer from 1 to 100000, got -5$/ },
  { name: 'NaN', args: ['--config', 'CONFIG'], config: 'run:\n  seed: .nan\n', says: /^config: run\.seed must be an integer, got NaN$/ },
  { name: 'a fractional seed', args: ['--config', 'CONFIG'], config: 'run:\n  seed: 1.5\n', says: /^config: run\.seed must be an integer, got 1\.5$/ },
  { name: 'a rate of 0', args: ['--config', 'CONFIG'], config: 'run:\n  rate: 0\n', says: /^config: run\.rate must be a number from 0\.01 to 10000, got 0$/ },
  { name: 'a rate that is a word', args: ['--config', 'CONFIG'], config: 'run:\n  rate: fast\n', says: /^config: run\.rate must be a number, got "fast"$/ },
  { name: 'a fractional concurrency', args: ['--config', 'CONFIG'], config: 'run:\n  concurrency: 1.5\n', says: /^config: run\.concurrency must be an integer, got 1\.5$/ },
  { name: 'a boolean that is a sentence', args: ['--config', 'CONFIG'], config: 'run:\n  readOnly: "yes please"\n', says: /^config: run\.readOnly must be true or false, got "yes please"$/ },
  { name: 'an unset ${ENV}', args: ['--config', 'CONFIG'], config: 'target:\n  url: ${SCIMPROBE_TEST_UNSET}\n', says: /^config: target\.url uses \$\{SCIMPROBE_TEST_UNSET\}, but the environment variable SCIMPROBE_TEST_UNSET is not set$/ },
  { name: 'a malformed ${ENV}', args: ['--config', 'CONFIG'], config: 'target:\n  url: ${URL\n', says: /^config: target\.url has a malformed \$\{…\} reference: write \$\{NAME\}/ },
  { name: 'an ${ENV} that is not a number', args: ['--config', 'CONFIG'], config: 'run:\n  seed: ${SEED}\n', env: { SEED: 'abc' }, says: /^config: run\.seed must be an integer, got "abc"$/ },
  { name: 'a bad URL in the file', args: ['--config', 'CONFIG'], config: 'target:\n  url: scim.example.com\n', says: /^config: target\.url must be an absolute http\(s\) URL, got "scim\.example\.com" \(include the scheme/ },
  { name: 'token and basic in the file', args: ['--config', 'CONFIG'], config: 'target:\n  url: http://x\n  token: a\n  basic: {username: u, password: p}\n', says: /^config: target\.token and target\.basic exclude each other: keep one$/ },
  { name: 'an Authorization header beside a token', args: ['--config', 'CONFIG'], config: 'target:\n  url: http://x\n  token: a\n  headers: {Authorization: Bearer b}\n', says: /^config: target\.headers sets Authorization, which conflicts with target\.token in the config file: give the credentials one way$/ },
  { name: 'an unquoted numeric token', args: ['--config', 'CONFIG'], config: 'target:\n  url: http://x\n  token: 0123\n', says: /^config: target\.token must be a string; quote it in the YAML/ },
  { name: 'a template of the id', args: ['--config', 'CONFIG'], config: 'templates:\n  User:\n    id: x\n', says: /^config: templates\.User\.id is set by the target or the harness on every resource; remove it from the template$/ },
  { name: 'a template that is not a mapping', args: ['--config', 'CONFIG'], config: 'templates:\n  User: [a]\n', says: /^config: templates\.User must be a mapping, got a list$/ },
  // Checked against what the embedded reference server advertises
  { name: 'a template of a type the target lacks', args: ['--config', 'CONFIG'], config: 'templates:\n  Usr: {}\n', says: /^config: templates\.Usr names no resource type the target advertises \(User, Group[^)]*\) \(did you mean User\?\)$/ },
  { name: 'a name template that hides the run prefix', args: ['--config', 'CONFIG'], config: 'templates:\n  User:\n    userName: "x-{name}"\n', says: /^config: templates\.User\.userName names each User, so it must be a string that starts with \{name\}: .+, got "x-\{name\}"$/ },
  { name: 'a template of an attribute the type lacks', args: ['--config', 'CONFIG'], config: 'templates:\n  User:\n    usrName: x\n', says: /^config: templates\.User\.usrName is not an attribute of urn:ietf:params:scim:schemas:core:2\.0:User \(did you mean userName\?\)$/ },
  { name: 'an unknown suite in the file', args: ['--config', 'CONFIG'], config: 'run:\n  suites: [filtre]\n', says: /^config: run\.suites names an unknown area or suite "filtre" \(did you mean filter\?\)/ },
  // Flags
  { name: 'a URL without a scheme', args: ['--url', 'foo'], says: /^--url must be an absolute http\(s\) URL, got "foo" \(include the scheme, e\.g\. "http:\/\/foo"\)$/ },
  { name: 'a URL of another scheme', args: ['--url', 'ftp://x'], says: /^--url must be an absolute http\(s\) URL, got "ftp:\/\/x"$/ },
  { name: 'a URL with a query', args: ['--url', 'http://x/scim?tenant=1'], says: /^--url must not have a query/ },
  { name: 'a URL with credentials', args: ['--url', 'http://u:p@x'], says: /^--url must not contain a user name or password: give credentials as a token or as basic auth$/ },
  { name: 'an unknown flag', args: ['--colour'], says: /^unknown option --colour for run; see scimprobe run --help$/ },
  { name: 'a flag without its value', args: ['--url'], says: /^--url needs a value/ },
  { name: 'a gate level that is no level', args: ['--fail-on', 'never'], says: /^--fail-on must be must or should, got "never"$/ },
  { name: 'help on an unknown command', args: ['help', 'runn'], says: /^unknown command "runn" \(did you mean run\?\); commands: / },
  { name: 'an unknown command', args: ['chek'], says: /^unknown command "chek"; commands: run, serve, list, cleanup, init; see scimprobe --help$/ },
  { name: 'a negative timeout', args: ['--timeout=-1'], says: /^--timeout must be an integer from 1 to 2147483647, got "-1"$/ },
  { name: 'a NaN timeout', args: ['--timeout', 'NaN'], says: /^--timeout must be an integer from 1 to 2147483647, got "NaN"$/ },
  { name: 'too many retries', args: ['--retries', '11'], says: /^--retries must be an integer from 0 to 10, got 11$/ },
  { name: 'a seed that is a word', args: ['--seed', 'abc'], says: /^--seed must be an integer from 0 to 4294967295, got "abc"$/ },
  { name: 'a seed too large', args: ['--seed', '99999999999'], says: /^--seed must be an integer from 0 to 4294967295, got 99999999999$/ },
  { name: 'a negative seed', args: ['--seed=-1'], says: /^--seed must be an integer from 0 to 4294967295, got "-1"$/ },
  { name: 'no generated cases', args: ['--num-runs', '0'], says: /^--num-runs must be an integer from 1 to 100000, got 0$/ },
  { name: 'a rate that is a word', args: ['--rate', 'fast'], says: /^--rate must be a number of requests per second from 0\.01 to 10000, got "fast"$/ },
  { name: 'a NaN rate', args: ['--rate', 'NaN'], says: /^--rate must be a number of requests per second from 0\.01 to 10000, got "NaN"$/ },
  { name: 'a negative rate', args: ['--rate=-3'], says: /^--rate must be a number of requests per second from 0\.01 to 10000, got "-3"$/ },
  { name: 'a rate in exponent form', args: ['--rate', '1e9'], says: /^--rate must be a number of requests per second from 0\.01 to 10000, got "1e9"$/ },
  { name: 'no concurrency', args: ['--concurrency', '0'], says: /^--concurrency must be an integer from 1 to 1000, got 0$/ },
  { name: 'an unknown suite', args: ['--suite', 'filtre'], says: /^--suite names an unknown area or suite "filtre" \(did you mean filter\?\)/ },
  { name: 'an empty suite list', args: ['--suite', ','], says: /^--suite must name at least one area or suite$/ },
  { name: 'an invalid --grep', args: ['--grep', '('], says: /^--grep is not a valid regular expression: / },
  { name: 'token and basic', args: [...URL_ARGS, '--token', 'a', '--basic', 'u:p'], says: /^--token and --basic exclude each other: give one$/ },
  { name: 'basic without a colon', args: [...URL_ARGS, '--basic', 'nocolon'], says: /^--basic must have the form USER:PASS$/ },
  { name: 'a header without a colon', args: [...URL_ARGS, '--header', 'nocolon'], says: /^--header must have the form 'Name: value'$/ },
  { name: 'a header the harness sets', args: [...URL_ARGS, '--header', 'Content-Type: text/plain'], says: /^--header cannot set Content-Type: the harness sets it for each request$/ },
  { name: 'credentials without a target', args: ['--token', 'a'], says: /^--token is set but there is no target URL: give --url/ },
  { name: 'a missing baseline', args: ['--baseline', 'no-such-baseline.yaml'], says: /^baseline no-such-baseline\.yaml: cannot read it: the file does not exist$/ },
  { name: 'a baseline in a missing folder', args: ['--write-baseline', 'no/such/folder/b.yaml'], says: /^cannot write the baseline to .+\/no\/such\/folder\/b\.yaml: .+ is not a folder you can write to; choose another --write-baseline$/ },
  { name: 'a report folder that is a file', args: ['--report-dir', 'CONFIG'], config: '', says: /^cannot write reports to .+: a file is in the way; choose another --report-dir$/ },
  { name: 'a report folder under a file', args: ['--report-dir', 'CONFIG/reports'], config: '', says: /^cannot write reports to .+: a file is in the way; choose another --report-dir$/ },
  { name: 'a report folder that cannot be created', args: ['--report-dir', '/proc/scimprobe-reports'], says: /^cannot write reports to \/proc\/scimprobe-reports: .+; choose another --report-dir$/ },
  // The environment
  { name: 'a bad SCIMPROBE_URL', args: [], env: { SCIMPROBE_URL: 'scim.example.com' }, says: /^SCIMPROBE_URL must be an absolute http\(s\) URL, got "scim\.example\.com"/ },
  { name: 'an empty SCIMPROBE_TOKEN', args: URL_ARGS, env: { SCIMPROBE_TOKEN: '' }, says: /^SCIMPROBE_TOKEN must not be empty$/ },
  { name: 'a SCIMPROBE_TOKEN with a line break', args: URL_ARGS, env: { SCIMPROBE_TOKEN: 'a\nb' }, says: /^SCIMPROBE_TOKEN contains a character that cannot be sent in an HTTP header/ },
  { name: 'a SCIMPROBE_TOKEN with spaces around it', args: URL_ARGS, env: { SCIMPROBE_TOKEN: ' a ' }, says: /^SCIMPROBE_TOKEN has leading or trailing whitespace: remove it$/ },
  // Other commands
  { name: 'cleanup with a short prefix', args: ['cleanup', '--prefix', 'a', ...URL_ARGS], says: /^--prefix "a" is not a run prefix: / },
  { name: 'cleanup with a ledger and a prefix', args: ['cleanup', '--prefix', 'scimprobe-0badc0de', '--ledger', 'x', ...URL_ARGS], says: /^cleanup takes --ledger or --prefix, not both: give one$/ },
  { name: 'serve on a port out of range', args: ['serve', '--port', '99999'], says: /^--port must be an integer from 0 to 65535, got 99999$/ },
  { name: 'serve with an unknown quirk', args: ['serve', '--quirk', 'nosuch'], says: /^--quirk "nosuch" is not a known quirk; known: / },
];

describe.concurrent('bad input ends in one line naming the setting and the fix, and exit 2', () => {
  test.each(CASES)('$name', async ({ name, args, config, env, says }) => {
    const configPath = join(folder.path, `${name.replace(/\W+/g, '-')}.yaml`);
    if (config !== undefined) await writeFile(configPath, config);
    const resolved = args.map((arg) => arg.replace('CONFIG', configPath).replace(/^DIR$/, folder.path));
    // Arguments that start with a word name their command; the others are run's, with a report folder of the test's own.
    const named = resolved[0] !== undefined && !resolved[0].startsWith('-');
    const command = named ? resolved : ['run', ...resolved, ...(resolved.includes('--report-dir') ? [] : ['--report-dir', join(folder.path, 'reports')])];
    const run = await hosts.run(command, { cwd: folder.path, env: { SCIMPROBE_URL: undefined, SCIMPROBE_TOKEN: undefined, ...env } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines, run.stderr).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]).toMatch(/^scimprobe: /);
    expect(lines[0]!.slice('scimprobe: '.length)).toMatch(says);
  }, 60_000);
});

test('a reader that closes the pipe early ends the output quietly', async () => {
  // As `scimprobe list --requirements --json | head -c 1` in a shell: head exits while the CLI still writes.
  const script = `"${process.execPath}" "${CLI_PATH}" list --requirements --json 2>"${join(folder.path, 'epipe.err')}" | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}`;
  const child = spawn('bash', ['-c', script], { stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(await readFile(join(folder.path, 'epipe.err'), 'utf8')).toBe('');
  expect(code).toBe(0);
});
