/**
 * `${NAME}` references to environment variables in config file values, so that secrets stay out of
 * the file. `$${` stands for a literal `${`. Only string values are interpolated, never keys.
 */
import { ConfigError } from './errors.js';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// An escaped opener, a complete reference, or an opener that is never closed.
const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;

/** A key path for messages: `target.headers.X-Api-Key`, `run.suites[1]`. */
export function formatKeyPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return path === '' ? segment : `${path}.${segment}`;
  }, '');
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, path: readonly (string | number)[]): string {
  return text.replace(REFERENCE, (match: string, name: string | undefined) => {
    if (match === '$${') return '${';
    const key = formatKeyPath(path);
    if (name === undefined || !VARIABLE_NAME.test(name)) {
      throw new ConfigError(
        `config: ${key} has a malformed \${…} reference: write \${NAME} with NAME made of letters, digits and _, or $\${ for a literal \${`,
      );
    }
    const value = env[name];
    if (value === undefined) {
      throw new ConfigError(`config: ${key} uses \${${name}}, but the environment variable ${name} is not set`);
    }
    return value;
  });
}

/** A copy of a parsed YAML value with every `${NAME}` in its strings replaced from `env`. */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path: readonly (string | number)[] = []): unknown {
  if (typeof value === 'string') return interpolateString(value, env, path);
  if (Array.isArray(value)) return value.map((item: unknown, index) => interpolateEnv(item, env, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]: [string, unknown]) => [key, interpolateEnv(item, env, [...path, key])]));
  }
  return value;
}
