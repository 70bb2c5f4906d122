/**
 * One validated RunConfig from three sources, later winning: the config file, the environment
 * (SCIMPROBE_URL, SCIMPROBE_TOKEN), the command-line flags. Each value is validated where it is read,
 * so an error names the key, variable or flag it came from.
 */
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { CHECKS } from '../checks/catalog.js';
import { AREAS } from '../checks/types.js';
import { readBaseline } from './baseline-file.js';
import { ConfigError } from './errors.js';
import { type ConfigFile, readConfigFile } from './file.js';
import { checkTemplates } from './templates.js';
import { checkClientPair, certificates, readPemFile } from './tls.js';
import type { Auth, FailOn, OAuthClientCredentials, RunConfig, TlsConfig } from './types.js';
import {
  DEFAULTS,
  LIMITS,
  type Origin,
  checkIntegerInRange,
  mention,
  parseBasicPair,
  parseHeaderLine,
  parseIntegerText,
  parseRateText,
  settingError,
  showValue,
  subject,
  validateBasic,
  validateGrep,
  validateHeader,
  validateQueryParameter,
  validateReportDir,
  validateSuites,
  validateToken,
  validateUrl,
} from './validate.js';

/** The `run` command's flags as given on the command line: raw text, validated here. */
export interface RunFlags {
  url?: string;
  token?: string;
  /** `USER:PASS`. */
  basic?: string;
  /** `Name: value` each. */
  headers?: string[];
  config?: string;
  /** Area or suite names; each entry may be a comma-separated list. */
  suites?: string[];
  grep?: string;
  seed?: string;
  numRuns?: string;
  reportDir?: string;
  readOnly?: boolean;
  /** --no-learning: build resources from /Schemas and the templates alone. */
  noLearning?: boolean;
  baseline?: string;
  writeBaseline?: string;
  failOn?: string;
  /** Per-request timeout in milliseconds. */
  timeout?: string;
  /** Retries of a request answered 429 or 503. */
  retries?: string;
  /** Requests per second. */
  rate?: string;
  /** Requests in flight. */
  concurrency?: string;
  /** PEM files: CA bundle, client certificate, client key. */
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  /** OAuth client credentials; the secret is read from SCIMPROBE_OAUTH_CLIENT_SECRET. */
  oauthTokenUrl?: string;
  oauthClientId?: string;
  oauthScope?: string;
}

export const ENV_URL = 'SCIMPROBE_URL';
export const ENV_TOKEN = 'SCIMPROBE_TOKEN';
export const ENV_OAUTH_CLIENT_SECRET = 'SCIMPROBE_OAUTH_CLIENT_SECRET';

interface Sourced<T> {
  value: T;
  origin: Origin;
}

type Credentials = Exclude<Auth, { type: 'none' }>;

/** The settings one source gives, each already valid on its own; the run section's fields are the file's. */
interface SettingsLayer extends NonNullable<ConfigFile['run']> {
  url?: Sourced<string>;
  auth?: Sourced<Credentials>;
  headers: Sourced<[string, string]>[];
  timeoutMs?: Sourced<number>;
  maxRetries?: Sourced<number>;
  maxResults?: Sourced<number>;
  queryParameters?: Sourced<Record<string, string>>;
  ca?: Sourced<string>;
  cert?: Sourced<string>;
  key?: Sourced<string>;
  insecure?: Sourced<boolean>;
}

/** Every name `--suite` accepts: the areas, then the suite files of the catalog. */
export function knownSuiteNames(): string[] {
  return [...new Set<string>([...AREAS, ...CHECKS.map((check) => check.suite)])];
}

function fileOrigin(key: string): Origin {
  return { kind: 'file', key };
}

function flagOrigin(name: string): Origin {
  return { kind: 'flag', key: `--${name}` };
}

