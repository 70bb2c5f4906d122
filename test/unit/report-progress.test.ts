import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_MS, Progress } from '../../src/report/progress.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('Progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('numbers each finished check, and says the run goes on after a silence in a log with no terminal', async () => {
    vi.useFakeTimers();
    const out = sink();
    const progress = new Progress(out.stream, 3, true);
    progress.line('✓ a.one [MUST]');
    vi.advanceTimersByTime(HEARTBEAT_MS * 2 + 1);
    progress.line('✓ a.two [MUST]');
    progress.stop();
    vi.advanceTimersByTime(HEARTBEAT_MS * 3);
    await vi.runAllTimersAsync();
    expect(out.text()).toBe(
      '[1/3] ✓ a.one [MUST]\n[1/3] still running: no check finished in the last 10 s\n[1/3] still running: no check finished in the last 10 s\n[2/3] ✓ a.two [MUST]\n',
    );
  });

  it('stays quiet between checks on a terminal', () => {
    vi.useFakeTimers();
    const out = sink();
    const progress = new Progress(out.stream, 1, false);
    vi.advanceTimersByTime(HEARTBEAT_MS * 5);
    progress.line('✓ a.one [MUST]');
    progress.stop();
    expect(out.text()).toBe('[1/1] ✓ a.one [MUST]\n');
  });
});
