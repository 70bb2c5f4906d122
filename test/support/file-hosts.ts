/** CLI hosts (CliHosts in cli.ts) for the tests of one file. */
import { afterAll } from 'vitest';
import { CliHosts, type CliRun, type CliStart } from './cli.js';

/**
 * `scimprobe ARGS` for the tests of one file, in `count` hosts started at the file's first run and ended
 * after its last test.
 */
export function useCliHosts(count = 1): (args: string[], options?: CliStart) => Promise<CliRun> {
  let hosts: CliHosts | undefined;
  afterAll(async () => {
    await hosts?.close();
  });
  return (args, options) => {
    hosts ??= CliHosts.start(count);
    return hosts.run(args, options);
  };
}
