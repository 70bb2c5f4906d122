/**
 * A reference server started with `consultedQuirks` notes every quirk it asks about and answers exactly as
 * one started without: the quirk matrix relies on both to run a quirk against only the suites that reach it.
 */
import { describe, expect, it } from 'vitest';
import { startReferenceServer, type QuirkName } from '../../src/server/index.js';
import { URN } from '../../src/scim/urns.js';

const TOKEN = 'trace-token';

/** What one request gets, with the server's own base URL written as BASE so that two servers compare. */
async function answer(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: (await response.text()).replaceAll(baseUrl, 'BASE') };
}

describe('a server that notes the quirks it asks about', () => {
  it('answers as one that does not', async () => {
    const traced = await startReferenceServer({ token: TOKEN, consultedQuirks: new Set() });
    const plain = await startReferenceServer({ token: TOKEN });
    try {
      for (const [method, path, body] of [
        ['GET', '/ServiceProviderConfig'],
        ['GET', '/Schemas'],
        ['GET', '/Users?filter=userName%20eq%20%22nobody%22'],
        ['POST', '/Users', { schemas: [URN.user] }],
        ['GET', '/Users/no-such-id'],
        ['DELETE', '/Schemas'],
      ] as const) {
        expect(await answer(traced.url, method, path, body), `${method} ${path}`).toEqual(await answer(plain.url, method, path, body));
      }
    } finally {
      await traced.close();
      await plain.close();
    }
  });

  it('notes each quirk a request asks about, running or not, and no other', async () => {
    const asked = new Set<QuirkName>();
    const server = await startReferenceServer({ token: TOKEN, quirks: ['filter-or-as-and'], consultedQuirks: asked });
    try {
      await answer(server.url, 'GET', '/ServiceProviderConfig');
      expect(asked).toContain('spc-wrong-schemas');
      expect(asked).not.toContain('filter-or-as-and');
      // A request with the valid token is served whatever the authentication quirks say: they are not asked.
      expect([...asked].filter((quirk) => quirk.startsWith('auth-') || quirk === 'spc-requires-auth')).toEqual([]);

      await answer(server.url, 'GET', '/Users?filter=userName%20eq%20%22a%22%20or%20userName%20eq%20%22b%22');
      expect(asked).toContain('filter-or-as-and');
      expect(asked).not.toContain('filter-no-precedence');
    } finally {
      await server.close();
    }
  });
});
