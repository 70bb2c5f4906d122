/** loadRunConfig: the config file, the environment and the flags merged into one validated RunConfig. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/catalog.js';
import { AREAS } from '../../src/checks/types.js';
import { ConfigError } from '../../src/config/errors.js';
import { type RunFlags, knownSuiteNames, loadRunConfig } from '../../src/config/load.js';
import { LIMITS } from '../../src/config/validate.js';
import { fixturePath } from '../../src/package-files.js';
import { createTestPki, type TestPki } from '../support/tls.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'scimprobe-config-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function writeConfig(text: string, name = 'scimprobe.yaml'): string {
  const path = join(cwd, name);
  writeFileSync(path, text);
  return path;
}

function load(flags: RunFlags = {}, env: NodeJS.ProcessEnv = {}): ReturnType<typeof loadRunConfig> {
  return loadRunConfig(flags, env, cwd);
}

/** The ConfigError message loading gives; fails the test when loading succeeds or throws anything else. */
function errorOf(flags: RunFlags = {}, env: NodeJS.ProcessEnv = {}): string {
  try {
    load(flags, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('defaults', () => {
  test('with no file, environment or flags the embedded server is checked with every suite', () => {
    const config = load();
    expect(config.target).toBeUndefined();
    expect(config.suites).toEqual([]);
    expect(config.grep).toBeUndefined();
    expect(config.reportDir).toBe(join(cwd, 'reports'));
    expect(config.readOnly).toBe(false);
    expect(Number.isInteger(config.seed)).toBe(true);
    expect(config.seed).toBeGreaterThanOrEqual(0);
    expect(config.seed).toBeLessThanOrEqual(LIMITS.seed.max);
  });

  test('a target gets the default timeout, retries, no auth and no headers', () => {
    expect(load({ url: 'https://scim.example.com/scim/v2/' }).target).toEqual({
      url: 'https://scim.example.com/scim/v2',
      auth: { type: 'none' },
      headers: {},
      timeoutMs: 10_000,
      maxRetries: 2,
      tls: { insecure: false },
    });
  });
});

describe('the config file', () => {
  test('scimprobe.yaml in the working directory is read when no --config is given', () => {
    writeConfig('target:\n  url: http://localhost:8080/scim\nrun:\n  seed: 7\n');
    const config = load();
    expect(config.target?.url).toBe('http://localhost:8080/scim');
    expect(config.seed).toBe(7);
  });

  test('numRuns defaults to 100; --num-runs overrides the file and is held to its range', () => {
    expect(load().numRuns).toBe(100);
    writeConfig('run:\n  numRuns: 30\n');
    expect(load().numRuns).toBe(30);
    expect(load({ numRuns: '5' }).numRuns).toBe(5);
    expect(() => load({ numRuns: '0' })).toThrow(/--num-runs/);
  });

  test('--config names another file, relative to the working directory', () => {
    mkdirSync(join(cwd, 'conf'));
    writeConfig('run:\n  seed: 11\n  reportDir: out/reports\n', 'conf/staging.yaml');
    writeConfig('run:\n  seed: 99\n');
    const config = load({ config: 'conf/staging.yaml' });
    expect(config.seed).toBe(11);
    expect(config.reportDir).toBe(join(cwd, 'out/reports'));
  });

  test('every key of the file is taken', () => {
    writeConfig(`target:
  url: https://scim.example.com/v2
  token: abc
  headers: { X-Api-Key: k1, X-Tenant: t7 }
  timeoutMs: 2500
  maxRetries: 0
  maxResults: 1000
  queryParameters: { attributeSets: all, x-tenant: "7" }
run:
  suites: [discovery, errors]
  grep: "^errors\\\\."
  seed: 4294967295
  numRuns: 250
  reportDir: /tmp/absolute-reports
  readOnly: true
  failOn: should
  rate: 0.5
  concurrency: 8
`);
    expect(load()).toEqual({
      target: {
        url: 'https://scim.example.com/v2',
        auth: { type: 'bearer', token: 'abc' },
        headers: { 'X-Api-Key': 'k1', 'X-Tenant': 't7' },
        timeoutMs: 2500,
        maxRetries: 0,
        maxResults: 1000,
        queryParameters: { attributeSets: 'all', 'x-tenant': '7' },
        tls: { insecure: false },
      },
      suites: ['discovery', 'errors'],
      grep: '^errors\\.',
      seed: 4_294_967_295,
      numRuns: 250,
      reportDir: '/tmp/absolute-reports',
      readOnly: true,
      failOn: 'should',
      throttle: { rate: 0.5, concurrency: 8 },
      limits: { maxProbeBytes: 2_097_152, maxCreatedForPaging: 250 },
      probes: { rateLimit: { enabled: false, maxRequests: 100 } },
      templates: {},
      learning: { enabled: true, emailDomain: 'example.com' },
    });
  });

  test('limits and probes: defaults, values from the file, and their ranges', () => {
    expect(load().limits).toEqual({ maxProbeBytes: 2_097_152, maxCreatedForPaging: 250 });
    expect(load().probes).toEqual({ rateLimit: { enabled: false, maxRequests: 100 } });
    writeConfig('limits:\n  maxPayloadBytes: 800000\n  maxProbeBytes: 900000\n  maxCreatedForPaging: 0\nprobes:\n  rateLimit: { enabled: true, maxRequests: 20 }\n');
    expect(load().limits).toEqual({ maxPayloadBytes: 800_000, maxProbeBytes: 900_000, maxCreatedForPaging: 0 });
    expect(load().probes).toEqual({ rateLimit: { enabled: true, maxRequests: 20 } });
    writeConfig('probes:\n  rateLimit: { maxRequests: 5000 }\n');
    expect(() => load()).toThrow(/probes\.rateLimit\.maxRequests must be an integer from 1 to 1000, got 5000/);
    writeConfig('limits:\n  maxProbeBytes: 0\n');
    expect(() => load()).toThrow(/limits\.maxProbeBytes/);
    writeConfig('limits:\n  maxCreatedForPaging: 10001\n');
    expect(() => load()).toThrow(/limits\.maxCreatedForPaging must be an integer from 0 to 10000, got 10001/);
  });

  test('basic credentials', () => {
    writeConfig('target:\n  url: https://x.example/scim\n  basic: { username: probe, password: "p:w" }\n');
    expect(load().target?.auth).toEqual({ type: 'basic', username: 'probe', password: 'p:w' });
  });

  test('an empty file, or keys left empty, count as not set', () => {
    writeConfig('# nothing yet\n');
    expect(load().target).toBeUndefined();
    writeConfig('target:\nrun:\n  seed:\n  suites:\n');
    const config = load();
    expect(config.target).toBeUndefined();
    expect(config.suites).toEqual([]);
  });


  test('the shipped example is valid and means what its comments say', () => {
    writeConfig(readFileSync(fixturePath('examples/scimprobe.yaml'), 'utf8'));
    const config = load({}, { SCIM_TOKEN: 'example-token', SCIM_API_KEY: 'example-key' });
    expect(config).toEqual({
      target: {
        url: 'https://scim.example.com/scim/v2',
        auth: { type: 'bearer', token: 'example-token' },
        headers: { 'X-Api-Key': 'example-key' },
        timeoutMs: 10_000,
        maxRetries: 2,
        maxResults: 1000,
        tls: { insecure: false },
      },
      suites: ['discovery', 'list'],
      grep: '^(discovery|list)\\.',
      seed: 42,
      numRuns: 100,
      reportDir: join(cwd, 'reports'),
      readOnly: false,
      failOn: 'must',
      throttle: { rate: 10, concurrency: 4 },
      limits: { maxPayloadBytes: 800_000, maxProbeBytes: 2_097_152, maxCreatedForPaging: 250 },
      probes: { rateLimit: { enabled: false, maxRequests: 100 } },
      templates: {
        User: {
          userName: '{name}@example.com',
          name: { givenName: 'Probe', familyName: '{name}' },
          emails: [{ value: '{name}@example.com', type: 'work', primary: true }],
        },
      },
      learning: { enabled: true, emailDomain: 'example.com' },
    });
  });

  test('the example\'s commented basic block is valid once uncommented in place of the token', () => {
    const example = readFileSync(fixturePath('examples/scimprobe.yaml'), 'utf8');
    const withBasic = example
      .replace(/^ {2}token: .*$/m, '')
      .replace(/^ {2}# basic:$/m, '  basic:')
      .replace(/^ {2}# {3}(username|password): (.*)$/gm, '    $1: $2');
    expect(withBasic).not.toBe(example);
    writeConfig(withBasic);
    expect(load({}, { SCIM_PASSWORD: 'pw', SCIM_API_KEY: 'k' }).target?.auth).toEqual({ type: 'basic', username: 'provisioning', password: 'pw' });
  });
});

describe('precedence: file, then environment, then flags', () => {
  beforeEach(() => {
    writeConfig(`target:
  url: https://file.example/scim
  token: file-token
  headers: { X-Api-Key: from-file, X-Tenant: t1 }
  timeoutMs: 3000
run:
  suites: [discovery]
  seed: 1
  reportDir: file-reports
`);
  });

  test('the file alone', () => {
    const config = load();
    expect(config.target?.url).toBe('https://file.example/scim');
    expect(config.target?.auth).toEqual({ type: 'bearer', token: 'file-token' });
  });

  test('SCIMPROBE_URL and SCIMPROBE_TOKEN override the file', () => {
    const config = load({}, { SCIMPROBE_URL: 'https://env.example/scim', SCIMPROBE_TOKEN: 'env-token' });
    expect(config.target?.url).toBe('https://env.example/scim');
    expect(config.target?.auth).toEqual({ type: 'bearer', token: 'env-token' });
    expect(config.target?.timeoutMs).toBe(3000);
  });

  test('flags override the environment and the file', () => {
    const config = load(
      { url: 'https://flag.example/scim', basic: 'u:p', timeout: '500', retries: '5', suites: ['errors'], seed: '3', reportDir: 'flag-reports', readOnly: true },
      { SCIMPROBE_URL: 'https://env.example/scim', SCIMPROBE_TOKEN: 'env-token' },
    );
    expect(config.target).toMatchObject({ url: 'https://flag.example/scim', auth: { type: 'basic', username: 'u', password: 'p' }, timeoutMs: 500, maxRetries: 5 });
    expect(config.suites).toEqual(['errors']);
    expect(config.seed).toBe(3);
    expect(config.reportDir).toBe(join(cwd, 'flag-reports'));
    expect(config.readOnly).toBe(true);
  });

  test('headers merge by name, case-insensitively, the later source winning', () => {
    const config = load({ headers: ['x-api-key: from-flag', 'X-Extra:  two words  '] });
    expect(config.target?.headers).toEqual({ 'X-Tenant': 't1', 'x-api-key': 'from-flag', 'X-Extra': 'two words' });
  });
});

describe('${ENV} interpolation in the file', () => {
  test('references are replaced in every string, keys excepted; $${ is a literal ${', () => {
    writeConfig(`target:
  url: https://\${HOST}/scim/v2
  token: \${TOKEN}
  headers:
    X-\${HOST}: value
`);
    // A header name with ${...} in it is not interpolated, so it is rejected as a name.
    expect(errorOf({}, { HOST: 'h.example', TOKEN: 't', FIRST: 'discovery', SEED: '5' })).toBe(
      'config: target.headers has an invalid header name "X-${HOST}": use letters, digits and !#$%&\'*+-.^_`|~',
    );
    writeConfig(`target:
  url: https://\${HOST}/scim/v2
  token: \${TOKEN}
  headers: { X-Note: "a \${TOKEN} b $\${NOT_A_VAR}" }
run:
  suites: ["\${FIRST}", list]
  seed: \${SEED}
  readOnly: \${READ_ONLY}
`);
    const config = load({}, { HOST: 'h.example', TOKEN: 't', FIRST: 'discovery', SEED: '5', READ_ONLY: 'true' });
    expect(config.target?.url).toBe('https://h.example/scim/v2');
    expect(config.target?.auth).toEqual({ type: 'bearer', token: 't' });
    expect(config.target?.headers).toEqual({ 'X-Note': 'a t b ${NOT_A_VAR}' });
    expect(config.suites).toEqual(['discovery', 'list']);
    expect(config.seed).toBe(5);
    expect(config.readOnly).toBe(true);
  });

  test('an unset variable is an error naming it and its key', () => {
    writeConfig('target:\n  url: https://x.example\n  headers:\n    X-Api-Key: ${SCIM_API_KEY}\n');
    expect(errorOf()).toBe('config: target.headers.X-Api-Key uses ${SCIM_API_KEY}, but the environment variable SCIM_API_KEY is not set');
  });

  test('list items are named by position', () => {
    writeConfig('run:\n  suites: [discovery, "${SECOND}"]\n');
    expect(errorOf()).toBe('config: run.suites[1] uses ${SECOND}, but the environment variable SECOND is not set');
  });

  test('a malformed reference is an error', () => {
    writeConfig('target:\n  url: https://x.example\n  token: "${not closed"\n');
    expect(errorOf()).toBe(
      'config: target.token has a malformed ${…} reference: write ${NAME} with NAME made of letters, digits and _, or $${ for a literal ${',
    );
    writeConfig('target:\n  url: https://x.example\n  token: "${1ABC}"\n');
    expect(errorOf()).toMatch(/^config: target\.token has a malformed/);
  });

  test('a variable set to an empty string is empty, and then fails the value check', () => {
    writeConfig('target:\n  url: https://x.example\n  token: ${SCIM_TOKEN}\n');
    expect(errorOf({}, { SCIM_TOKEN: '' })).toBe('config: target.token must not be empty');
  });
});

describe('schema errors name the key path', () => {
  const cases: [string, string, string][] = [
    ['a mistyped key, with a suggestion', 'target:\n  url: https://x.example\n  tokn: abc\n', 'config: unknown key target.tokn (did you mean token?)'],
    ['an unknown key, with the known ones', 'run:\n  colour: red\n', 'config: unknown key run.colour (known keys: suites, grep, seed, numRuns, reportDir, readOnly, baseline, failOn, rate, concurrency)'],
    ['an unknown top-level key', 'targets:\n  url: x\n', 'config: unknown key targets (did you mean target?)'],
    ['an unknown key under basic', 'target:\n  basic: { username: u, password: p, pasword: q }\n', 'config: unknown key target.basic.pasword (did you mean password?)'],
    ['a string where an integer belongs', 'target:\n  timeoutMs: fast\n', 'config: target.timeoutMs must be an integer, got "fast"'],
    ['a fraction where an integer belongs', 'run:\n  seed: 1.5\n', 'config: run.seed must be an integer, got 1.5'],
    ['an integer out of range', 'target:\n  maxRetries: 11\n', 'config: target.maxRetries must be an integer from 0 to 10, got 11'],
    ['a seed out of range', 'run:\n  seed: 4294967296\n', 'config: run.seed must be an integer from 0 to 4294967295, got 4294967296'],
    ['a token YAML reads as a number', 'target:\n  url: http://x.example\n  token: 000123\n', 'config: target.token must be a string; quote it in the YAML, e.g. "…", so it is read as written'],
    ['a header value YAML reads as a number', 'target:\n  url: http://x.example\n  headers: { X-Api-Key: 0x1F }\n', 'config: target.headers.X-Api-Key must be a string; quote it in the YAML, e.g. "…", so it is read as written'],
    ['a basic password YAML reads as a boolean', 'target:\n  url: http://x.example\n  basic: { username: u, password: true }\n', 'config: target.basic.password must be a string; quote it in the YAML, e.g. "…", so it is read as written'],
    ['a zero timeout', 'target:\n  timeoutMs: 0\n', 'config: target.timeoutMs must be an integer from 1 to 2147483647, got 0'],
    ['a zero page limit', 'target:\n  url: https://x.example\n  maxResults: 0\n', 'config: target.maxResults must be an integer from 1 to 2147483647, got 0'],
    ['a query parameter the checks set', 'target:\n  url: https://x.example\n  queryParameters: { Count: "5" }\n', 'config: target.queryParameters cannot set Count: the checks set count themselves to test it (RFC 7644 §3.4.2); remove it'],
    ['an empty query parameter name', 'target:\n  url: https://x.example\n  queryParameters: { "": all }\n', 'config: target.queryParameters has an empty parameter name: give each parameter a name'],
    ['a blank query parameter name', 'target:\n  url: https://x.example\n  queryParameters: { " ": all }\n', 'config: target.queryParameters has an empty parameter name: give each parameter a name'],
    ['a query parameter named twice', 'target:\n  url: https://x.example\n  queryParameters: { attributeSets: all, AttributeSets: all }\n', 'config: target.queryParameters names AttributeSets twice, in different case: SCIM reads parameter names case-insensitively; keep one'],
    ['a query parameter without a value', 'target:\n  url: https://x.example\n  queryParameters: { attributeSets: [a] }\n', 'config: target.queryParameters.attributeSets must be a string, got a list'],
    ['a list where a mapping belongs', 'target: [a, b]\n', 'config: target must be a mapping, got a list'],
    ['a mapping where a boolean belongs', 'run:\n  readOnly: { a: 1 }\n', 'config: run.readOnly must be true or false, got a mapping'],
    ['a word where a boolean belongs', 'run:\n  readOnly: maybe\n', 'config: run.readOnly must be true or false, got "maybe"'],
    ['a single suite without brackets', 'run:\n  suites: discovery\n', 'config: run.suites must be a list, got "discovery"'],
    ['a mapping inside the suites', 'run:\n  suites: [discovery, { a: 1 }]\n', 'config: run.suites[1] must be a string, got a mapping'],
    ['basic without a password', 'target:\n  basic: { username: u }\n', 'config: target.basic.password is required'],
    ['an empty grep', 'run:\n  grep: ""\n', 'config: run.grep must not be empty'],
    ['a file that is not a mapping', '- a\n- b\n', 'config: the file must hold a mapping with target and run sections, got a list'],
  ];
  test.each(cases)('%s', (_, text, message) => {
    writeConfig(text);
    expect(errorOf()).toBe(message);
  });

  test('a mistyped secret is described by its kind, never shown', () => {
    writeConfig('target:\n  url: https://x.example\n  token: [s3cret-token]\n');
    const message = errorOf();
    expect(message).toBe('config: target.token must be a string, got a list');
    writeConfig('target:\n  url: https://x.example\n  headers: { X-Api-Key: { key: s3cret-key } }\n');
    expect(errorOf()).toBe('config: target.headers.X-Api-Key must be a string, got a mapping');
    writeConfig('target:\n  url: https://x.example\n  basic: "user:s3cret-pass"\n');
    expect(errorOf()).toBe('config: target.basic must be a mapping, got a string');
  });

  test('the bounds in the shipped schema are the ones the flags are held to', () => {
    const schema: unknown = JSON.parse(readFileSync(fixturePath('config.schema.json'), 'utf8'));
    const properties = (schema as { properties: Record<string, { properties: Record<string, { minimum?: number; maximum?: number }> }> }).properties;
    const bounds = (section: string, key: string): { min: number | undefined; max: number | undefined } => {
      const property = properties[section]?.properties[key];
      return { min: property?.minimum, max: property?.maximum };
    };
    expect(bounds('target', 'timeoutMs')).toEqual(LIMITS.timeoutMs);
    expect(bounds('target', 'maxRetries')).toEqual(LIMITS.maxRetries);
    expect(bounds('target', 'maxResults')).toEqual(LIMITS.maxResults);
    expect(bounds('run', 'seed')).toEqual(LIMITS.seed);
  });
});

describe('reading the file', () => {
  test('a missing --config file is an error naming it', () => {
    expect(errorOf({ config: 'nowhere.yaml' })).toBe('config: cannot read nowhere.yaml: the file does not exist');
  });

  test('a directory is an error naming it', () => {
    mkdirSync(join(cwd, 'conf.d'));
    expect(errorOf({ config: 'conf.d' })).toBe('config: cannot read conf.d: it is a directory, not a file');
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable file is an error naming it', () => {
    chmodSync(writeConfig('run:\n  seed: 1\n', 'locked.yaml'), 0o000);
    expect(errorOf({ config: 'locked.yaml' })).toBe('config: cannot read locked.yaml: permission denied');
  });

  test('invalid YAML is an error naming the file, line and column', () => {
    writeConfig('target:\n  url: https://x.example\n  headers: [a\nrun: {}\n');
    expect(errorOf()).toMatch(/^config: scimprobe\.yaml:4:1: invalid YAML: \S/);
  });

  test('a duplicate key is invalid YAML', () => {
    writeConfig('run:\n  seed: 1\n  seed: 2\n', 'dup.yaml');
    expect(errorOf({ config: 'dup.yaml' })).toMatch(/^config: dup\.yaml:3:3: invalid YAML: Map keys must be unique/);
  });
});

describe('value checks, file and flags alike', () => {
  const valueCases: [string, RunFlags, NodeJS.ProcessEnv, string][] = [
    ['a relative URL', { url: 'foo' }, {}, '--url must be an absolute http(s) URL, got "foo" (include the scheme, e.g. "http://foo")'],
    ['a URL without scheme', { url: 'localhost:8080/scim' }, {}, '--url must be an absolute http(s) URL, got "localhost:8080/scim" (include the scheme, e.g. "http://localhost:8080/scim")'],
    ['a non-http URL', { url: 'ftp://x.example/scim' }, {}, '--url must be an absolute http(s) URL, got "ftp://x.example/scim"'],
    ['a URL with a query', { url: 'https://x.example/scim?tenant=1' }, {}, '--url must not have a query (?…) or fragment (#…): resource paths are appended to it'],
    ['an empty SCIMPROBE_URL', {}, { SCIMPROBE_URL: '' }, 'SCIMPROBE_URL must be an absolute http(s) URL, got ""'],
    ['an empty token', { url: 'https://x.example', token: '' }, {}, '--token must not be empty'],
    ['an empty SCIMPROBE_TOKEN', { url: 'https://x.example' }, { SCIMPROBE_TOKEN: '' }, 'SCIMPROBE_TOKEN must not be empty'],
    ['token and basic together', { url: 'https://x.example', token: 't', basic: 'u:p' }, {}, '--token and --basic exclude each other: give one'],
    ['basic without a colon', { url: 'https://x.example', basic: 'user' }, {}, '--basic must have the form USER:PASS'],
    ['basic with nothing around the colon', { url: 'https://x.example', basic: ':' }, {}, '--basic must have the form USER:PASS, with a user name, a password or both'],
    ['a header without a colon', { url: 'https://x.example', headers: ['X-Api-Key'] }, {}, "--header must have the form 'Name: value'"],
    ['a header with a bad name', { url: 'https://x.example', headers: ['X Api Key: v'] }, {}, "--header needs a valid header name before the colon: use letters, digits and !#$%&'*+-.^_`|~"],
    ['a header the harness sets', { url: 'https://x.example', headers: ['Content-Type: text/plain'] }, {}, '--header cannot set Content-Type: the harness sets it for each request'],
    ['Authorization both as header and token', { url: 'https://x.example', token: 't', headers: ['Authorization: Bearer u'] }, {}, '--header sets Authorization, which conflicts with --token: give the credentials one way'],
    ['a seed that is not a number', { seed: 'abc' }, {}, '--seed must be an integer from 0 to 4294967295, got "abc"'],
    ['a negative seed', { seed: '-1' }, {}, '--seed must be an integer from 0 to 4294967295, got "-1"'],
    ['a seed above 2^32-1', { seed: '4294967296' }, {}, '--seed must be an integer from 0 to 4294967295, got 4294967296'],
    ['a fractional seed', { seed: '1.5' }, {}, '--seed must be an integer from 0 to 4294967295, got "1.5"'],
    ['a zero timeout', { url: 'https://x.example', timeout: '0' }, {}, '--timeout must be an integer from 1 to 2147483647, got 0'],
    ['a timeout with a unit', { url: 'https://x.example', timeout: '10s' }, {}, '--timeout must be an integer from 1 to 2147483647, got "10s"'],
    ['too many retries', { url: 'https://x.example', retries: '11' }, {}, '--retries must be an integer from 0 to 10, got 11'],
    ['an invalid grep', { grep: '(' }, {}, '--grep is not a valid regular expression: Invalid regular expression: /(/: Unterminated group'],
    ['an empty report dir', { reportDir: '' }, {}, '--report-dir must not be empty'],
    ['an empty suite list', { suites: [','] }, {}, '--suite must name at least one area or suite'],
    ['a token without a target URL', { token: 't' }, {}, '--token is set but there is no target URL: give --url, set SCIMPROBE_URL or set target.url in the config file (without a URL the embedded reference server is checked)'],
  ];
  test.each(valueCases)('%s', (_, flags, env, message) => {
    expect(errorOf(flags, env)).toBe(message);
  });

  test('an unknown suite lists every valid name and suggests the closest', () => {
    const message = errorOf({ suites: ['discovery,filtr'] });
    expect(message).toMatch(/^--suite names an unknown area or suite "filtr" \(did you mean filter\?\); known: /);
    for (const name of [...AREAS, ...CHECKS.map((check) => check.suite)]) expect(message).toContain(name);
  });

  test('suites: repeated and comma-separated, areas and suite names, duplicates dropped', () => {
    const suiteName = CHECKS[0]?.suite ?? 'discovery';
    expect(load({ suites: ['filter, sort', `${suiteName},filter`] }).suites).toEqual(['filter', 'sort', suiteName]);
    expect(knownSuiteNames()).toEqual(expect.arrayContaining([...AREAS, ...CHECKS.map((check) => check.suite)]));
  });

  test('URLs are normalised: trailing slashes dropped, host lower-cased', () => {
    expect(load({ url: 'HTTPS://SCIM.Example.com:8443/scim/v2//' }).target?.url).toBe('https://scim.example.com:8443/scim/v2');
    expect(load({ url: 'http://127.0.0.1:8080/' }).target?.url).toBe('http://127.0.0.1:8080');
  });

  test('basic splits at the first colon; a password may hold colons', () => {
    expect(load({ url: 'https://x.example', basic: 'user:pa:ss' }).target?.auth).toEqual({ type: 'basic', username: 'user', password: 'pa:ss' });
    expect(load({ url: 'https://x.example', basic: 'api-key:' }).target?.auth).toEqual({ type: 'basic', username: 'api-key', password: '' });
  });

  test('the same checks apply to file values, named by key', () => {
    const fileCases: [string, string][] = [
      ['target:\n  url: foo\n', 'config: target.url must be an absolute http(s) URL, got "foo" (include the scheme, e.g. "http://foo")'],
      ['target:\n  url: https://x.example\n  token: t\n  basic: { username: u, password: p }\n', 'config: target.token and target.basic exclude each other: keep one'],
      ['target:\n  url: https://x.example\n  basic: { username: "a:b", password: p }\n', 'config: target.basic.username must not contain ":" (RFC 7617)'],
      ['target:\n  url: https://x.example\n  headers: { Host: x }\n', 'config: target.headers cannot set Host: the harness sets it for each request'],
      ['run:\n  suites: [nope]\n', 'config: run.suites names an unknown area or suite "nope"; known: '],
      ['run:\n  grep: "[a-"\n', 'config: run.grep is not a valid regular expression: '],
      ['target:\n  timeoutMs: 5000\n', 'config: target.timeoutMs is set but there is no target URL'],
      ['target:\n  maxResults: 1000\n', 'config: target.maxResults is set but there is no target URL'],
      ['target:\n  queryParameters: { attributeSets: all }\n', 'config: target.queryParameters is set but there is no target URL'],
      ['target:\n  url: https://x.example\n  token: t\n  headers: { authorization: x }\n', 'config: target.headers sets Authorization, which conflicts with target.token in the config file'],
    ];
    for (const [text, message] of fileCases) {
      writeConfig(text);
      expect(errorOf()).toContain(message);
    }
  });

  test('file credentials conflict with a flag header, and name both places', () => {
    writeConfig('target:\n  url: https://x.example\n  basic: { username: u, password: p }\n');
    expect(errorOf({ headers: ['Authorization: Bearer x'] })).toBe(
      '--header sets Authorization, which conflicts with target.basic in the config file: give the credentials one way',
    );
  });
});

describe('secrets never appear in an error', () => {
  const SECRET = 's3cr3t-value';
  const secretCases: [string, RunFlags, NodeJS.ProcessEnv][] = [
    ['a token with a line break', { url: 'https://x.example', token: `${SECRET}\n` }, {}],
    ['a token with surrounding spaces', { url: 'https://x.example', token: ` ${SECRET}` }, {}],
    ['an env token with a control character', { url: 'https://x.example' }, { SCIMPROBE_TOKEN: `${SECRET}\u0000` }],
    ['basic without a colon', { url: 'https://x.example', basic: SECRET }, {}],
    ['a basic password with a line break', { url: 'https://x.example', basic: `user:${SECRET}\r\n` }, {}],
    ['a header without a colon', { url: 'https://x.example', headers: [SECRET] }, {}],
    ['a header value with a line break', { url: 'https://x.example', headers: [`X-Key: ${SECRET}\nInjected: 1`] }, {}],
    ['a header name with spaces', { url: 'https://x.example', headers: [`Authorization Bearer ${SECRET}: x`] }, {}],
    ['a URL with credentials', { url: `https://user:${SECRET}@x.example/scim` }, {}],
    ['an unparseable URL with credentials', { url: `https://user:${SECRET}@` }, {}],
    ['a URL with a key in the query', { url: `https://x.example/scim?key=${SECRET}` }, {}],
  ];
  test.each(secretCases)('%s', (_, flags, env) => {
    expect(errorOf(flags, env)).not.toContain(SECRET);
  });

  test('a file token with a line break', () => {
    writeConfig(`target:\n  url: https://x.example\n  token: "${SECRET}\\nmore"\n`);
    const message = errorOf();
    expect(message).toBe('config: target.token contains a character that cannot be sent in an HTTP header (a line break or other control character)');
  });
});

describe('TLS settings', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki();
  });
  afterAll(async () => {
    await pki.remove();
  });

  const url = 'https://127.0.0.1:8443/scim/v2';

  test('the PEM files named by flags are read into the target', () => {
    const config = load({ url, ca: pki.file('ca.pem'), cert: pki.file('client.pem'), key: pki.file('client.key') });
    expect(config.target?.tls).toEqual({
      ca: readFileSync(pki.file('ca.pem'), 'utf8'),
      cert: readFileSync(pki.file('client.pem'), 'utf8'),
      key: readFileSync(pki.file('client.key'), 'utf8'),
      insecure: false,
    });
  });

  test('the config file names them relative to the working directory, and a flag wins', () => {
    writeFileSync(join(cwd, 'bundle.pem'), readFileSync(pki.file('ca.pem')));
    writeConfig(`target:\n  url: ${url}\n  tls:\n    ca: bundle.pem\n    insecure: true\n`);
    expect(load().target?.tls).toEqual({ ca: readFileSync(pki.file('ca.pem'), 'utf8'), insecure: true });
    expect(load({ ca: pki.file('server.pem') }).target?.tls.ca).toBe(readFileSync(pki.file('server.pem'), 'utf8'));
  });

  test('--insecure is off unless asked for', () => {
    expect(load({ url }).target?.tls.insecure).toBe(false);
    expect(load({ url, insecure: true }).target?.tls.insecure).toBe(true);
  });

  test.each([
    ['a missing file', () => ({ ca: join(cwd, 'absent.pem') }), /^--ca cannot read ".*absent\.pem": the file does not exist$/],
    ['a file without a certificate', () => ({ ca: pki.file('client.key') }), /^--ca ".*client\.key" holds no PEM certificate/],
    ['a damaged certificate', () => {
      const broken = readFileSync(pki.file('ca.pem'), 'utf8').replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
      writeFileSync(join(cwd, 'broken.pem'), broken);
      return { ca: join(cwd, 'broken.pem') };
    }, /^--ca ".*broken\.pem": certificate 1 is not a valid X\.509 certificate$/],
    ['a key file without a key', () => ({ cert: pki.file('client.pem'), key: pki.file('client.pem') }), /^--key ".*client\.pem": it holds no PEM private key$/],
    ['a key of another certificate', () => ({ cert: pki.file('client.pem'), key: pki.file('server.key') }), /^--key ".*server\.key" is not the private key of the certificate in ".*client\.pem"$/],
    ['a certificate without its key', () => ({ cert: pki.file('client.pem') }), /^--cert needs the client private key \(--key, target\.tls\.key\) too/],
    ['a key without its certificate', () => ({ key: pki.file('client.key') }), /^--key needs the client certificate \(--cert, target\.tls\.cert\) too/],
  ])('%s is a configuration error naming the setting', (_label, flags, message) => {
    expect(errorOf({ url, ...flags() })).toMatch(message);
  });

  test('an encrypted key is refused with the way out', () => {
    const encrypted = join(cwd, 'encrypted.key');
    execFileSync('openssl', ['pkey', '-in', pki.file('client.key'), '-out', encrypted, '-aes256', '-passout', 'pass:secret-pass']);
    expect(errorOf({ url, cert: pki.file('client.pem'), key: encrypted })).toMatch(/^--key ".*encrypted\.key": the key is encrypted; give an unencrypted key/);
  });

  test('TLS settings without a target URL are refused', () => {
    expect(errorOf({ ca: pki.file('ca.pem') })).toMatch(/^--ca is set but there is no target URL/);
  });
});

describe('OAuth client credentials', () => {
  const oauthYaml = (extra = ''): string =>
    `target:\n  url: https://scim.example.com/v2\n  oauth:\n    tokenUrl: https://login.example.com/oauth2/token\n    clientId: probe\n    clientSecret: \${CLIENT_SECRET}\n${extra}`;

  test('target.oauth becomes the auth, client_secret_basic by default, the secret from the environment', () => {
    writeConfig(oauthYaml('    scope: scim.read scim.write\n'));
    expect(load({}, { CLIENT_SECRET: 'cs-4d1e9a' }).target?.auth).toEqual({
      type: 'oauth',
      tokenUrl: 'https://login.example.com/oauth2/token',
      clientId: 'probe',
      clientSecret: 'cs-4d1e9a',
      scope: 'scim.read scim.write',
      clientAuthentication: 'client_secret_basic',
    });
  });

  test('client_secret_post can be chosen; anything else is named', () => {
    writeConfig(oauthYaml('    clientAuthentication: client_secret_post\n'));
    expect(load({}, { CLIENT_SECRET: 'cs' }).target?.auth).toMatchObject({ clientAuthentication: 'client_secret_post' });
    writeConfig(oauthYaml('    clientAuthentication: private_key_jwt\n'));
    expect(errorOf({}, { CLIENT_SECRET: 'cs' })).toBe(
      'config: target.oauth.clientAuthentication must be one of client_secret_basic, client_secret_post, got "private_key_jwt"',
    );
  });

  test('it excludes a token or basic credentials, and a bearer token given by flag', () => {
    writeConfig(`${oauthYaml()}  token: abc\n`);
    expect(errorOf({}, { CLIENT_SECRET: 'cs' })).toBe('config: target.token and target.oauth exclude each other: keep one');
  });

  test('a token endpoint that is not an absolute http(s) URL is named', () => {
    writeConfig(oauthYaml().replace('https://login.example.com/oauth2/token', 'login.example.com/token'));
    expect(errorOf({}, { CLIENT_SECRET: 'cs' })).toBe('config: target.oauth.tokenUrl must be an absolute http(s) URL, got "login.example.com/token"');
  });

  test('the flags give the client credentials, the secret coming from the environment', () => {
    const flags = { url: 'https://scim.example.com/v2', oauthTokenUrl: 'https://login.example.com/token', oauthClientId: 'probe', oauthScope: 'scim' };
    expect(load(flags, { SCIMPROBE_OAUTH_CLIENT_SECRET: 'cs-flag-7a' }).target?.auth).toEqual({
      type: 'oauth',
      tokenUrl: 'https://login.example.com/token',
      clientId: 'probe',
      clientSecret: 'cs-flag-7a',
      scope: 'scim',
      clientAuthentication: 'client_secret_basic',
    });
    expect(errorOf(flags)).toBe('--oauth-token-url needs the client secret in the environment variable SCIMPROBE_OAUTH_CLIENT_SECRET');
    expect(errorOf({ ...flags, oauthClientId: undefined }, { SCIMPROBE_OAUTH_CLIENT_SECRET: 'cs' })).toBe('--oauth-token-url needs --oauth-client-id too');
    expect(errorOf({ ...flags, token: 'abc' }, { SCIMPROBE_OAUTH_CLIENT_SECRET: 'cs' })).toBe('--oauth-token-url and --token exclude each other: give one');
    expect(errorOf({ url: flags.url, oauthScope: 'scim' })).toBe('--oauth-scope needs --oauth-token-url: it is part of the OAuth client credentials');
    expect(errorOf(flags, { SCIMPROBE_OAUTH_CLIENT_SECRET: ' cs' })).toBe('SCIMPROBE_OAUTH_CLIENT_SECRET has leading or trailing whitespace: remove it');
  });

  test('the flags replace client credentials of the file', () => {
    writeConfig(oauthYaml());
    const auth = load({ oauthTokenUrl: 'https://other.example.com/token', oauthClientId: 'other' }, { CLIENT_SECRET: 'cs', SCIMPROBE_OAUTH_CLIENT_SECRET: 'cs2' }).target?.auth;
    expect(auth).toMatchObject({ tokenUrl: 'https://other.example.com/token', clientId: 'other', clientSecret: 'cs2' });
  });

  test('a schema error in the client secret does not show it', () => {
    writeConfig(oauthYaml().replace('${CLIENT_SECRET}', '[cs-4d1e9a]'));
    const message = errorOf();
    expect(message).toBe('config: target.oauth.clientSecret must be a string, got a list');
  });
});