function fileLayer(file: ConfigFile, suiteNames: readonly string[]): SettingsLayer {
  const layer: SettingsLayer = { headers: [] };
  const target = file.target ?? {};
  const run = file.run ?? {};

  if (target.url !== undefined) layer.url = { value: validateUrl(target.url, fileOrigin('target.url')), origin: fileOrigin('target.url') };
  const schemes = (['token', 'basic', 'oauth'] as const).filter((key) => target[key] !== undefined);
  if (schemes.length > 1) {
    throw new ConfigError(`config: ${schemes.map((key) => `target.${key}`).join(' and ')} exclude each other: keep one`);
  }
  if (target.token !== undefined) {
    const origin = fileOrigin('target.token');
    layer.auth = { value: { type: 'bearer', token: validateToken(target.token, origin) }, origin };
  }
  if (target.basic !== undefined) {
    const { username, password } = validateBasic(target.basic, fileOrigin('target.basic.username'), fileOrigin('target.basic.password'));
    layer.auth = { value: { type: 'basic', username, password }, origin: fileOrigin('target.basic') };
  }
  if (target.oauth !== undefined) {
    layer.auth = { value: validateOAuth(target.oauth, (field) => fileOrigin(`target.oauth.${field}`)), origin: fileOrigin('target.oauth') };
  }
  const tls = target.tls ?? {};
  for (const key of ['ca', 'cert', 'key'] as const) {
    const path = tls[key];
    if (path !== undefined) layer[key] = { value: path, origin: fileOrigin(`target.tls.${key}`) };
  }
  if (tls.insecure !== undefined) layer.insecure = { value: tls.insecure, origin: fileOrigin('target.tls.insecure') };
  const headersOrigin = fileOrigin('target.headers');
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    layer.headers.push({ value: validateHeader(name, value, headersOrigin, true), origin: headersOrigin });
  }
  if (target.timeoutMs !== undefined) {
    const origin = fileOrigin('target.timeoutMs');
    layer.timeoutMs = { value: checkIntegerInRange(target.timeoutMs, origin, LIMITS.timeoutMs), origin };
  }
  if (target.maxRetries !== undefined) {
    const origin = fileOrigin('target.maxRetries');
    layer.maxRetries = { value: checkIntegerInRange(target.maxRetries, origin, LIMITS.maxRetries), origin };
  }
  if (target.maxResults !== undefined) {
    const origin = fileOrigin('target.maxResults');
    layer.maxResults = { value: checkIntegerInRange(target.maxResults, origin, LIMITS.maxResults), origin };
  }
  if (target.queryParameters !== undefined) {
    const origin = fileOrigin('target.queryParameters');
    const names = Object.keys(target.queryParameters).map((name) => validateQueryParameter(name, origin));
    const repeated = names.find((name, index) => names.findIndex((other) => other.toLowerCase() === name.toLowerCase()) !== index);
    if (repeated !== undefined) throw settingError(origin, `names ${repeated} twice, in different case: SCIM reads parameter names case-insensitively; keep one`);
    layer.queryParameters = { value: { ...target.queryParameters }, origin };
  }

  if (run.suites !== undefined && run.suites.length > 0) layer.suites = validateSuites(run.suites, fileOrigin('run.suites'), suiteNames);
  if (run.grep !== undefined) layer.grep = validateGrep(run.grep, fileOrigin('run.grep'));
  if (run.seed !== undefined) layer.seed = checkIntegerInRange(run.seed, fileOrigin('run.seed'), LIMITS.seed);
  if (run.numRuns !== undefined) layer.numRuns = checkIntegerInRange(run.numRuns, fileOrigin('run.numRuns'), LIMITS.numRuns);
  if (run.reportDir !== undefined) layer.reportDir = validateReportDir(run.reportDir, fileOrigin('run.reportDir'));
  if (run.readOnly !== undefined) layer.readOnly = run.readOnly;
  if (run.baseline !== undefined) layer.baseline = run.baseline;
  if (run.failOn !== undefined) layer.failOn = run.failOn;
  if (run.rate !== undefined) layer.rate = run.rate;
  if (run.concurrency !== undefined) layer.concurrency = run.concurrency;
  return layer;
}

function envLayer(env: NodeJS.ProcessEnv): SettingsLayer {
  const layer: SettingsLayer = { headers: [] };
  const url = env[ENV_URL];
  if (url !== undefined) {
    const origin: Origin = { kind: 'env', key: ENV_URL };
    layer.url = { value: validateUrl(url, origin), origin };
  }
  const token = env[ENV_TOKEN];
  if (token !== undefined) {
    const origin: Origin = { kind: 'env', key: ENV_TOKEN };
    layer.auth = { value: { type: 'bearer', token: validateToken(token, origin) }, origin };
  }
  return layer;
}

