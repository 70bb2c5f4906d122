import { describe, expect, it } from 'vitest';
import { toHar } from '../../src/report/har.js';
import type { RunResult } from '../../src/results/model.js';
import { buildSampleResult, ERRORED_CHECK_ID, FAILED_CHECK_ID, FAILED_EVIDENCE_URL, HOSTILE_BODY } from '../support/sample-result.js';

interface HarEntryJson {
  startedDateTime: string;
  time: number;
  request: Record<string, unknown> & { url: string; postData?: { mimeType: string; text: string }; queryString: unknown[] };
  response: Record<string, unknown> & { status: number; content: { size: number; mimeType: string; text: string }; comment?: string };
  cache: unknown;
  timings: unknown;
  comment: string;
}

function entriesOf(result: RunResult): HarEntryJson[] {
  const har = JSON.parse(toHar(result)) as { log: { version: string; creator: unknown; entries: HarEntryJson[] } };
  return har.log.entries;
}

describe('toHar', () => {
  const result = buildSampleResult();
  const entries = entriesOf(result);
  const allExchanges = [...result.setupExchanges, ...result.checks.flatMap((check) => check.exchanges)];

  it('is a HAR 1.2 log created by scimprobe', () => {
    const har = JSON.parse(toHar(result)) as { log: Record<string, unknown> };
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'scimprobe', version: '0.1.0' });
    expect(har.log).not.toHaveProperty('comment');
  });

  it('carries the transport warnings in the log comment', () => {
    const warned = { ...buildSampleResult(), run: { insecure: true, warnings: ['verification is off', 'plain http'] } };
    const har = JSON.parse(toHar(warned)) as { log: Record<string, unknown> };
    expect(har.log.comment).toBe('verification is off; plain http');
  });

  it('has one entry per exchange of the run, ordered by start time then sequence number', () => {
    expect(entries).toHaveLength(allExchanges.length);
    const expected = [...allExchanges]
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.seq - b.seq)
      .map((exchange) => `${exchange.request.method} ${exchange.request.url}`);
    expect(entries.map((entry) => `${entry.request.method as string} ${entry.request.url}`)).toEqual(expected);
    // The check's POST and the set-up DELETE start at the same instant: the POST was recorded first.
    const sameInstant = entries.filter((entry) => entry.startedDateTime === '2025-03-04T10:00:02.000Z');
    expect(sameInstant.map((entry) => entry.request.method)).toEqual(['POST', 'DELETE']);
  });

  it('gives every entry the fields HAR 1.2 requires', () => {
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(['startedDateTime', 'time', 'request', 'response', 'cache', 'timings', 'comment']);
      expect(entry.request).toMatchObject({ httpVersion: 'HTTP/1.1', cookies: [], headersSize: -1 });
      expect(Array.isArray(entry.request.headers)).toBe(true);
      expect(typeof entry.request.bodySize).toBe('number');
      expect(entry.response).toMatchObject({ httpVersion: 'HTTP/1.1', cookies: [], redirectURL: '', headersSize: -1 });
      expect(typeof entry.response.statusText).toBe('string');
      expect(entry.response.content).toEqual(expect.objectContaining({ size: expect.any(Number), mimeType: expect.any(String), text: expect.any(String) }));
      expect(entry.cache).toEqual({});
      expect(entry.timings).toEqual({ send: 0, wait: entry.time, receive: 0 });
    }
  });

  it('labels entries with their check id, or setup', () => {
    expect(entries.filter((entry) => entry.comment === 'setup')).toHaveLength(result.setupExchanges.length);
    expect(entries.filter((entry) => entry.comment === FAILED_CHECK_ID)).toHaveLength(2);
  });

  it('parses the query string and keeps the response body and its size', () => {
    const evidence = entries.find((entry) => entry.request.url === FAILED_EVIDENCE_URL) as HarEntryJson;
    expect(evidence.request.queryString).toEqual([
      { name: 'filter', value: 'userName sw "sp-run-7"' },
      { name: 'startIndex', value: '0' },
      { name: 'count', value: '2' },
    ]);
    expect(evidence.request.postData).toBeUndefined();
    expect(evidence.request.bodySize).toBe(0);
    expect(evidence.response).toMatchObject({ status: 400, statusText: 'Bad Request' });
    expect(evidence.response.content.text).toBe(HOSTILE_BODY);
    expect(evidence.response.content.mimeType).toBe('application/scim+json; charset=utf-8');
    expect(evidence.response.content.size).toBe(Buffer.byteLength(HOSTILE_BODY, 'utf8'));
    expect(evidence.response.headers).toContainEqual({ name: 'content-type', value: 'application/scim+json; charset=utf-8' });
  });

  it('records a request body as postData', () => {
    const post = entries.find((entry) => entry.request.method === 'POST') as HarEntryJson;
    expect(post.request.postData).toEqual({ mimeType: 'application/scim+json; charset=utf-8', text: expect.stringContaining('"userName":"sp-run-7-a"') });
    expect(post.request.bodySize).toBe(Buffer.byteLength(post.request.postData?.text ?? '', 'utf8'));
  });

  it('gives an exchange without a response status 0 and its error', () => {
    const broken = entries.find((entry) => entry.comment === ERRORED_CHECK_ID) as HarEntryJson;
    expect(broken.response.status).toBe(0);
    expect(broken.response.comment).toBe('read ECONNRESET');
    expect(broken.time).toBe(5000);
  });

  it('keeps a URL it cannot parse, with an empty query string', () => {
    const odd = buildSampleResult();
    const first = odd.setupExchanges[0];
    if (first === undefined) throw new Error('the sample has set-up exchanges');
    first.request.url = 'not a url?x=1';
    const entry = entriesOf(odd).find((candidate) => candidate.request.url === 'not a url?x=1');
    expect(entry?.request.queryString).toEqual([]);
  });
});
