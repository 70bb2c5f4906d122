/**
 * https targets: a private CA given with --ca, verification skipped only with --insecure (and then said in
 * every report), and mutual TLS with --cert/--key. The PKI is made with openssl for the test.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { CLI_PATH, readResults, temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { createTestPki, type TestPki } from '../support/tls.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

const TOKEN = 'tls-token-5b0c2e91';
const INSECURE_WARNING = 'TLS certificate verification is off (--insecure): the identity of the target was not checked';

let pki: TestPki;
let https: ReferenceServer;
let mutual: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [pki, folder] = await Promise.all([createTestPki(), temporaryFolder('tls')]);
  const tls = { key: pki.serverKey, cert: pki.serverCert };
  [https, mutual] = await Promise.all([
    startReferenceServer({ token: TOKEN, tls }),
    startReferenceServer({ token: TOKEN, tls: { ...tls, clientCa: pki.ca } }),
  ]);
});
afterAll(async () => {
  await Promise.all([https.close(), mutual.close()]);
  await Promise.all([pki.remove(), folder.remove()]);
});

function reportDir(name: string): string {
  return join(folder.path, name);
}

describe('an https target with a private CA', () => {
  test('--ca makes its certificate trusted: the whole run passes', async () => {
    expect(https.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    const run = await scimprobe(['run', '--url', https.url, '--token', TOKEN, '--ca', pki.file('ca.pem'), '--report-dir', reportDir('ca')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = await readResults(reportDir('ca'));
    expect(results.summary).toMatchObject({ failed: 0, errored: 0 });
    expect(results.summary.passed).toBeGreaterThan(0);
    expect(results.run).toEqual({ insecure: false, warnings: [] });
  });

  test('without --ca the certificate is not trusted: exit 3 with the way out', async () => {
    const run = await scimprobe(['run', '--url', https.url, '--token', TOKEN, '--suite', 'discovery', '--report-dir', reportDir('untrusted')]);
    expect(run.code).toBe(3);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scimprobe: target unreachable: TLS certificate of 127\.0\.0\.1:\d+ for GET .*\(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*\) not trusted: give the CA that issued it with --ca FILE, or skip verification with --insecure$/);
  });

  test('--insecure skips verification, and every report says so', async () => {
    const dir = reportDir('insecure');
    const run = await scimprobe(['run', '--url', https.url, '--token', TOKEN, '--insecure', '--suite', 'discovery', '--report-dir', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`scimprobe: warning: ${INSECURE_WARNING}\n`);
    expect(run.stdout).toContain(`Warning: ${INSECURE_WARNING}`);
    expect((await readResults(dir)).run).toEqual({ insecure: true, warnings: [INSECURE_WARNING] });
    const [html, junit] = await Promise.all([readFile(join(dir, 'report.html'), 'utf8'), readFile(join(dir, 'junit.xml'), 'utf8')]);
    expect(html).toContain('<dd data-field="tls-verification">off (--insecure)</dd>');
    expect(html).toContain(`<li>${INSECURE_WARNING}</li>`);
    expect(junit).toContain('<property name="insecure" value="true"/>');
    expect(junit).toContain(`<property name="warning" value="${INSECURE_WARNING}"/>`);
  });
});

describe('PEM files that cannot be used', () => {
  test.each([
    ['a missing CA file', () => ['--ca', join(folder.path, 'missing.pem')], /^scimprobe: --ca cannot read ".*missing\.pem": the file does not exist\n$/],
    ['a key that is no key', () => ['--cert', pki.file('client.pem'), '--key', pki.file('client.pem')], /^scimprobe: --key ".*client\.pem": it holds no PEM private key\n$/],
  ])('%s stops the run before anything is sent: exit 2, one line', async (_label, flags, message) => {
    const run = await scimprobe(['run', '--url', https.url, '--token', TOKEN, ...flags(), '--report-dir', reportDir('bad-pem')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe('a target that requires a client certificate', () => {
  test('without one the handshake is refused: exit 3 naming --cert and --key', async () => {
    const run = await scimprobe(['run', '--url', mutual.url, '--token', TOKEN, '--ca', pki.file('ca.pem'), '--suite', 'discovery', '--report-dir', reportDir('no-cert')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^scimprobe: target unreachable: TLS handshake refused by 127\.0\.0\.1:\d+ for GET https:\S+ \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\): the server wants a client certificate it trusts: give --cert FILE and --key FILE\n$/,
    );
  });

  test('with --cert and --key the run passes', async () => {
    const dir = reportDir('mutual');
    const run = await scimprobe([
      'run', '--url', mutual.url, '--token', TOKEN, '--ca', pki.file('ca.pem'),
      '--cert', pki.file('client.pem'), '--key', pki.file('client.key'), '--suite', 'discovery,auth', '--report-dir', dir,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = await readResults(dir);
    expect(results.summary).toMatchObject({ failed: 0, errored: 0 });
    expect(results.summary.passed).toBeGreaterThan(0);
  });
});

describe('scimprobe serve over https', () => {
  test('--tls-cert, --tls-key and --client-ca serve mutual TLS that run checks with --ca, --cert and --key', async () => {
    const serve = spawn(process.execPath, [
      CLI_PATH, 'serve', '--token', TOKEN,
      '--tls-cert', pki.file('server.pem'), '--tls-key', pki.file('server.key'), '--client-ca', pki.file('ca.pem'),
    ]);
    try {
      const [firstLine] = (await once(createInterface({ input: serve.stdout }), 'line')) as [string];
      const url = firstLine.trim();
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      const dir = reportDir('serve');
      const run = await scimprobe([
        'run', '--url', url, '--token', TOKEN, '--ca', pki.file('ca.pem'),
        '--cert', pki.file('client.pem'), '--key', pki.file('client.key'), '--suite', 'discovery', '--report-dir', dir,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect((await readResults(dir)).summary).toMatchObject({ failed: 0, errored: 0 });
    } finally {
      serve.kill('SIGTERM');
      await once(serve, 'exit');
    }
  });

  test('a certificate without its key is a usage error', async () => {
    const run = await scimprobe(['serve', '--tls-cert', pki.file('server.pem')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('scimprobe: --tls-cert needs --tls-key too: https takes a certificate and its key\n');
  });
});
