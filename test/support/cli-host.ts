/**
 * A process that runs the built CLI's main() once per message from its parent, one run at a time, as
 * `node dist/src/cli.js ARGS` would: see CliHosts in cli.ts. Built with the harness (tsconfig.build.json),
 * so that it loads the same compiled modules as the CLI.
 */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** A run to do: the CLI's arguments, and the environment and working folder it would be started with. */
export interface HostJob {
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** What the run answered; an error main() threw is reported as Node reports an uncaught one (exit 1). */
export interface HostReply {
  code: number;
  stdout: string;
  stderr: string;
}

class TextSink extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += String(chunk);
    done();
  }
}

function isJob(message: unknown): message is HostJob {
  return typeof message === 'object' && message !== null &&
    'args' in message && Array.isArray(message.args) && message.args.every((arg) => typeof arg === 'string') &&
    'env' in message && typeof message.env === 'object' && message.env !== null &&
    'cwd' in message && typeof message.cwd === 'string';
}

async function run(job: HostJob): Promise<HostReply> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  try {
    const code = await main(job.args, { stdout, stderr, env: job.env, cwd: job.cwd });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } catch (error) {
    return { code: 1, stdout: stdout.text, stderr: `${stderr.text}${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` };
  }
}

process.on('message', (message: unknown) => {
  if (!isJob(message)) throw new Error(`cli-host: not a job: ${JSON.stringify(message)}`);
  void run(message).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));
