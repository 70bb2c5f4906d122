/**
 * The PEM files of the TLS settings, read and checked when the config is loaded: a file that is missing,
 * unreadable or holds no usable certificate or key stops the run with one line naming the setting, before
 * any connection is attempted.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readErrorReason } from './file.js';
import { type Origin, settingError, showValue } from './validate.js';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface PemFile {
  /** As given, for messages. */
  path: string;
  text: string;
  origin: Origin;
}

export function readPemFile(path: string, origin: Origin, cwd: string): PemFile {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw settingError(origin, `cannot read ${showValue(path)}: ${readErrorReason(error)}`);
  }
  return { path, text, origin };
}

/** Every certificate of a PEM file, each parsed; there must be at least one. */
export function certificates(file: PemFile): X509Certificate[] {
  const blocks = file.text.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw settingError(file.origin, `${showValue(file.path)} holds no PEM certificate (a -----BEGIN CERTIFICATE----- block)`);
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw settingError(file.origin, `${showValue(file.path)}: certificate ${index + 1} is not a valid X.509 certificate`);
    }
  });
}

/** PKCS#8 and traditional PEM mark an encrypted key in these ways. */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/;

export function privateKey(file: PemFile): KeyObject {
  if (ENCRYPTED_KEY.test(file.text)) {
    throw settingError(file.origin, `${showValue(file.path)}: the key is encrypted; give an unencrypted key (openssl pkey -in KEY -out PLAIN)`);
  }
  try {
    return createPrivateKey(file.text);
  } catch {
    throw settingError(file.origin, `${showValue(file.path)}: it holds no PEM private key`);
  }
}

/** The client certificate and its key must belong together, or every handshake would fail obscurely. */
export function checkClientPair(cert: PemFile, key: PemFile): void {
  const [leaf] = certificates(cert);
  const keyObject = privateKey(key);
  if (leaf !== undefined && !leaf.checkPrivateKey(keyObject)) {
    throw settingError(key.origin, `${showValue(key.path)} is not the private key of the certificate in ${showValue(cert.path)}`);
  }
}
