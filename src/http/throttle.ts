/**
 * Throttling of a run's requests: at most `rate` request starts per second and `concurrency` requests in
 * flight, over every client of the run. Suite files run in vitest workers, other processes, so the one
 * Limiter lives in the run's process and the workers borrow it over a local socket (ThrottleServer and
 * RemoteThrottle); the run's own client uses it directly.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface ThrottleSettings {
  /** Request starts per second, resends included; absent: no limit. */
  rate?: number;
  /** Requests in flight at once; absent: no limit. */
  concurrency?: number;
}

export interface Throttle {
  /** Resolves when a new request may be sent, with the function that ends it and frees its slot. */
  start(): Promise<() => void>;
  /** Resolves when a resend of a request in flight may be sent: it keeps its slot, but counts against the rate. */
  resend(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Limiter implements Throttle {
  readonly #intervalMs: number;
  readonly #maxInFlight: number;
  #nextStartAt = 0;
  #inFlight = 0;
  /** Requests waiting for a slot, first come first served; a freed slot is handed straight to the first. */
  readonly #waiting: Array<() => void> = [];

  constructor(settings: ThrottleSettings) {
    this.#intervalMs = settings.rate === undefined ? 0 : 1000 / settings.rate;
    this.#maxInFlight = settings.concurrency ?? Number.POSITIVE_INFINITY;
  }

  async start(): Promise<() => void> {
    if (this.#inFlight < this.#maxInFlight) this.#inFlight += 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    await this.resend();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const next = this.#waiting.shift();
      if (next === undefined) this.#inFlight -= 1;
      else next();
    };
  }

  /** Spaces request starts evenly: each takes the next free instant, at least `1000 / rate` ms after the one before. */
  resend(): Promise<void> {
    if (this.#intervalMs === 0) return Promise.resolve();
    const now = performance.now();
    const at = Math.max(now, this.#nextStartAt);
    this.#nextStartAt = at + this.#intervalMs;
    return at > now ? sleep(at - now) : Promise.resolve();
  }
}

/*
 * The socket protocol, one line per message: the client sends `S id` (start), `R id` (resend) and `E id`
 * (end); the server answers `G id` when the start or resend may go. A closed connection ends what it held.
 */

/** Shares a Limiter with the run's suite workers on 127.0.0.1. */
export class ThrottleServer {
  private constructor(
    private readonly server: Server,
    private readonly connections: Set<Socket>,
    /** host:port for RemoteThrottle. */
    readonly address: string,
  ) {}

  static async start(limiter: Limiter): Promise<ThrottleServer> {
    const connections = new Set<Socket>();
    const server = createServer((socket) => {
      connections.add(socket);
      socket.on('close', () => connections.delete(socket));
      serveConnection(socket, limiter);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new ThrottleServer(server, connections, `127.0.0.1:${port}`);
  }

  /** Ends the connections of workers that are still open: the run is over. */
  close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function serveConnection(socket: Socket, limiter: Limiter): void {
  // Each message is a few bytes that a request waits for: Nagle's algorithm would hold them back.
  socket.setNoDelay(true);
  const held = new Map<string, () => void>();
  const grant = (id: string): void => {
    if (!socket.destroyed) socket.write(`G ${id}\n`);
  };
  readLines(socket, (line) => {
    const [kind, id] = line.split(' ');
    if (id === undefined) return;
    if (kind === 'S') {
      void limiter.start().then((end) => {
        if (socket.destroyed) end();
        else held.set(id, end);
        grant(id);
      });
    } else if (kind === 'R') {
      void limiter.resend().then(() => grant(id));
    } else if (kind === 'E') {
      held.get(id)?.();
      held.delete(id);
    }
  });
  socket.on('close', () => {
    for (const end of held.values()) end();
    held.clear();
  });
  socket.on('error', () => socket.destroy());
}

function readLines(socket: Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      onLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
}

/** A suite worker's view of the run's Limiter. */
export class RemoteThrottle implements Throttle {
  #socket: Socket | undefined;
  #nextId = 0;
  readonly #waiting = new Map<string, { go: () => void; fail: (error: Error) => void }>();

  constructor(private readonly address: string) {}

  async start(): Promise<() => void> {
    const id = await this.#ask('S');
    return () => this.#connection().write(`E ${id}\n`);
  }

  async resend(): Promise<void> {
    await this.#ask('R');
  }

  close(): void {
    this.#socket?.end();
  }

  #ask(kind: 'S' | 'R'): Promise<string> {
    const id = String(++this.#nextId);
    return new Promise((resolve, reject) => {
      const socket = this.#connection();
      if (socket.destroyed) {
        reject(new Error(`the run's request throttle at ${this.address} is gone`));
        return;
      }
      this.#waiting.set(id, { go: () => resolve(id), fail: reject });
      socket.write(`${kind} ${id}\n`);
    });
  }

  #connection(): Socket {
    if (this.#socket === undefined) {
      const [host = '127.0.0.1', port = '0'] = this.address.split(':');
      const socket = connect(Number(port), host).setNoDelay(true);
      readLines(socket, (line) => {
        const id = line.slice(2);
        this.#waiting.get(id)?.go();
        this.#waiting.delete(id);
      });
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        for (const { fail } of this.#waiting.values()) fail(new Error(`the run's request throttle at ${this.address} closed the connection`));
        this.#waiting.clear();
      });
      this.#socket = socket;
    }
    return this.#socket;
  }
}
