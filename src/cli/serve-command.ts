/** `scimprobe serve`: the reference SCIM server, optionally with quirks that each break one rule. */
import { checkClientPair, certificates, readPemFile } from '../config/tls.js';
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
  { name: 'tls-cert', type: 'string', valueName: 'FILE', description: 'Serves https with this PEM certificate (with --tls-key).' },
  { name: 'tls-key', type: 'string', valueName: 'FILE', description: 'PEM private key of --tls-cert (unencrypted).' },
  {
    name: 'client-ca', type: 'string', valueName: 'FILE',
    description: 'Requires a client certificate issued by a CA of this PEM file (mutual TLS; needs --tls-cert).',
  },
  { name: 'rate-limit', type: 'string', valueName: 'N', description: 'Serves at most N requests a second; more get 429 with Retry-After.' },
  { name: 'quirk', type: 'string', multiple: true, valueName: 'NAME', description: 'Breaks one rule on purpose (repeatable); see below.' },
  { name: 'tenant', type: 'string', valueName: 'NAME', description: "Serves as a tenant profile: a real service's rules, partial features and defects; see below." },
  HELP_OPTION,
];

/** Named entries, one a line, their descriptions in a column. */
function describedList(entries: ReadonlyArray<[string, { description: string }]>): string {
  const width = Math.max(0, ...entries.map(([name]) => name.length));
  return entries.length === 0 ? '  (none)' : entries.map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.description}`).join('\n');
}

export async function serveHelp(): Promise<string> {
  const { QUIRKS, TENANT_PROFILES } = await import('../server/index.js');
  const quirkLines = describedList(Object.entries(QUIRKS));
  return `Usage: scimprobe serve [options]

Starts the strict in-memory reference SCIM server and prints its base URL on the first line of
output. It runs until interrupted (Ctrl-C, SIGTERM).

Options:
${formatOptions(SERVE_OPTIONS)}

Quirks:
${quirkLines}

Tenant profiles:
${describedList(Object.entries(TENANT_PROFILES))}
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

/** --tls-cert, --tls-key and --client-ca, read and checked; undefined for plain http. */
function serverTls(options: ParsedOptions, cwd: string): { key: string; cert: string; clientCa?: string } | undefined {
  const [cert, key, clientCa] = (['tls-cert', 'tls-key', 'client-ca'] as const).map((name) => {
    const path = options.string(name);
    return path === undefined ? undefined : readPemFile(path, { kind: 'flag', key: `--${name}` }, cwd);
  });
  if (cert === undefined && key === undefined) {
    if (clientCa !== undefined) throw new UsageError('--client-ca needs --tls-cert and --tls-key: mutual TLS is served over https');
    return undefined;
  }
  if (cert === undefined || key === undefined) {
    throw new UsageError(cert === undefined ? '--tls-key needs --tls-cert too: https takes a certificate and its key' : '--tls-cert needs --tls-key too: https takes a certificate and its key');
  }
  checkClientPair(cert, key);
  if (clientCa === undefined) return { key: key.text, cert: cert.text };
  certificates(clientCa);
  return { key: key.text, cert: cert.text, clientCa: clientCa.text };
}

export async function serveCommand(options: ParsedOptions, io: CliIo): Promise<number> {
  const { startReferenceServer, QUIRKS, TENANT_PROFILES, isQuirkName, isTenantProfileName } = await import('../server/index.js');
  const portText = options.string('port');
  const port = portText === undefined ? undefined : parseIntegerText(portText, { kind: 'flag', key: '--port' }, LIMITS.port);
  const rateLimitText = options.string('rate-limit');
  const rateLimit = rateLimitText === undefined ? undefined : parseIntegerText(rateLimitText, { kind: 'flag', key: '--rate-limit' }, LIMITS.rateLimit);
  const tokenText = options.string('token');
  const token = tokenText === undefined ? undefined : validateToken(tokenText, { kind: 'flag', key: '--token' });
  const tls = serverTls(options, io.cwd);
  const quirks = [...new Set(options.strings('quirk'))].map((name) => {
    if (isQuirkName(name)) return name;
    const known = Object.keys(QUIRKS);
    const suggestion = closestName(name, known);
    const didYouMean = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
    throw new UsageError(`--quirk ${showValue(name)} is not a known quirk${didYouMean}; known: ${known.join(', ') || 'none'}`);
  });

  const tenant = options.string('tenant');
  if (tenant !== undefined && !isTenantProfileName(tenant)) {
    const known = Object.keys(TENANT_PROFILES);
    const suggestion = closestName(tenant, known);
    throw new UsageError(`--tenant ${showValue(tenant)} is not a tenant profile${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}; known: ${known.join(', ')}`);
  }

  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  try {
    server = await startReferenceServer({
      ...(port === undefined ? {} : { port }),
      ...(token === undefined ? {} : { token }),
      ...(tls === undefined ? {} : { tls }),
      ...(rateLimit === undefined ? {} : { rateLimit }),
      ...(tenant === undefined ? {} : { tenant }),
      quirks,
    });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EADDRINUSE') throw new UsageError(`--port ${port ?? 0} is already in use: pick another port, or 0 for any free one`);
    if (code === 'EACCES') throw new UsageError(`--port ${port ?? 0} needs privileges this process lacks: pick a port above 1023`);
    throw error;
  }
  io.stdout.write(`${server.url}\n`);
  const running = [...(tenant === undefined ? [] : [`as tenant ${tenant}`]), ...(quirks.length === 0 ? [] : [`with quirks ${quirks.join(', ')}`])];
  io.stderr.write(`scimprobe: reference server running${running.length === 0 ? '' : ` ${running.join(' ')}`}; stop it with Ctrl-C\n`);
  await waitForTermination();
  await server.close();
  return 0;
}
