/**
 * A process that runs the built CLI's main() once per message from its parent, one run at a time, as
 * `node dist/src/cli.js ARGS` would: see CliHosts in cli.ts. Built with the harness (tsconfig.build.json),
 * so that it loads the same compiled modules as the CLI. A run that leaves a timer, socket or process open
 * after main() returns, which would keep the CLI from exiting, says so on its stderr.
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

/** How long what a run closes may take to close once main() has returned. */
const SETTLE_MS = 5_000;

/** What is open now and was not in `before`: a timer, socket, server or child process main() left behind. */
function openedSince(before: readonly string[]): string[] {
  const unmatched = [...before];
  return process.getActiveResourcesInfo().filter((resource) => {
    const at = unmatched.indexOf(resource);
    if (at !== -1) unmatched.splice(at, 1);
    return at === -1;
  });
}

/**
 * The resources main() left open, once what it closes has had time to close. The CLI's process ends when
 * main() returns only if there are none; here the host stays alive regardless, so it reports them.
 */
async function leftOpen(before: readonly string[]): Promise<string[]> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const open = openedSince(before);
    if (open.length === 0 || Date.now() >= deadline) return open;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function run(job: HostJob): Promise<HostReply> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const before = process.getActiveResourcesInfo();
  let code: number;
  try {
    code = await main(job.args, { stdout, stderr, env: job.env, cwd: job.cwd });
  } catch (error) {
    return { code: 1, stdout: stdout.text, stderr: `${stderr.text}${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` };
  }
  const open = await leftOpen(before);
  // As a hang of the CLI would: the run's stderr is not what it should be.
  const hang = open.length === 0 ? '' : `cli-host: main() returned ${code} but left open ${open.join(', ')}: the CLI's process would not end with it\n`;
  return { code, stdout: stdout.text, stderr: stderr.text + hang };
}

// Opened on first use, which may come during a run: opened now, they are open before every run as after it.
void process.stdout.fd;
void process.stderr.fd;

process.on('message', (message: unknown) => {
  if (!isJob(message)) throw new Error(`cli-host: not a job: ${JSON.stringify(message)}`);
  void run(message).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));
