import type { Exchange } from './exchange.js';
import type { Redactor } from './redact.js';

/**
 * Keeps every exchange of a run, redacted on the way in, so that checks can take the ones they
 * made as evidence and reporters can write them all.
 */
export class ExchangeRecorder {
  /** What every exchange goes through; secrets learned during the run are added to it. */
  readonly redactor: Redactor;
  readonly #exchanges: Exchange[] = [];

  constructor(redactor: Redactor) {
    this.redactor = redactor;
  }

  /** Redacts and stores an exchange, numbering it from 1 in the order it completed. */
  record(raw: Omit<Exchange, 'seq'>): Exchange {
    const exchange: Exchange = { seq: this.#exchanges.length + 1, ...this.redactor.exchange(raw) };
    this.#exchanges.push(exchange);
    return exchange;
  }

  /** The current position, to pass to since(). */
  mark(): number {
    return this.#exchanges.length;
  }

  /** The exchanges recorded after a mark, in order. */
  since(mark: number): Exchange[] {
    return this.#exchanges.slice(mark);
  }

  all(): Exchange[] {
    return this.#exchanges.slice();
  }
}
