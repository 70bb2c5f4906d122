/** The command line, driven through main() with in-memory streams. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/catalog.js';
import { REQUIREMENTS } from '../../src/checks/requirements.js';
import type { CheckSpec } from '../../src/checks/types.js';
import { parseOptions } from '../../src/cli/args.js';
import { formatCheckTable } from '../../src/cli/list-command.js';
import { main } from '../../src/cli/main.js';
import { RUN_OPTIONS, runFlags } from '../../src/cli/run-command.js';
import { loadRunConfig } from '../../src/config/load.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../../src/package-files.js';
import { QUIRKS } from '../../src/server/index.js';

class MemoryStream extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    this.emit('written');
    done();
  }

  /** Resolves once the text written so far holds a complete line. */
  async firstLine(): Promise<string> {
    while (!this.text.includes('\n')) await new Promise((resolve) => this.once('written', resolve));
    return this.text.slice(0, this.text.indexOf('\n'));
  }
}

// Config files must not leak in from wherever the tests run.
const emptyFolder = mkdtempSync(join(tmpdir(), 'scimprobe-cli-'));
afterAll(() => rmSync(emptyFolder, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const code = await main(argv, { stdout, stderr, env, cwd: emptyFolder });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('help and version', () => {
  test.each([['--help'], ['-h']])('scimprobe %s lists the commands', async (flag) => {
    const { code, stdout, stderr } = await cli([flag]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Usage: scimprobe [command] [options]');
    for (const command of ['run', 'serve', 'list']) expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(stdout).toContain('--version');
  });

  test.each([['--version'], ['-V']])('%s prints the package version', async (flag) => {
    expect(await cli([flag])).toEqual({ code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
  });

  test('help <command> shows that command\'s help, help alone the global one', async () => {
    expect(await cli(['help', 'run'])).toEqual(await cli(['run', '--help']));
    expect(await cli(['help', 'serve'])).toEqual(await cli(['serve', '--help']));
    expect(await cli(['help'])).toEqual(await cli(['--help']));
  });

  test('run --help lists only the areas that have checks', async () => {
    const { stdout } = await cli(['run', '--help']);
    const areas = stdout.slice(stdout.indexOf('Areas (for --suite):'), stdout.indexOf("'scimprobe list'"));
    for (const area of new Set(CHECKS.map((check) => check.area))) expect(areas).toContain(area);
    expect(areas).not.toMatch(/\bprofile\b/);
  });

  test('run --help lists every run option, the environment variables and the exit codes', async () => {
    const { code, stdout, stderr } = await cli(['run', '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const option of RUN_OPTIONS) expect(stdout).toContain(`--${option.name}`);
    expect(stdout).toContain('SCIMPROBE_URL');
    expect(stdout).toContain('SCIMPROBE_TOKEN');
    expect(stdout).toMatch(/^ {2}3 {2}target unreachable/m);
  });

  test('help wins over values that would not validate, and works without naming run', async () => {
    const { code, stdout } = await cli(['--url', 'not a url', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: scimprobe [run] [options]');
  });

  test('serve --help lists every quirk with its description', async () => {
    const { code, stdout } = await cli(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: scimprobe serve');
    for (const option of ['--port', '--token', '--rate-limit', '--quirk']) expect(stdout).toContain(option);
    for (const [name, quirk] of Object.entries(QUIRKS)) {
      expect(stdout).toMatch(new RegExp(`^  ${name} +${quirk.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
  });

  test('list --help', async () => {
    const { code, stdout } = await cli(['list', '-h']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: scimprobe list [--requirements] [--json | --markdown]');
    for (const flag of ['--requirements', '--json', '--markdown']) expect(stdout).toContain(flag);
  });
});

describe('bad command lines: exit 2 and one line on stderr, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['--bogus'], /^unknown option --bogus for run; see scimprobe run --help$/],
    ['a mistyped flag', ['run', '--tokn', 'x'], /^unknown option --tokn for run \(did you mean --token\?\)/],
    ['a baseline file that does not exist', ['--baseline', 'base.yaml'], /^baseline base\.yaml: cannot read it: the file does not exist$/],
    ['a gate level that is neither must nor should', ['--fail-on', 'may'], /^--fail-on must be must or should, got "may"$/],
    ['--profile, not implemented yet', ['--profile', 'okta'], /^unknown option --profile for run/],
    ['an unknown short flag', ['-x'], /^unknown option -x for run/],
    ['a flag of another command', ['list', '--url', 'http://x.example'], /^unknown option --url for list/],
    ['a missing value', ['run', '--url'], /^--url needs a value$/],
    ['a value that is the next flag', ['--url', '--token', 't'], /^--url needs a value \(for a value that starts with "-", write --url=VALUE\)$/],
    ['a value for a switch', ['--read-only=yes'], /^--read-only takes no value$/],
    ['a stray argument', ['run', 'extra'], /^unexpected argument "extra": scimprobe run takes options only/],
    ['an unknown command', ['frobnicate'], /^unknown command "frobnicate"; commands: run, serve, list, cleanup, init; see scimprobe --help$/],
    ['a mistyped command', ['serv'], /^unknown command "serv" \(did you mean serve\?\)/],
    ['a URL without --url', ['https://scim.example.com'], /^to check "https:\/\/scim\.example\.com", give it with --url: scimprobe run --url https:\/\/scim\.example\.com$/],
    ['a malformed URL', ['--url', 'scim.example.com'], /^--url must be an absolute http\(s\) URL, got "scim\.example\.com"/],
    ['a bad seed', ['--seed', 'twelve'], /^--seed must be an integer from 0 to 4294967295, got "twelve"$/],
    ['a bad timeout', ['--url', 'http://x.example', '--timeout', '1.5'], /^--timeout must be an integer from 1 to 2147483647/],
    ['bad retries', ['--url', 'http://x.example', '--retries', '99'], /^--retries must be an integer from 0 to 10, got 99$/],
    ['an unknown suite', ['--suite', 'discovery,nope'], /^--suite names an unknown area or suite "nope"; known: discovery, /],
    ['an invalid grep', ['--grep', '[a-'], /^--grep is not a valid regular expression/],
    ['a bad header', ['--url', 'http://x.example', '--header', 'X-Api-Key'], /^--header must have the form 'Name: value'$/],
    ['token and basic', ['--url', 'http://x.example', '--token', 't', '--basic', 'u:p'], /^--token and --basic exclude each other: give one$/],
    ['a missing config file', ['--config', 'absent.yaml'], /^config: cannot read absent\.yaml: the file does not exist$/],
    ['an empty SCIMPROBE_URL', [], /^SCIMPROBE_URL must be an absolute http\(s\) URL, got ""$/],
    ['an unknown quirk', ['serve', '--quirk', 'create-20'], /^--quirk "create-20" is not a known quirk \(did you mean create-200\?\); known: /],
    ['a bad port', ['serve', '--port', '70000'], /^--port must be an integer from 0 to 65535, got 70000$/],
    ['a bad rate limit', ['serve', '--rate-limit', '0'], /^--rate-limit must be an integer from 1 to 1000000, got 0$/],
    ['an empty serve token', ['serve', '--token='], /^--token must not be empty$/],
    ['a mistyped list flag', ['list', '--jsn'], /^unknown option --jsn for list \(did you mean --json\?\)/],
  ];
  test.each(cases)('%s', async (_, argv, message) => {
    const env = argv.length === 0 ? { SCIMPROBE_URL: '' } : {};
    const { code, stdout, stderr } = await cli(argv, env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    const lines = stderr.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    const [line = ''] = lines;
    expect(line.startsWith('scimprobe: ')).toBe(true);
    expect(line).not.toMatch(/\bat .*:\d+:\d+/);
    expect(line.slice('scimprobe: '.length)).toMatch(message);
  });

  test('the unknown-quirk error lists every quirk', async () => {
    const { stderr } = await cli(['serve', '--quirk', 'nope']);
    for (const name of Object.keys(QUIRKS)) expect(stderr).toContain(name);
  });

  const SECRET = 'tok-91c4e7';
  const secretCases: [string, string[]][] = [
    ['an unquoted header value', ['--url', 'http://x.example', '--header', 'X-Api-Key:', SECRET]],
    ['a token split by a space', ['--url', 'http://x.example', '--token', 'Bearer', SECRET]],
    ['basic without a colon', ['--url', 'http://x.example', '--basic', SECRET]],
    ['a header value with a line break', ['--url', 'http://x.example', '--header', `X-Api-Key: ${SECRET}\r\nX-Other: 1`]],
    ['a token given with no target', ['--token', SECRET]],
    ['a mistyped token flag with an inline value', [`--tokn=${SECRET}`]],
  ];
  test.each(secretCases)('no secret in the message: %s', async (_, argv) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^scimprobe: .+\n$/);
    expect(stderr).not.toContain(SECRET);
  });
});

describe('run arguments become the run configuration', () => {
  test('every flag reaches the configuration', () => {
    const argv = [
      '--url', 'https://scim.example.com/v2/', '--basic', 'probe:pa:ss', '--header', 'X-Api-Key: k1', '--header', 'X-Tenant:t2',
      '--suite', 'discovery', '--suite', 'filter,sort', '--grep', '^filter\\.', '--seed', '17', '--num-runs', '12', '--report-dir', 'out',
      '--read-only', '--fail-on', 'should', '--timeout', '2500', '--retries', '0', '--rate', '2.5', '--concurrency', '3',
    ];
    const config = loadRunConfig(runFlags(parseOptions('run', argv, RUN_OPTIONS)), {}, emptyFolder);
    expect(config).toEqual({
      target: {
        url: 'https://scim.example.com/v2',
        auth: { type: 'basic', username: 'probe', password: 'pa:ss' },
        headers: { 'X-Api-Key': 'k1', 'X-Tenant': 't2' },
        timeoutMs: 2500,
        maxRetries: 0,
        tls: { insecure: false },
      },
      suites: ['discovery', 'filter', 'sort'],
      grep: '^filter\\.',
      seed: 17,
      numRuns: 12,
      reportDir: join(emptyFolder, 'out'),
      readOnly: true,
      failOn: 'should',
      throttle: { rate: 2.5, concurrency: 3 },
      limits: { maxProbeBytes: 2_097_152, maxCreatedForPaging: 250 },
      probes: { rateLimit: { enabled: false, maxRequests: 100 } },
      templates: {},
      learning: { enabled: true, emailDomain: 'example.com' },
    });
  });

  test('a value may start with "-" when written inline', () => {
    const config = loadRunConfig(runFlags(parseOptions('run', ['--url=http://x.example', '--token=-abc'], RUN_OPTIONS)), {}, emptyFolder);
    expect(config.target?.auth).toEqual({ type: 'bearer', token: '-abc' });
  });
});

describe('list', () => {
  test('one aligned line per check: id, area, level, requirement ids', async () => {
    const { code, stdout, stderr } = await cli(['list']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(CHECKS.length);
    const areaColumn = Math.max(...CHECKS.map((check) => check.id.length)) + 2;
    CHECKS.forEach((check, index) => {
      const line = lines[index] ?? '';
      expect(line.startsWith(`${check.id} `)).toBe(true);
      expect(line.slice(areaColumn).startsWith(`${check.area} `)).toBe(true);
      expect(line).toContain(` ${check.level} `);
      expect(line.endsWith(check.requirements.join(', '))).toBe(true);
    });
  });

  test('--json prints the catalog', async () => {
    const { code, stdout } = await cli(['list', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(CHECKS);
  });

  test('the table format, exactly', () => {
    const base = { title: 't', suite: 's', provenBy: [], readOnly: true };
    const checks: CheckSpec[] = [
      { ...base, id: 'discovery.spc-schemas', area: 'discovery', level: 'MUST', requirements: ['P-4-1', 'P-4-2'] },
      { ...base, id: 'me.alias', area: 'me', level: 'MAY', requirements: [] },
    ];
    expect(formatCheckTable(checks)).toBe(
      'discovery.spc-schemas  discovery  MUST  P-4-1, P-4-2\n' +
      'me.alias               me         MAY\n',
    );
  });
});

describe('serve', () => {
  test('prints its base URL first, enforces the token, and stops with exit 0 on a signal', async () => {
    const stdout = new MemoryStream();
    const stderr = new MemoryStream();
    const listenersBefore = new Set(process.listeners('SIGTERM'));
    const exit = main(['serve', '--port', '0', '--token', 'serve-token'], { stdout, stderr, env: {}, cwd: emptyFolder });
    const url = await stdout.firstLine();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\S*$/);

    expect((await fetch(`${url}/ServiceProviderConfig`)).status).toBe(200);
    expect((await fetch(`${url}/Users`)).status).toBe(401);
    expect((await fetch(`${url}/Users`, { headers: { authorization: 'Bearer serve-token' } })).status).toBe(200);

    // Only the serve command's own handler is called: the test process's other handlers stay out of it.
    const stop = process.listeners('SIGTERM').find((listener) => !listenersBefore.has(listener));
    expect(stop).toBeDefined();
    stop?.('SIGTERM');
    expect(await exit).toBe(0);
    expect(process.listeners('SIGTERM').filter((listener) => !listenersBefore.has(listener))).toEqual([]);
    await expect(fetch(`${url}/ServiceProviderConfig`)).rejects.toThrow();
  });
});

describe('list --requirements', () => {
  test('one line per requirement: the checks that cover it, or why none does', async () => {
    const { code, stdout, stderr } = await cli(['list', '--requirements']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(REQUIREMENTS.size + 1);
    expect(stdout).toMatch(/^P-3\.12-4 +MUST +.*\berrors\.status-string\b/m);
    expect(stdout).toMatch(/^P-2-4 +SHOULD +— needs a second credential with fewer rights$/m);
    const covered = new Set(CHECKS.flatMap((check) => check.requirements).filter((id) => REQUIREMENTS.has(id))).size;
    expect(lines.at(-1)).toBe(`${covered} of ${REQUIREMENTS.size} requirements covered by at least one check`);
  });

  test('--json lists every requirement with its covering check ids', async () => {
    const rows = JSON.parse((await cli(['list', '--requirements', '--json'])).stdout) as Array<{ id: string; checks: string[]; uncovered?: string }>;
    expect(rows).toHaveLength(REQUIREMENTS.size);
    expect(rows.find((row) => row.id === 'P-4-1')).toMatchObject({ checks: ['discovery.spc-schema'] });
    expect(rows.find((row) => row.id === 'P-7.2-1')?.uncovered).toMatch(/deployment/);
  });

  test('--json and --markdown exclude each other', async () => {
    const { code, stderr } = await cli(['list', '--json', '--markdown']);
    expect(code).toBe(2);
    expect(stderr).toBe('scimprobe: --json and --markdown exclude each other: give one\n');
  });
});

describe('an internal error', () => {
  test('is one line naming it a scimprobe bug, exit 4, and the stack only on request', async () => {
    class BrokenStream extends Writable {
      override write(): boolean {
        throw new Error('EPIPE: broken pipe');
      }
    }
    for (const debug of [undefined, '1']) {
      const stderr = new MemoryStream();
      const code = await main(['list'], { stdout: new BrokenStream(), stderr, env: debug === undefined ? {} : { SCIMPROBE_DEBUG: debug }, cwd: emptyFolder });
      expect(code).toBe(4);
      const [first, ...rest] = stderr.text.trimEnd().split('\n');
      expect(first).toBe('scimprobe: internal error: Error: EPIPE: broken pipe (a bug in scimprobe; SCIMPROBE_DEBUG=1 prints the stack)');
      if (debug === undefined) expect(rest).toEqual([]);
      else expect(rest.join('\n')).toMatch(/^Error: EPIPE: broken pipe\n\s+at /);
    }
  });
});

describe('init', () => {
  test('writes a commented scimprobe.yaml that points editors at its schema, and never overwrites one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'scimprobe-init-'));
    try {
      const io = { stdout: new MemoryStream(), stderr: new MemoryStream(), env: {}, cwd: folder };
      expect(await main(['init'], io)).toBe(0);
      const written = readFileSync(join(folder, 'scimprobe.yaml'), 'utf8');
      const [first, ...rest] = written.split('\n');
      const schema = /^# yaml-language-server: \$schema=(.+)$/.exec(first ?? '')?.[1];
      expect(schema).toBeDefined();
      expect(existsSync(join(folder, schema ?? ''))).toBe(true);
      expect(rest.join('\n')).toBe(readFileSync(join(PACKAGE_ROOT, 'fixtures/examples/scimprobe.yaml'), 'utf8'));
      // The file written is one a run takes.
      expect(loadRunConfig({}, { SCIM_TOKEN: 't', SCIM_API_KEY: 'k', SCIM_PASSWORD: 'p' }, folder).target?.url).toBe('https://scim.example.com/scim/v2');
      const again = { stdout: new MemoryStream(), stderr: new MemoryStream(), env: {}, cwd: folder };
      expect(await main(['init'], again)).toBe(2);
      expect(again.stderr.text).toMatch(/scimprobe\.yaml exists already; edit it, or move it away to write a fresh one\n$/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
