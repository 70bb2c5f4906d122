import { describe, expect, it } from 'vitest';
import { recordedExchanges, recordedOrigin, replayHeaders, resourceId, rewrite } from '../../bench/har.js';
import { figure, formatTable, median } from '../../bench/stats.js';

describe('bench statistics', () => {
  it('take the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow('median of no values');
  });

  it('print a table whose columns line up, names to the left and figures to the right', () => {
    const table = formatTable(['what', 'ms'], [['full run', '4310'], ['replay', '812.5']]);
    expect(table.split('\n')).toEqual(['what         ms', '--------  -----', 'full run   4310', 'replay    812.5']);
  });

  it('show integers as they are and other figures to the decimals asked', () => {
    expect(figure(70)).toBe('70');
    expect(figure(1.2345, 2)).toBe('1.23');
  });
});

function entry(started: string, method: string, url: string, extra: { body?: string; status?: number; responseText?: string } = {}): object {
  return {
    startedDateTime: started,
    request: {
      method,
      url,
      headers: [
        { name: 'Accept', value: 'application/scim+json' },
        { name: 'authorization', value: '[redacted]' },
        { name: 'content-length', value: '12' },
      ],
      ...(extra.body === undefined ? {} : { postData: { mimeType: 'application/scim+json', text: extra.body } }),
    },
    response: { status: extra.status ?? 200, content: extra.responseText === undefined ? { size: 0 } : { size: 1, text: extra.responseText } },
  };
}

describe('the requests of a HAR file', () => {
  const har = {
    log: {
      entries: [
        entry('2026-01-01T00:00:00.200Z', 'GET', 'http://127.0.0.1:4000/scim/v2/Users/abc'),
        entry('2026-01-01T00:00:00.100Z', 'POST', 'http://127.0.0.1:4000/scim/v2/Users', {
          body: '{"userName":"a"}',
          status: 201,
          responseText: '{"id":"abc","meta":{"location":"http://127.0.0.1:4000/scim/v2/Users/abc"}}',
        }),
      ],
    },
  };

  it('come in the order they started, with their bodies and recorded answers', () => {
    const exchanges = recordedExchanges(har);
    expect(exchanges.map((exchange) => exchange.method)).toEqual(['POST', 'GET']);
    expect(exchanges[0]).toMatchObject({ body: '{"userName":"a"}', status: 201, headers: { accept: 'application/scim+json' } });
    expect(exchanges[1]?.body).toBeUndefined();
    expect(recordedOrigin(exchanges)).toBe('http://127.0.0.1:4000');
    expect(resourceId(exchanges[0]?.responseText)).toBe('abc');
    expect(resourceId('not json')).toBeUndefined();
  });

  it('refuse what a run does not write, naming what is wrong', () => {
    expect(() => recordedExchanges({ log: {} })).toThrow('log.entries is not an array');
    expect(() => recordedExchanges({ log: { entries: [{ startedDateTime: 'x', request: {} }] } })).toThrow('log.entries[0].response is not an object');
  });

  it('are pointed at another server: its origin and ids, its token for the redacted one, no connection headers', () => {
    const replacements = new Map([['http://127.0.0.1:4000', 'http://127.0.0.1:5000'], ['abc', 'xyz']]);
    expect(rewrite('http://127.0.0.1:4000/scim/v2/Users/abc?filter=id eq "abc"', replacements)).toBe('http://127.0.0.1:5000/scim/v2/Users/xyz?filter=id eq "xyz"');
    const [posted] = recordedExchanges(har);
    expect(replayHeaders(posted!.headers, 'Bearer t')).toEqual({ accept: 'application/scim+json', authorization: 'Bearer t' });
  });
});
