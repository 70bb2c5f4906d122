/**
 * How a URI a service provider gives (a ResourceType's endpoint, a Location, meta.location) stands to the
 * base URL the harness was given. The harness addresses only what is under that URL: a URI elsewhere (another
 * origin, an internal host a gateway left in) gets no request with credentials.
 */

/** The path of the base URL without a trailing slash: '/scim/v2', or '' for a service at the root. */
export function basePathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** The path of `url` below the base URL ('/Users/1'); undefined when it is on another origin or outside the base path. */
export function pathUnderBase(url: URL, baseUrl: string): string | undefined {
  const base = new URL(baseUrl);
  const basePath = basePathOf(baseUrl);
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) return undefined;
  return url.pathname.slice(basePath.length);
}

/**
 * A URI a server gave, absolute or relative. A relative one is resolved against the base URL, as RFC 7643
 * §2.3.7 resolves references ("Users/2819c223" under https://example.com/v2/); undefined when it does not parse.
 */
export function resolveAgainstBase(uri: string, baseUrl: string): URL | undefined {
  const base = `${baseUrl.replace(/\/+$/, '')}/`;
  return URL.canParse(uri, base) ? new URL(uri, base) : undefined;
}

/** True when the URI, resolved as a reference, names something under the base URL. */
export function isUnderBase(uri: string, baseUrl: string): boolean {
  const url = resolveAgainstBase(uri, baseUrl);
  return url !== undefined && pathUnderBase(url, baseUrl) !== undefined;
}
