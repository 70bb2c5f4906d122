/** A command line the CLI cannot act on: unknown command or option, missing or malformed value. */
export class UsageError extends Error {
  override name = 'UsageError';
}
