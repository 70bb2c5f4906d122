/** Reads a baseline file (--baseline): known failures that do not fail a run. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findCheck } from '../checks/catalog.js';
import { ConfigError } from './errors.js';
import { parseYaml, readErrorReason, validateAgainstSchema } from './file.js';

export interface BaselineEntry {
  check: string;
  reason: string;
  /** Last day the entry holds (YYYY-MM-DD, UTC). */
  expires?: string;
}

export interface Baseline {
  /** The path as the user gave it, for messages and reports. */
  file: string;
  entries: BaselineEntry[];
}

export function readBaseline(file: string, cwd: string): Baseline {
  const prefix = `baseline ${file}`;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new ConfigError(`${prefix}: cannot read it: ${readErrorReason(error)}`);
  }
  const { known } = validateAgainstSchema<{ known: BaselineEntry[] }>('baseline.schema.json', parseYaml(text, file, 'baseline'), prefix);
  const seen = new Set<string>();
  for (const [index, entry] of known.entries()) {
    const where = `${prefix}: known[${index}]`;
    if (findCheck(entry.check) === undefined) {
      throw new ConfigError(`${where}: no check has the id "${entry.check}"; 'scimprobe list' shows the ids`);
    }
    if (seen.has(entry.check)) throw new ConfigError(`${where}: ${entry.check} is listed twice; keep one entry`);
    seen.add(entry.check);
    if (entry.expires !== undefined && Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`))) {
      throw new ConfigError(`${where}: expires "${entry.expires}" is not a date; write YYYY-MM-DD`);
    }
  }
  return { file, entries: known };
}
