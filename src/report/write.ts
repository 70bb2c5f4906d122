/** Writes every report of a run into one folder. */
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunResult } from '../results/model.js';
import { toHar } from './har.js';
import { toHtml } from './html.js';
import { toJunitXml } from './junit.js';
import { toResultsJson } from './json.js';

/** Absolute paths of the written reports. */
export interface ReportFiles {
  junit: string;
  html: string;
  json: string;
  har: string;
}

export const REPORT_FILE_NAMES: Readonly<ReportFiles> = {
  junit: 'junit.xml',
  html: 'report.html',
  json: 'results.json',
  har: 'exchanges.har',
};

/**
 * Creates the report folder and proves it writable before a run starts, so a typo in --report-dir
 * costs one line instead of the whole run's results. Resolves to undefined, or to why it cannot be used.
 */
export async function unusableReportDir(dir: string): Promise<string | undefined> {
  try {
    await createFolder(dir);
    await access(dir, constants.W_OK);
    // A file named like the folder is writable too, and would fail only when the reports are written.
    return (await stat(dir)).isDirectory() ? undefined : REPORT_DIR_PROBLEMS.ENOTDIR;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return REPORT_DIR_PROBLEMS[code ?? ''] ?? message;
  }
}

/**
 * Creates the missing folders one level at a time: Node's recursive mkdir can loop for ever where creating is
 * refused (e.g. under /proc). A folder another run created meanwhile (runs sharing a report root) will do.
 */
async function createFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = resolve(dir); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw error;
    }
  }
}

const REPORT_DIR_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no folder can be created there',
  EEXIST: 'a file is in the way',
  ENOTDIR: 'a file is in the way',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

/** Written beside the target so the rename stays on one file system, which makes it atomic. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes the four reports into dir (created if missing). Each file is written to a temporary name
 * and renamed, so a crash never leaves a half-written report. All four are formatted before the
 * first is written, so a formatting error leaves the previous reports as they were.
 */
export async function writeReports(result: RunResult, dir: string): Promise<ReportFiles> {
  const contents: ReportFiles = {
    junit: toJunitXml(result),
    html: toHtml(result),
    json: toResultsJson(result),
    har: toHar(result),
  };
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const files: ReportFiles = {
    junit: join(root, REPORT_FILE_NAMES.junit),
    html: join(root, REPORT_FILE_NAMES.html),
    json: join(root, REPORT_FILE_NAMES.json),
    har: join(root, REPORT_FILE_NAMES.har),
  };
  const kinds: Array<keyof ReportFiles> = ['junit', 'html', 'json', 'har'];
  await Promise.all(kinds.map((kind) => writeAtomically(files[kind], contents[kind])));
  return files;
}
