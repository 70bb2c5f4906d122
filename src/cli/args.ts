/**
 * Option parsing for the commands, on node:util parseArgs in strict mode. When the strict parse
 * rejects the arguments, a lenient token parse finds the offending argument so the error can name
 * the option and the fix in the project's words, without echoing a value that may be a secret.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closestName } from '../config/suggest.js';
import { showValue } from '../config/validate.js';
import { UsageError } from './errors.js';

export interface OptionSpec {
  /** Long name, without the dashes. */
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder of the value in help, e.g. `URL`. */
  valueName?: string;
  description: string;
  /** Its value may be a credential: never shown in messages. */
  secret?: boolean;
}

/** Every command has it. */
export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'boolean', description: 'Shows this help.' };

type OptionValue = string | boolean | (string | boolean)[] | undefined;

/** The values of one command's options after a successful parse. */
export class ParsedOptions {
  constructor(private readonly values: Readonly<Record<string, OptionValue>>) {}

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  strings(name: string): string[] {
    const value = this.values[name];
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }
}

function parseArgsConfig(args: readonly string[], specs: readonly OptionSpec[], strict: boolean): ParseArgsConfig {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const spec of specs) {
    options[spec.name] = { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short === undefined ? {} : { short: spec.short }) };
  }
  return { args, options, strict, allowPositionals: !strict, tokens: !strict };
}

/** Why the strict parse failed, found by walking the lenient parse's tokens. */
function describeRejection(command: string, args: readonly string[], specs: readonly OptionSpec[]): string | undefined {
  const seeHelp = `see scimprobe ${command} --help`;
  const { tokens = [] } = parseArgs(parseArgsConfig(args, specs, false));
  let previousOption: OptionSpec | undefined;
  for (const token of tokens) {
    if (token.kind === 'option') {
      const spec = specs.find((candidate) => candidate.name === token.name);
      if (spec === undefined) {
        const suggestion = closestName(token.name, specs.map((candidate) => candidate.name));
        const didYouMean = suggestion === undefined ? '' : ` (did you mean --${suggestion}?)`;
        return `unknown option ${token.rawName} for ${command}${didYouMean}; ${seeHelp}`;
      }
      if (spec.type === 'string' && token.value === undefined) return `--${spec.name} needs a value`;
      if (spec.type === 'string' && token.inlineValue === false && token.value?.startsWith('-') === true) {
        return `--${spec.name} needs a value (for a value that starts with "-", write --${spec.name}=VALUE)`;
      }
      if (spec.type === 'boolean' && token.inlineValue !== undefined) return `--${spec.name} takes no value`;
      previousOption = spec;
    } else if (token.kind === 'positional') {
      if (previousOption?.secret === true) {
        return `unexpected argument after --${previousOption.name}: quote a value that contains spaces; ${seeHelp}`;
      }
      return `unexpected argument ${showValue(token.value)}: scimprobe ${command} takes options only; ${seeHelp}`;
    }
  }
  return undefined;
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_');
}

/** Parses a command's arguments; anything strict parseArgs rejects becomes a UsageError. */
export function parseOptions(command: string, args: readonly string[], specs: readonly OptionSpec[]): ParsedOptions {
  try {
    return new ParsedOptions(parseArgs(parseArgsConfig(args, specs, true)).values);
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    const described = describeRejection(command, args, specs);
    throw new UsageError(described ?? `${error.message.split('\n')[0] ?? 'invalid arguments'}; see scimprobe ${command} --help`);
  }
}

/** The options section of a help text: one aligned line per option. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const left = specs.map((spec) => {
    const names = spec.short === undefined ? `    --${spec.name}` : `-${spec.short}, --${spec.name}`;
    return spec.valueName === undefined ? names : `${names} ${spec.valueName}`;
  });
  const width = Math.max(...left.map((text) => text.length));
  return specs.map((spec, index) => `  ${(left[index] ?? '').padEnd(width)}  ${spec.description}`).join('\n');
}

/** Words joined with ", " into indented lines of at most `width` characters. */
export function wrapWords(words: readonly string[], width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const [index, word] of words.entries()) {
    const piece = index < words.length - 1 ? `${word},` : word;
    if (line !== '' && indent.length + line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else {
      line = line === '' ? piece : `${line} ${piece}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((text) => `${indent}${text}`).join('\n');
}
