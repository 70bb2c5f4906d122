/** The floor of a run: its recorded requests sent again, one after the other, by a bare undici client. */
import { Client } from 'undici';
import { recordedOrigin, replayHeaders, resourceId, rewrite, type RecordedExchange } from './har.js';

export interface ReplayOutcome {
  exchanges: number;
  wallMs: number;
  /** Exchanges answered with the status the run recorded. */
  sameStatus: number;
}

/**
 * Sends each request to `baseUrl` (the same path layout as the recorded server), in recorded order. The ids
 * the new server gives created resources replace the recorded ones in later URLs and bodies.
 */
export async function replay(exchanges: readonly RecordedExchange[], baseUrl: string, token: string): Promise<ReplayOutcome> {
  const target = new URL(baseUrl);
  const replacements = new Map([[recordedOrigin(exchanges), target.origin]]);
  const client = new Client(target.origin);
  let sameStatus = 0;
  const started = performance.now();
  try {
    for (const exchange of exchanges) {
      const url = new URL(rewrite(exchange.url, replacements));
      const { statusCode, body } = await client.request({
        method: exchange.method,
        path: `${url.pathname}${url.search}`,
        headers: replayHeaders(exchange.headers, `Bearer ${token}`),
        body: exchange.body === undefined ? null : rewrite(exchange.body, replacements),
      });
      const text = await body.text();
      if (statusCode === exchange.status) sameStatus += 1;
      if (exchange.method === 'POST' && statusCode === 201) {
        const recorded = resourceId(exchange.responseText);
        const given = resourceId(text);
        if (recorded !== undefined && given !== undefined) replacements.set(recorded, given);
      }
    }
  } finally {
    await client.close();
  }
  return { exchanges: exchanges.length, wallMs: performance.now() - started, sameStatus };
}
