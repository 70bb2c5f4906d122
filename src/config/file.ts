/**
 * The config file: read, parsed as YAML, environment references interpolated, then validated against
 * fixtures/config.schema.json — the schema shipped for editors is the one that decides.
 */
import { readFileSync } from 'node:fs';
import type { FailOn } from './types.js';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { fixturePath } from '../package-files.js';
import type { JsonObject } from '../scim/json.js';
import { ConfigError } from './errors.js';
import type { OAuthClientAuthentication } from './types.js';
import { formatKeyPath, interpolateEnv } from './interpolate.js';
import { closestName } from './suggest.js';
import { integerRangeProblem, showKind, showValue } from './validate.js';

/** The file's content once it matches the schema. */
export interface ConfigFile {
  target?: {
    url?: string;
    token?: string;
    basic?: { username: string; password: string };
    headers?: Record<string, string>;
    timeoutMs?: number;
    maxRetries?: number;
    maxResults?: number;
    queryParameters?: Record<string, string>;
    tls?: { ca?: string; cert?: string; key?: string; insecure?: boolean };
    oauth?: {
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
      clientAuthentication?: OAuthClientAuthentication;
    };
  };
  run?: {
    suites?: string[];
    grep?: string;
    seed?: number;
    numRuns?: number;
    reportDir?: string;
    readOnly?: boolean;
    baseline?: string;
    failOn?: FailOn;
    rate?: number;
    concurrency?: number;
  };
  limits?: {
    maxPayloadBytes?: number;
    maxProbeBytes?: number;
    maxCreatedForPaging?: number;
  };
  probes?: {
    rateLimit?: { enabled?: boolean; maxRequests?: number };
  };
  templates?: Record<string, JsonObject>;
  learning?: { enabled?: boolean; emailDomain?: string };
}

/** Looked up in the working directory when no --config is given. */
export const DEFAULT_CONFIG_FILE = 'scimprobe.yaml';

const compiledSchemas = new Map<string, ValidateFunction>();

/** The validator of a JSON Schema shipped in fixtures/, compiled once. */
function schemaValidator(schemaFile: string): ValidateFunction {
  let validate = compiledSchemas.get(schemaFile);
  if (validate === undefined) {
    const schema: unknown = JSON.parse(readFileSync(fixturePath(schemaFile), 'utf8'));
    if (typeof schema !== 'object' || schema === null) throw new Error(`fixtures/${schemaFile} does not hold a JSON Schema object`);
    // coerceTypes: `${VAR}` interpolation yields strings, so `seed: ${SEED}` must still count as an integer.
    const ajv = new Ajv({ allErrors: false, verbose: true, coerceTypes: true, strict: true });
    validate = ajv.compile(schema as SchemaObject);
    compiledSchemas.set(schemaFile, validate);
  }
  return validate;
}

export function readErrorReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  return error instanceof Error ? error.message : String(error);
}

/** Settings left empty in YAML (`seed:`) parse as null and count as not set. */
function dropNullEntries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullEntries);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]: [string, unknown]) => item !== null)
        .map(([key, item]: [string, unknown]) => [key, dropNullEntries(item)]),
    );
  }
  return value;
}

