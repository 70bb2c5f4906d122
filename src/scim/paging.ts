/** The pagination oracle (RFC 7644 §3.4.2.4): which slice of the full result a list request asks for. */

export interface PageWindow {
  /** The startIndex a response must report: the requested one, or 1 when it was absent or below 1. */
  startIndex: number;
  /** 0-based offset of the page's first result in the full result. */
  offset: number;
  /** The most results the page may hold (it may hold fewer). */
  size: number;
}

/**
 * The window of `total` results that startIndex and count select: startIndex defaults to 1 and below 1
 * reads as 1; count defaults to maxResults, a negative count reads as 0, and no page exceeds maxResults.
 */
export function pageWindow(total: number, startIndex: number | undefined, count: number | undefined, maxResults: number): PageWindow {
  const start = Math.max(1, startIndex ?? 1);
  const limit = Math.min(maxResults, Math.max(0, count ?? maxResults));
  const offset = start - 1;
  return { startIndex: start, offset, size: Math.max(0, Math.min(limit, total - offset)) };
}
