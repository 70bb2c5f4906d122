import { describe, expect, it } from 'vitest';
import { pageWindow } from '../../src/scim/paging.js';

describe('pageWindow', () => {
  it('starts at 1 and holds up to maxResults when nothing is asked', () => {
    expect(pageWindow(5, undefined, undefined, 3)).toEqual({ startIndex: 1, offset: 0, size: 3 });
  });

  it('reads a startIndex below 1 as 1', () => {
    expect(pageWindow(5, 0, 2, 10)).toEqual({ startIndex: 1, offset: 0, size: 2 });
    expect(pageWindow(5, -4, 2, 10)).toEqual({ startIndex: 1, offset: 0, size: 2 });
  });

  it('reads a negative count as 0, and a count of 0 selects nothing', () => {
    expect(pageWindow(5, 2, -1, 10)).toEqual({ startIndex: 2, offset: 1, size: 0 });
    expect(pageWindow(5, 1, 0, 10)).toEqual({ startIndex: 1, offset: 0, size: 0 });
  });

  it('stops at the end of the results and selects nothing past it', () => {
    expect(pageWindow(5, 4, 10, 10)).toEqual({ startIndex: 4, offset: 3, size: 2 });
    expect(pageWindow(5, 6, 1, 10)).toEqual({ startIndex: 6, offset: 5, size: 0 });
    expect(pageWindow(5, 9, 1, 10)).toEqual({ startIndex: 9, offset: 8, size: 0 });
  });

  it('caps a count above maxResults', () => {
    expect(pageWindow(50, 1, 40, 20)).toEqual({ startIndex: 1, offset: 0, size: 20 });
  });
});
