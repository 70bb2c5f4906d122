/**
 * One run of every check, with a token given by flag and a fixed seed, against a `scimprobe serve` process
 * holding nothing else: the clean run several end-to-end tests each judge one side of (that serve passes
 * every check, that the token stays out of every output, that a finished run leaves nothing behind, that
 * its seed replays). test/support/clean-run-setup.ts starts it in vitest's main process when a test first
 * asks, once for every test file, and stops the serve process when all have run. Tests only read the run's
 * reports and the server: none changes either.
 */
import { request } from 'node:http';
import { inject } from 'vitest';
import { readResults, type CliRun, type ResultsJson } from './cli.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** Where a test asks for the clean run (test/support/clean-run-setup.ts). */
    cleanRunUrl: string;
  }
}

/** What the run was given and answered; sent as JSON from the main process. */
export interface CleanRunOutcome {
  /** The serve process's first line of output: its base URL. */
  url: string;
  token: string;
  seed: string;
  reportDir: string;
  run: CliRun;
}

export interface CleanRun extends CleanRunOutcome {
  results: ResultsJson;
}

let shared: Promise<CleanRun> | undefined;

/** The clean run, started by the first test of any file that asks; it takes as long as a full run. */
export function cleanRun(): Promise<CleanRun> {
  shared ??= ask(inject('cleanRunUrl')).then(async (outcome) => ({ ...outcome, results: await readResults(outcome.reportDir) }));
  return shared;
}

/** node:http rather than fetch: the answer comes when the run ends, later than undici waits for headers under load. */
function ask(url: string): Promise<CleanRunOutcome> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode === 200) resolve(JSON.parse(body) as CleanRunOutcome);
        else reject(new Error(`the clean run could not be made: ${body}`));
      });
      response.on('error', reject);
    }).on('error', reject).end();
  });
}
