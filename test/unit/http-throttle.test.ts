import { afterEach, describe, expect, test } from 'vitest';
import { Limiter, RemoteThrottle, ThrottleServer } from '../../src/http/throttle.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('Limiter', () => {
  test('lets at most `concurrency` requests be in flight, and hands a freed slot to the first waiting', async () => {
    const limiter = new Limiter({ concurrency: 2 });
    const order: string[] = [];
    const first = await limiter.start();
    const second = await limiter.start();
    const third = limiter.start().then((end) => (order.push('third'), end));
    const fourth = limiter.start().then((end) => (order.push('fourth'), end));
    await tick();
    expect(order).toEqual([]);
    first();
    first();
    await tick();
    expect(order).toEqual(['third']);
    second();
    await tick();
    expect(order).toEqual(['third', 'fourth']);
    (await third)();
    (await fourth)();
  });

  test('spaces request starts and resends by 1000 / rate ms', async () => {
    const limiter = new Limiter({ rate: 20 });
    const started = performance.now();
    const instants: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, index) => {
        if (index === 3) await limiter.resend();
        else (await limiter.start())();
        instants.push(performance.now() - started);
      }),
    );
    instants.sort((a, b) => a - b);
    // Four starts at 50 ms spacing: the last no sooner than 150 ms after the first (timers may fire a little early).
    expect(instants[3]! - instants[0]!).toBeGreaterThanOrEqual(145);
  });

  test('without limits, lets everything through at once', async () => {
    const limiter = new Limiter({});
    const ends = await Promise.all(Array.from({ length: 50 }, () => limiter.start()));
    expect(ends).toHaveLength(50);
  });
});

describe('ThrottleServer and RemoteThrottle', () => {
  const opened: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0)) await item.close();
  });

  test('share one limit among clients of other processes, and free the slots of a client that goes away', async () => {
    const server = await ThrottleServer.start(new Limiter({ concurrency: 1 }));
    opened.push(server);
    const a = new RemoteThrottle(server.address);
    const b = new RemoteThrottle(server.address);
    opened.push(b);
    await a.start();
    let bStarted = false;
    const bStart = b.start().then((end) => ((bStarted = true), end));
    await tick();
    await tick();
    expect(bStarted).toBe(false);
    a.close();
    const end = await bStart;
    expect(bStarted).toBe(true);
    await b.resend();
    end();
  });
});
