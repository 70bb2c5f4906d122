/**
 * A configuration the harness cannot run with: a bad config file, environment variable or flag value.
 * The message is one line that names the setting and what would fix it, and never contains a secret.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
