/** The console's progress while checks run: a line per finished check, and a heartbeat in a log with no terminal. */

/** How long a log without a terminal may stay silent before a line says the run goes on. */
export const HEARTBEAT_MS = 10_000;

/**
 * The lines of the checks as they finish, each with how many of the run's checks are done. In a log with
 * no terminal (CI), a long check (a property, a throttled run) would leave minutes of silence: a line then
 * says the run goes on.
 */
export class Progress {
  private done = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  private last = Date.now();

  constructor(
    private readonly stdout: NodeJS.WritableStream,
    private readonly total: number,
    heartbeat: boolean,
  ) {
    this.timer = heartbeat ? setInterval(() => this.beat(), HEARTBEAT_MS) : undefined;
    this.timer?.unref();
  }

  line(text: string): void {
    this.done += 1;
    this.last = Date.now();
    this.stdout.write(`[${this.done}/${this.total}] ${text}\n`);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private beat(): void {
    const silent = Date.now() - this.last;
    if (silent < HEARTBEAT_MS) return;
    this.last = Date.now();
    this.stdout.write(`[${this.done}/${this.total}] still running: no check finished in the last ${Math.round(silent / 1000)} s\n`);
  }
}