function flagLayer(flags: RunFlags, env: NodeJS.ProcessEnv, suiteNames: readonly string[]): SettingsLayer {
  const layer: SettingsLayer = { headers: [] };
  if (flags.url !== undefined) layer.url = { value: validateUrl(flags.url, flagOrigin('url')), origin: flagOrigin('url') };
  if (flags.token !== undefined && flags.basic !== undefined) {
    throw new ConfigError('--token and --basic exclude each other: give one');
  }
  if (flags.token !== undefined) {
    layer.auth = { value: { type: 'bearer', token: validateToken(flags.token, flagOrigin('token')) }, origin: flagOrigin('token') };
  }
  if (flags.basic !== undefined) {
    const { username, password } = parseBasicPair(flags.basic, flagOrigin('basic'));
    layer.auth = { value: { type: 'basic', username, password }, origin: flagOrigin('basic') };
  }
  const oauth = oauthFlags(flags, env);
  if (oauth !== undefined) layer.auth = oauth;
  for (const line of flags.headers ?? []) {
    layer.headers.push({ value: parseHeaderLine(line, flagOrigin('header')), origin: flagOrigin('header') });
  }
  if (flags.timeout !== undefined) {
    layer.timeoutMs = { value: parseIntegerText(flags.timeout, flagOrigin('timeout'), LIMITS.timeoutMs), origin: flagOrigin('timeout') };
  }
  if (flags.retries !== undefined) {
    layer.maxRetries = { value: parseIntegerText(flags.retries, flagOrigin('retries'), LIMITS.maxRetries), origin: flagOrigin('retries') };
  }
  for (const key of ['ca', 'cert', 'key'] as const) {
    const path = flags[key];
    if (path !== undefined) layer[key] = { value: path, origin: flagOrigin(key) };
  }
  if (flags.insecure === true) layer.insecure = { value: true, origin: flagOrigin('insecure') };
  if (flags.suites !== undefined && flags.suites.length > 0) layer.suites = validateSuites(flags.suites, flagOrigin('suite'), suiteNames);
  if (flags.grep !== undefined) layer.grep = validateGrep(flags.grep, flagOrigin('grep'));
  if (flags.seed !== undefined) layer.seed = parseIntegerText(flags.seed, flagOrigin('seed'), LIMITS.seed);
  if (flags.numRuns !== undefined) layer.numRuns = parseIntegerText(flags.numRuns, flagOrigin('num-runs'), LIMITS.numRuns);
  if (flags.reportDir !== undefined) layer.reportDir = validateReportDir(flags.reportDir, flagOrigin('report-dir'));
  if (flags.readOnly === true) layer.readOnly = true;
  if (flags.baseline !== undefined) layer.baseline = flags.baseline;
  if (flags.failOn !== undefined) layer.failOn = parseFailOn(flags.failOn);
  if (flags.rate !== undefined) layer.rate = parseRateText(flags.rate, flagOrigin('rate'));
  if (flags.concurrency !== undefined) layer.concurrency = parseIntegerText(flags.concurrency, flagOrigin('concurrency'), LIMITS.concurrency);
  return layer;
}

function parseFailOn(text: string): FailOn {
  if (text === 'must' || text === 'should') return text;
  throw new ConfigError(`--fail-on must be must or should, got ${JSON.stringify(text)}`);
}

function payloadLimits(limits: NonNullable<ConfigFile['limits']>): RunConfig['limits'] {
  const maxProbeBytes = limits.maxProbeBytes === undefined
    ? DEFAULTS.maxProbeBytes
    : checkIntegerInRange(limits.maxProbeBytes, fileOrigin('limits.maxProbeBytes'), LIMITS.payloadBytes);
  const maxCreatedForPaging = limits.maxCreatedForPaging === undefined
    ? DEFAULTS.maxCreatedForPaging
    : checkIntegerInRange(limits.maxCreatedForPaging, fileOrigin('limits.maxCreatedForPaging'), LIMITS.createdForPaging);
  if (limits.maxPayloadBytes === undefined) return { maxProbeBytes, maxCreatedForPaging };
  return {
    maxPayloadBytes: checkIntegerInRange(limits.maxPayloadBytes, fileOrigin('limits.maxPayloadBytes'), LIMITS.payloadBytes),
    maxProbeBytes,
    maxCreatedForPaging,
  };
}

function rateLimitProbe(probe: NonNullable<NonNullable<ConfigFile['probes']>['rateLimit']>): RunConfig['probes']['rateLimit'] {
  const maxRequests = probe.maxRequests === undefined
    ? DEFAULTS.rateLimitRequests
    : checkIntegerInRange(probe.maxRequests, fileOrigin('probes.rateLimit.maxRequests'), LIMITS.rateLimitRequests);
  return { enabled: probe.enabled ?? false, maxRequests };
}