/** Parses YAML text; errors name the file, line and column, behind `prefix`. */
export function parseYaml(text: string, name: string, prefix = 'config'): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [firstError] = document.errors;
  if (firstError !== undefined) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    throw new ConfigError(`${prefix}: ${name}:${line}:${col}: invalid YAML: ${firstError.message}`);
  }
  try {
    return document.toJS();
  } catch (error) {
    throw new ConfigError(`${prefix}: ${name}: invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? Reflect.get(value, key) : undefined;
}

/** Turns a JSON pointer into key path segments, array positions as numbers. */
function pointerSegments(pointer: string, root: unknown): (string | number)[] {
  const segments: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      segments.push(index);
      node = node[index];
    } else {
      segments.push(key);
      node = property(node, key);
    }
  }
  return segments;
}

// Values under these keys are secrets: an error says what kind of value is wrong, never what it is.
function isSecretPath(segments: readonly (string | number)[]): boolean {
  const [section, key] = segments;
  return section === 'target' && (key === 'token' || key === 'basic' || key === 'headers' || (key === 'oauth' && segments[2] === 'clientSecret'));
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

function param(error: ErrorObject, name: string): unknown {
  const params: Record<string, unknown> = error.params;
  return params[name];
}

function describeSchemaError(error: ErrorObject, root: unknown): string {
  const segments = pointerSegments(error.instancePath, root);
  const path = formatKeyPath(segments);
  const shown = isSecretPath(segments) ? showKind(error.data) : showValue(error.data);
  const parent: unknown = error.parentSchema;
  const minimum = property(parent, 'minimum');
  const maximum = property(parent, 'maximum');

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(param(error, 'additionalProperty'));
      const properties = property(parent, 'properties');
      const known = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
      const suggestion = closestName(key, known);
      const hint = suggestion === undefined ? `known keys: ${known.join(', ')}` : `did you mean ${suggestion}?`;
      return `unknown key ${formatKeyPath([...segments, key])} (${hint})`;
    }
    case 'required':
      return `${formatKeyPath([...segments, String(param(error, 'missingProperty'))])} is required`;
    case 'type': {
      const expected = String(param(error, 'type'));
      return `${path} must be ${TYPE_WORDS[expected] ?? expected}, got ${shown}`;
    }
    case 'minimum':
    case 'maximum':
      if (typeof minimum === 'number' && typeof maximum === 'number') {
        if (property(parent, 'type') === 'number') return `${path} must be a number from ${minimum} to ${maximum}, got ${shown}`;
        return `${path} ${integerRangeProblem({ min: minimum, max: maximum }, shown)}`;
      }
      return `${path} ${error.message ?? 'is out of range'}, got ${shown}`;
    case 'minLength':
      return `${path} must not be empty`;
    case 'enum': {
      const allowed = param(error, 'allowedValues');
      return `${path} must be one of ${Array.isArray(allowed) ? allowed.join(', ') : 'the documented values'}, got ${shown}`;
    }
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Validates parsed YAML against a JSON Schema of fixtures/; the first problem becomes a ConfigError naming
 * its key path, behind `prefix`. The schema is what decides the type the caller gets.
 */
export function validateAgainstSchema<T>(schemaFile: string, data: unknown, prefix: string): T {
  const validate = schemaValidator(schemaFile);
  if (validate(data)) return data as T;
  const [firstError] = validate.errors ?? [];
  throw new ConfigError(`${prefix}: ${firstError === undefined ? 'the file is invalid' : describeSchemaError(firstError, data)}`);
}

/**
 * Credentials must not be YAML numbers or booleans: the schema coerces types, and an unquoted `token: 000123` would
 * otherwise become the different credential "123".
 */
function rejectNonStringCredentials(data: object): void {
  const target = property(data, 'target');
  const basic = property(target, 'basic');
  const headers = property(target, 'headers');
  const oauth = property(target, 'oauth');
  const credentials: Array<[string, unknown]> = [
    ['target.token', property(target, 'token')],
    ['target.basic.username', property(basic, 'username')],
    ['target.basic.password', property(basic, 'password')],
    ['target.oauth.clientId', property(oauth, 'clientId')],
    ['target.oauth.clientSecret', property(oauth, 'clientSecret')],
    ...Object.keys(typeof headers === 'object' && headers !== null ? headers : {}).map(
      (name): [string, unknown] => [formatKeyPath(['target', 'headers', name]), property(headers, name)],
    ),
  ];
  for (const [path, value] of credentials) {
    if (typeof value === 'number' || typeof value === 'boolean') {
      throw new ConfigError(`config: ${path} must be a string; quote it in the YAML, e.g. "…", so it is read as written`);
    }
  }
}

/** Validates parsed, interpolated YAML against the config schema. */
function validateConfigContent(data: unknown): ConfigFile {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`config: the file must hold a mapping with target and run sections, got ${showValue(data)}`);
  }
  rejectNonStringCredentials(data);
  return validateAgainstSchema<ConfigFile>('config.schema.json', data, 'config');
}

/**
 * The config file named by --config, else scimprobe.yaml in `cwd` if there is one, else undefined.
 * A named file that cannot be read is an error; so is invalid YAML or content.
 */
export function readConfigFile(configFlag: string | undefined, cwd: string, env: NodeJS.ProcessEnv): ConfigFile | undefined {
  const name = configFlag ?? DEFAULT_CONFIG_FILE;
  if (configFlag === '') throw new ConfigError('--config must name a file');
  let text: string;
  try {
    text = readFileSync(resolve(cwd, name), 'utf8');
  } catch (error) {
    const missing = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
    if (configFlag === undefined && missing) return undefined;
    throw new ConfigError(`config: cannot read ${name}: ${readErrorReason(error)}`);
  }
  const parsed = parseYaml(text, name);
  // An empty file or one holding only comments is an empty configuration.
  const content = parsed === null || parsed === undefined ? {} : dropNullEntries(parsed);
  return validateConfigContent(interpolateEnv(content, env));
}
