/**
 * The command line: picks the command (`run` when none is named), parses its options, and turns every
 * usage or configuration error into one line on stderr and exit code 2.
 */
import { ConfigError } from '../config/errors.js';
import { closestName } from '../config/suggest.js';
import { showValue } from '../config/validate.js';
import { PACKAGE_VERSION } from '../package-files.js';
import { EXIT } from '../results/verdict.js';
import { type OptionSpec, type ParsedOptions, parseOptions } from './args.js';
import { UsageError } from './errors.js';
import { CLEANUP_OPTIONS, CLEANUP_SUMMARY, cleanupCommand, cleanupHelp } from './cleanup-command.js';
import { INIT_OPTIONS, INIT_SUMMARY, initCommand, initHelp } from './init-command.js';
import { LIST_OPTIONS, LIST_SUMMARY, listCommand, listHelp } from './list-command.js';
import { RUN_OPTIONS, RUN_SUMMARY, runCommand, runHelp } from './run-command.js';
import { SERVE_OPTIONS, SERVE_SUMMARY, serveCommand, serveHelp } from './serve-command.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

interface Command {
  summary: string;
  options: readonly OptionSpec[];
  help(): string | Promise<string>;
  execute(options: ParsedOptions, io: CliIo): Promise<number>;
}

const COMMANDS = {
  run: { summary: RUN_SUMMARY, options: RUN_OPTIONS, help: runHelp, execute: runCommand },
  serve: { summary: SERVE_SUMMARY, options: SERVE_OPTIONS, help: serveHelp, execute: serveCommand },
  list: { summary: LIST_SUMMARY, options: LIST_OPTIONS, help: listHelp, execute: listCommand },
  cleanup: { summary: CLEANUP_SUMMARY, options: CLEANUP_OPTIONS, help: cleanupHelp, execute: cleanupCommand },
  init: { summary: INIT_SUMMARY, options: INIT_OPTIONS, help: initHelp, execute: initCommand },
} as const satisfies Record<string, Command>;

type CommandName = keyof typeof COMMANDS;

function isCommandName(word: string): word is CommandName {
  return Object.hasOwn(COMMANDS, word);
}

function globalHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((name) => name.length));
  const commandLines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `scimprobe ${PACKAGE_VERSION}: SCIM 2.0 conformance harness (RFC 7643, RFC 7644)

Usage: scimprobe [command] [options]

Commands:
${commandLines.join('\n')}

Options:
  -h, --help     Shows this help; 'scimprobe help <command>' (or '<command> --help') shows a command's options.
  -V, --version  Prints the version.

Examples:
  scimprobe --url https://scim.example.com/scim/v2 --token "$SCIM_TOKEN"
  scimprobe run --config scimprobe.yaml --suite discovery,filter
  scimprobe serve --port 8080 --quirk <name>

Exit codes: 0 the gate passed, 1 it failed (a MUST failure, or SHOULD with --fail-on should), 2 usage or configuration error,
3 target unreachable or credentials rejected, 4 internal error, 130/143 stopped by SIGINT/SIGTERM.
`;
}

function unknownCommand(word: string): UsageError {
  if (word.includes('://')) return new UsageError(`to check ${showValue(word)}, give it with --url: scimprobe run --url ${word}`);
  const suggestion = closestName(word, Object.keys(COMMANDS));
  const didYouMean = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
  return new UsageError(`unknown command ${showValue(word)}${didYouMean}; commands: ${Object.keys(COMMANDS).join(', ')}; see scimprobe --help`);
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h') {
    io.stdout.write(globalHelp());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  if (first === 'help') {
    const [topic, ...extra] = rest;
    if (extra.length > 0) throw new UsageError(`help takes one command name, got ${extra.length + 1}; see scimprobe --help`);
    if (topic === undefined) {
      io.stdout.write(globalHelp());
      return 0;
    }
    if (!isCommandName(topic)) throw unknownCommand(topic);
    io.stdout.write(await COMMANDS[topic].help());
    return 0;
  }
  let name: CommandName = 'run';
  let args = argv;
  if (first !== undefined && isCommandName(first)) {
    name = first;
    args = rest;
  } else if (first !== undefined && !first.startsWith('-')) {
    throw unknownCommand(first);
  }
  const command: Command = COMMANDS[name];
  const options = parseOptions(name, args, command.options);
  if (options.flag('help')) {
    io.stdout.write(await command.help());
    return 0;
  }
  return command.execute(options, io);
}

/** Runs the command line `argv` (without node and the script) and returns the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      // One line, whatever the message holds: scripts read stderr line by line.
      io.stderr.write(`scimprobe: ${oneLine(error.message)}\n`);
      return EXIT.usage;
    }
    // Not the user's doing and not the target's verdict: say so apart from exit 1, which means conformance failures.
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(`scimprobe: internal error: ${oneLine(detail)} (a bug in scimprobe; SCIMPROBE_DEBUG=1 prints the stack)\n`);
    if (io.env.SCIMPROBE_DEBUG === '1' && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}