/** The last layer's value of a setting, if any layer has one. */
function latest<K extends keyof SettingsLayer>(layers: readonly SettingsLayer[], key: K): SettingsLayer[K] | undefined {
  let found: SettingsLayer[K] | undefined;
  for (const layer of layers) {
    if (layer[key] !== undefined) found = layer[key];
  }
  return found;
}

/** Headers of all layers; a later header replaces an earlier one of the same name, whatever its case. */
function mergeHeaders(layers: readonly SettingsLayer[]): Map<string, Sourced<[string, string]>> {
  const merged = new Map<string, Sourced<[string, string]>>();
  for (const header of layers.flatMap((layer) => layer.headers)) {
    const key = header.value[0].toLowerCase();
    merged.delete(key);
    merged.set(key, header);
  }
  return merged;
}

export function loadRunConfig(flags: RunFlags, env: NodeJS.ProcessEnv, cwd: string): RunConfig {
  const suiteNames = knownSuiteNames();
  const file = readConfigFile(flags.config, cwd, env);
  const layers = [file === undefined ? { headers: [] } : fileLayer(file, suiteNames), envLayer(env), flagLayer(flags, env, suiteNames)];

  const url = latest(layers, 'url');
  const auth = latest(layers, 'auth');
  const headers = mergeHeaders(layers);
  const timeoutMs = latest(layers, 'timeoutMs');
  const maxRetries = latest(layers, 'maxRetries');
  const maxResults = latest(layers, 'maxResults');
  const queryParameters = latest(layers, 'queryParameters');
  const tlsSettings = (['ca', 'cert', 'key', 'insecure'] as const).map((key) => latest(layers, key));

  const config: RunConfig = {
    suites: latest(layers, 'suites') ?? [],
    seed: latest(layers, 'seed') ?? randomInt(0, LIMITS.seed.max + 1),
    numRuns: latest(layers, 'numRuns') ?? DEFAULTS.numRuns,
    reportDir: resolve(cwd, latest(layers, 'reportDir') ?? DEFAULTS.reportDir),
    readOnly: latest(layers, 'readOnly') ?? false,
    failOn: latest(layers, 'failOn') ?? 'must',
    throttle: {},
    limits: payloadLimits(file?.limits ?? {}),
    probes: { rateLimit: rateLimitProbe(file?.probes?.rateLimit ?? {}) },
    templates: checkTemplates(file?.templates ?? {}),
    learning: {
      enabled: flags.noLearning !== true && (file?.learning?.enabled ?? true),
      emailDomain: file?.learning?.emailDomain ?? DEFAULTS.emailDomain,
    },
  };
  const rate = latest(layers, 'rate');
  if (rate !== undefined) config.throttle.rate = rate;
  const concurrency = latest(layers, 'concurrency');
  if (concurrency !== undefined) config.throttle.concurrency = concurrency;
  const grep = latest(layers, 'grep');
  if (grep !== undefined) config.grep = grep;
  const baseline = latest(layers, 'baseline');
  if (baseline !== undefined) config.baseline = readBaseline(baseline, cwd);
  if (flags.writeBaseline !== undefined) config.writeBaseline = resolve(cwd, flags.writeBaseline);

  if (url === undefined) {
    // Without a URL the embedded reference server is checked; target settings would be silently ignored,
    // and a run the user meant for their own server would pass against the reference one.
    const stray = [auth, ...headers.values(), timeoutMs, maxRetries, maxResults, queryParameters, ...tlsSettings].find((setting) => setting !== undefined);
    if (stray !== undefined) {
      throw settingError(
        stray.origin,
        `is set but there is no target URL: give --url, set ${ENV_URL} or set target.url in the config file (without a URL the embedded reference server is checked)`,
      );
    }
    return config;
  }

  const authorization = headers.get('authorization');
  if (authorization !== undefined && auth !== undefined) {
    throw new ConfigError(`${subject(authorization.origin)} sets Authorization, which conflicts with ${mention(auth.origin)}: give the credentials one way`);
  }
  config.target = {
    url: url.value,
    auth: auth?.value ?? { type: 'none' },
    headers: Object.fromEntries([...headers.values()].map((header) => header.value)),
    timeoutMs: timeoutMs?.value ?? DEFAULTS.timeoutMs,
    maxRetries: maxRetries?.value ?? DEFAULTS.maxRetries,
    tls: loadTls(layers, cwd),
  };
  if (maxResults !== undefined) config.target.maxResults = maxResults.value;
  if (queryParameters !== undefined) config.target.queryParameters = queryParameters.value;
  return config;
}

