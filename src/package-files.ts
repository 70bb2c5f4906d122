/**
 * Where the package's own files are. The code runs from src/ (tests) and from dist/src/ (the CLI,
 * installed or not), so paths are found from the package root rather than relative to a module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'scimprobe') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`scimprobe: cannot find the package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Absolute path of a file under fixtures/. */
export function fixturePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, 'fixtures', ...segments);
}

/** True when this module runs from the compiled output rather than from the TypeScript sources. */
export const RUNNING_COMPILED = fileURLToPath(import.meta.url).endsWith('.js');
