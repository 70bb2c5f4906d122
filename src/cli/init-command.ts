/** `scimprobe init`: writes a commented scimprobe.yaml to start from, asking nothing. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../config/file.js';
import { fixturePath } from '../package-files.js';
import { HELP_OPTION, type OptionSpec, type ParsedOptions, formatOptions } from './args.js';
import { UsageError } from './errors.js';
import type { CliIo } from './main.js';

export const INIT_SUMMARY = `write a commented ${DEFAULT_CONFIG_FILE} to start from`;

export const INIT_OPTIONS: readonly OptionSpec[] = [HELP_OPTION];

export function initHelp(): string {
  return `Usage: scimprobe init

Writes ${DEFAULT_CONFIG_FILE} in the working directory: every key, commented, with example values to
replace. Its first line points editors that understand JSON Schema (the YAML language server) at the
schema the file is checked against. An existing ${DEFAULT_CONFIG_FILE} is left as it is.

Options:
${formatOptions(INIT_OPTIONS)}
`;
}

export async function initCommand(_options: ParsedOptions, io: CliIo): Promise<number> {
  const path = join(io.cwd, DEFAULT_CONFIG_FILE);
  if (existsSync(path)) throw new UsageError(`${path} exists already; edit it, or move it away to write a fresh one`);
  // Relative, with forward slashes, so the line stays right in a repository checked out anywhere.
  const schema = relative(io.cwd, fixturePath('config.schema.json')).split(sep).join('/');
  const example = await readFile(fixturePath('examples', DEFAULT_CONFIG_FILE), 'utf8');
  await writeFile(path, `# yaml-language-server: $schema=${schema}\n${example}`, { flag: 'wx' });
  io.stdout.write(`Wrote ${path}: set target.url and the credentials, then run scimprobe.\n`);
  return 0;
}