/** The PEM files named by the last layer that names each, read and checked. */
function loadTls(layers: readonly SettingsLayer[], cwd: string): TlsConfig {
  const [ca, cert, key] = (['ca', 'cert', 'key'] as const).map((name) => {
    const setting = latest(layers, name);
    return setting === undefined ? undefined : readPemFile(setting.value, setting.origin, cwd);
  });
  const tls: TlsConfig = { insecure: latest(layers, 'insecure')?.value ?? false };
  if (ca !== undefined) {
    certificates(ca);
    tls.ca = ca.text;
  }
  if ((cert === undefined) !== (key === undefined)) {
    const given = cert ?? key;
    const missing = cert === undefined ? 'certificate (--cert, target.tls.cert)' : 'private key (--key, target.tls.key)';
    if (given !== undefined) throw settingError(given.origin, `needs the client ${missing} too: mutual TLS takes both`);
  }
  if (cert !== undefined && key !== undefined) {
    checkClientPair(cert, key);
    tls.cert = cert.text;
    tls.key = key.text;
  }
  return tls;
}

/** The token endpoint URL: absolute http(s), kept as written (a trailing slash may matter to it). */
function validateTokenUrl(raw: string, origin: Origin): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw settingError(origin, `must be an absolute http(s) URL, got ${raw.includes('@') ? 'a value that is not one' : showValue(raw)}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw settingError(origin, 'must not contain a user name or password: give them as clientId and clientSecret');
  }
  return parsed.href;
}

type OAuthSettings = NonNullable<NonNullable<ConfigFile['target']>['oauth']>;

/** originOf: where each field came from, for the messages. */
function validateOAuth(oauth: OAuthSettings, originOf: (field: 'tokenUrl' | 'clientId' | 'clientSecret' | 'scope') => Origin): Credentials {
  const credentials: { type: 'oauth' } & OAuthClientCredentials = {
    type: 'oauth',
    tokenUrl: validateTokenUrl(oauth.tokenUrl, originOf('tokenUrl')),
    clientId: validateToken(oauth.clientId, originOf('clientId')),
    clientSecret: validateToken(oauth.clientSecret, originOf('clientSecret')),
    clientAuthentication: oauth.clientAuthentication ?? 'client_secret_basic',
  };
  if (oauth.scope !== undefined) credentials.scope = validateToken(oauth.scope, originOf('scope'));
  return credentials;
}

/** The OAuth flags; the client secret comes from the environment only, to keep it out of the process list. */
function oauthFlags(flags: RunFlags, env: NodeJS.ProcessEnv): Sourced<Credentials> | undefined {
  const { oauthTokenUrl, oauthClientId, oauthScope } = flags;
  if (oauthTokenUrl === undefined) {
    const stray = oauthClientId !== undefined ? 'oauth-client-id' : oauthScope !== undefined ? 'oauth-scope' : undefined;
    if (stray !== undefined) throw settingError(flagOrigin(stray), 'needs --oauth-token-url: it is part of the OAuth client credentials');
    return undefined;
  }
  if (flags.token !== undefined || flags.basic !== undefined) {
    throw new ConfigError(`--oauth-token-url and --${flags.token === undefined ? 'basic' : 'token'} exclude each other: give one`);
  }
  if (oauthClientId === undefined) throw settingError(flagOrigin('oauth-token-url'), 'needs --oauth-client-id too');
  const clientSecret = env[ENV_OAUTH_CLIENT_SECRET];
  if (clientSecret === undefined) {
    throw settingError(flagOrigin('oauth-token-url'), `needs the client secret in the environment variable ${ENV_OAUTH_CLIENT_SECRET}`);
  }
  const origins = {
    tokenUrl: flagOrigin('oauth-token-url'),
    clientId: flagOrigin('oauth-client-id'),
    clientSecret: { kind: 'env', key: ENV_OAUTH_CLIENT_SECRET },
    scope: flagOrigin('oauth-scope'),
  } as const satisfies Record<string, Origin>;
  const settings: OAuthSettings = { tokenUrl: oauthTokenUrl, clientId: oauthClientId, clientSecret };
  if (oauthScope !== undefined) settings.scope = oauthScope;
  return { value: validateOAuth(settings, (field) => origins[field]), origin: origins.tokenUrl };
}
