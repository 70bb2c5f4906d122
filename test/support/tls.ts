/**
 * A throw-away PKI made with the openssl CLI in a temporary folder: a CA, a server certificate for
 * 127.0.0.1, one for another host name, and a client certificate, all issued by that CA. Nothing here is
 * trusted by the system.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { temporaryFolder } from './cli.js';

const run = promisify(execFile);

export interface TestPki {
  /** Where the files are: ca.pem and NAME.pem, NAME.key for server, elsewhere and client. */
  folder: string;
  file(name: `${'server' | 'elsewhere' | 'client'}.${'pem' | 'key'}` | 'ca.pem'): string;
  /** PEM texts, for the reference server. */
  ca: string;
  serverCert: string;
  serverKey: string;
  remove(): Promise<void>;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(cwd: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd });
}

/** A key and a certificate for `name`, issued by the CA in `cwd`, with the given extensions. */
async function issue(cwd: string, name: string, serial: string, extensions: string): Promise<void> {
  await writeFile(join(cwd, `${name}.ext`), extensions);
  await openssl(cwd, ['req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=scimprobe test ${name}`]);
  await openssl(cwd, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', serial,
    '-days', '2', '-out', `${name}.pem`, '-extfile', `${name}.ext`,
  ]);
}

export async function createTestPki(): Promise<TestPki> {
  const folder = await temporaryFolder('pki');
  const cwd = folder.path;
  await openssl(cwd, [
    'req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=scimprobe test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await issue(cwd, 'server', '2', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await issue(cwd, 'client', '3', 'extendedKeyUsage=clientAuth\n');
  await issue(cwd, 'elsewhere', '4', 'subjectAltName=DNS:elsewhere.example\nextendedKeyUsage=serverAuth\n');
  const file = (name: string): string => join(cwd, name);
  const [ca, serverCert, serverKey] = await Promise.all(['ca.pem', 'server.pem', 'server.key'].map((name) => readFile(file(name), 'utf8')));
  return { folder: cwd, file, ca: ca ?? '', serverCert: serverCert ?? '', serverKey: serverKey ?? '', remove: folder.remove };
}
