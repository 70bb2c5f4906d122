/**
 * Under TLS 1.3 a server that requires a client certificate refuses it after the handshake, with an alert;
 * undici then reports only "other side closed". This connector remembers the TLS error each connection
 * received first, so that the failure can name the real cause.
 */
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** Connections whose alert is kept: a failure is described right after its connection closed. */
const REMEMBERED_CONNECTIONS = 64;

function codeOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string' ? value.code : undefined;
}

export class TlsAlertWatch {
  readonly connector: buildConnector.connector;
  /** Local port of a connection -> the code of the first TLS error it received. */
  readonly #alerts = new Map<number, string>();

  constructor(options: buildConnector.BuildOptions) {
    const connect = buildConnector(options);
    this.connector = (connectOptions, callback) =>
      connect(connectOptions, (...args) => {
        // On failure undici passes the error alone: the socket is then undefined, not null.
        const [error, socket] = args;
        if (error === null && typeof socket === 'object' && socket !== null) this.#watch(socket);
        callback(...args);
      });
  }

  /** The TLS error code that preceded an undici socket error, if the connection received one. */
  alertOf(error: Error): string | undefined {
    const socket: unknown = 'socket' in error ? error.socket : undefined;
    const port = typeof socket === 'object' && socket !== null && 'localPort' in socket ? socket.localPort : undefined;
    return typeof port === 'number' ? this.#alerts.get(port) : undefined;
  }

  #watch(socket: Socket): void {
    const port = socket.localPort;
    if (port === undefined) return;
    // A reused port belongs to a new connection: its predecessor's alert no longer applies.
    this.#alerts.delete(port);
    socket.on('error', (error) => {
      const code = codeOf(error);
      if (code === undefined || !code.startsWith('ERR_SSL_') || this.#alerts.has(port)) return;
      this.#alerts.set(port, code);
      if (this.#alerts.size > REMEMBERED_CONNECTIONS) {
        const [oldest] = this.#alerts.keys();
        if (oldest !== undefined) this.#alerts.delete(oldest);
      }
    });
  }
}
