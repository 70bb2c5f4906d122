/** `scimprobe serve`: the reference SCIM server, optionally with quirks that each break one rule. */
import { LIMITS, parseIntegerText, showValue, validateToken } from '../config/validate.js';
import { closestName } from '../config/suggest.js';
import { HELP_OPTION, type OptionSpec, type ParsedOptions, formatOptions } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './main.js';

export const SERVE_SUMMARY = 'start the reference SCIM server';

export const SERVE_OPTIONS: readonly OptionSpec[] = [
  { name: 'port', type: 'string', valueName: 'N', description: 'Port on 127.0.0.1 (default: 0, any free port).' },
  {
    name: 'token', type: 'string', valueName: 'T', secret: true,
    description: "Requires 'Authorization: Bearer T' on every request but /ServiceProviderConfig.",
  },
  { name: 'rate-limit', type: 'string', valueName: 'N', description: 'Serves at most N requests a second; more get 429 with Retry-After.' },
  { name: 'quirk', type: 'string', multiple: true, valueName: 'NAME', description: 'Breaks one rule on purpose (repeatable); see below.' },
  HELP_OPTION,
];

export async function serveHelp(): Promise<string> {
  const { QUIRKS } = await import('../server/index.js');
  const entries = Object.entries(QUIRKS);
  const width = Math.max(0, ...entries.map(([name]) => name.length));
  const quirkLines = entries.length === 0 ? '  (none)' : entries.map(([name, quirk]) => `  ${name.padEnd(width)}  ${quirk.description}`).join('\n');
  return `Usage: scimprobe serve [options]

Starts the strict in-memory reference SCIM server and prints its base URL on the first line of
output. It runs until interrupted (Ctrl-C, SIGTERM).

Options:
${formatOptions(SERVE_OPTIONS)}

Quirks:
${quirkLines}
`;
}

function waitForTermination(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export async function serveCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const { startReferenceServer, QUIRKS, isQuirkName } = await import('../server/index.js');
  const portText = options.string('port');
  const port = portText === undefined ? undefined : parseIntegerText(portText, { kind: 'flag', key: '--port' }, LIMITS.port);
  const rateLimitText = options.string('rate-limit');
  const rateLimit = rateLimitText === undefined ? undefined : parseIntegerText(rateLimitText, { kind: 'flag', key: '--rate-limit' }, LIMITS.rateLimit);
  const tokenText = options.string('token');
  const token = tokenText === undefined ? undefined : validateToken(tokenText, { kind: 'flag', key: '--token' });
  const quirks = [...new Set(options.strings('quirk'))].map((name) => {
    if (isQuirkName(name)) return name;
    const known = Object.keys(QUIRKS);
    const suggestion = closestName(name, known);
    const didYouMean = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
    throw new UsageError(`--quirk ${showValue(name)} is not a known quirk${didYouMean}; known: ${known.join(', ') || 'none'}`);
  });

  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  try {
    server = await startReferenceServer({
      ...(port === undefined ? {} : { port }),
      ...(token === undefined ? {} : { token }),
      ...(rateLimit === undefined ? {} : { rateLimit }),
      quirks,
    });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EADDRINUSE') throw new UsageError(`--port ${port ?? 0} is already in use: pick another port, or 0 for any free one`);
    if (code === 'EACCES') throw new UsageError(`--port ${port ?? 0} needs privileges this process lacks: pick a port above 1023`);
    throw error;
  }
  io.stdout.write(`${server.url}\n`);
  io.stderr.write(`scimprobe: reference server running${quirks.length === 0 ? '' : ` with quirks ${quirks.join(', ')}`}; stop it with Ctrl-C\n`);
  await waitForTermination();
  await server.close();
  return 0;
}
