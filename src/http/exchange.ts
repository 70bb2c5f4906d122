/**
 * One recorded HTTP request and its response. Secrets are redacted before an Exchange is
 * created, so anything holding one may store or print it.
 */
export interface Exchange {
  /** Sequence number within the recording process, for stable ordering. */
  seq: number;
  startedAt: string;
  durationMs: number;
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
  };
  /** Absent when no response arrived (connection refused, reset, timeout). */
  response?: {
    status: number;
    headers: Record<string, string>;
    body: string;
  };
  /** Why no response arrived, when none did. */
  error?: string;
  /** How many times the request was retried after a 429/503 before this response. */
  retries?: number;
  /** With retries: the time slept before them, as Retry-After or the backoff asked. */
  retryWaitMs?: number;
  /** Set when the request was built to be refused: the error answer the RFCs name for it. */
  refusal?: Refusal;
}

/**
 * The error answer RFC 7643 / RFC 7644 name for a request a check built to be refused (a filter that does
 * not parse, a taken userName): what errors.no-server-errors cites when a 5xx comes instead.
 */
export interface Refusal {
  status: number;
  scimType?: string;
  /** The requirement id (or RFC9110-… citation) that names the answer. */
  requirement: string;
}
