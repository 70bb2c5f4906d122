/**
 * The other half of "proven both ways": a server that does things differently but within the RFC must
 * pass. Each variant puts a proxy in front of the clean reference server that changes one behaviour to
 * another the RFC allows, and the suites that look at it must report no failure and no error.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { URN } from '../../src/scim/urns.js';
import { readResults, temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startProxy, type ProxyBehaviour } from '../support/proxy.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SCHEMA_SCHEMA = {
  schemas: [URN.schema],
  id: URN.schema,
  name: 'Schema',
  attributes: [
    {
      name: 'attributes', type: 'complex', multiValued: true,
      subAttributes: [
        { name: 'name', type: 'string', multiValued: false },
        { name: 'subAttributes', type: 'complex', multiValued: true, subAttributes: [{ name: 'name', type: 'string', multiValued: false }] },
      ],
    },
  ],
};

const variants: Array<[string, string, ProxyBehaviour]> = [
  [
    'unfiltered lists refused as tooMany (RFC 7644 §3.4.2.1)',
    'list',
    {
      answer: (method, path) =>
        method === 'GET' && /\/(Users|Groups)(\?(?!.*filter=)|$)/.test(path)
          ? { status: 400, body: JSON.stringify({ schemas: [URN.error], status: '400', scimType: 'tooMany', detail: 'narrow the query' }) }
          : undefined,
    },
  ],
  [
    'startIndex and itemsPerPage only on partial results (RFC 7644 §3.4.2)',
    'list',
    {
      rewrite: (method, _path, body) => {
        if (method !== 'GET' || !isObject(body) || !Array.isArray(body.Resources) || body.Resources.length !== body.totalResults) return undefined;
        const { startIndex: _startIndex, itemsPerPage: _itemsPerPage, ...rest } = body;
        return rest;
      },
    },
  ],
  [
    "the Schema resource's own definition served in /Schemas (RFC 7643 §7)",
    'discovery',
    {
      answer: (method, path) => (method === 'GET' && path.endsWith(`/Schemas/${URN.schema}`) ? { status: 200, body: JSON.stringify(SCHEMA_SCHEMA) } : undefined),
      rewrite: (method, path, body) =>
        method === 'GET' && /\/Schemas(\?|$)/.test(path) && isObject(body) && Array.isArray(body.Resources)
          ? { ...body, totalResults: body.Resources.length + 1, Resources: [...body.Resources, SCHEMA_SCHEMA] }
          : undefined,
    },
  ],
];

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('variants')]);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

describe('conforming variations pass', () => {
  test.each(variants)('%s', async (_label, suiteName, behaviour) => {
    const proxy = await startProxy(server.url, behaviour);
    try {
      const reportDir = join(folder.path, suiteName + Math.random().toString(16).slice(2));
      const run = await scimprobe(['run', '--url', proxy.url, '--suite', suiteName, '--report-dir', reportDir]);
      const results = await readResults(reportDir);
      const wrong = results.checks.filter((check) => check.status === 'failed' || check.status === 'errored');
      expect(wrong.map((check) => `${check.id}: ${check.message ?? ''}`)).toEqual([]);
      expect(run.code).toBe(0);
      expect(results.checks.some((check) => check.status === 'passed')).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
