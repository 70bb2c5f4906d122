import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CHECKS, SUITES } from '../../src/checks/catalog.js';
import { REQUIREMENTS } from '../../src/checks/requirements.js';
import { AREAS } from '../../src/checks/types.js';
import { PACKAGE_ROOT } from '../../src/package-files.js';
import { QUIRKS } from '../../src/server/index.js';

describe('check catalog', () => {
  test('ids are unique, dotted, and start with their area', () => {
    const ids = CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of CHECKS) {
      expect(check.id).toMatch(/^[a-z-]+\.[a-z0-9-]+$/);
      expect(check.id.startsWith(`${check.area}.`)).toBe(true);
      expect(AREAS).toContain(check.area);
    }
  });

  test('every cited requirement is in the registry, or is an HTTP or vendor citation and then advisory', () => {
    for (const check of CHECKS) {
      expect(check.requirements.length, check.id).toBeGreaterThan(0);
      for (const requirement of check.requirements) {
        const external = /^(RFC\d+-|vendor:)/.test(requirement);
        expect(external || REQUIREMENTS.has(requirement), `${check.id} cites ${requirement}`).toBe(true);
      }
      if (check.requirements.every((requirement) => !REQUIREMENTS.has(requirement))) {
        expect(check.level, `${check.id} rests on no SCIM requirement`).not.toBe('MUST');
      }
    }
  });

  test('a check is no stricter than the strictest requirement it cites', () => {
    const rank = { MUST: 2, SHOULD: 1, MAY: 0 } as const;
    for (const check of CHECKS) {
      const strictest = Math.max(...check.requirements.map((id) => rank[REQUIREMENTS.get(id)?.level ?? 'SHOULD']));
      expect(rank[check.level], check.id).toBeLessThanOrEqual(strictest);
    }
  });

  test('every check is proven by at least one quirk the reference server has', () => {
    for (const check of CHECKS) {
      expect(check.provenBy.length, `${check.id} has no proving quirk`).toBeGreaterThan(0);
      for (const quirk of check.provenBy) expect(Object.keys(QUIRKS), `${check.id} names ${quirk}`).toContain(quirk);
    }
  });

  test('every suite named by the catalog exists', () => {
    for (const suite of SUITES) expect(existsSync(join(PACKAGE_ROOT, 'suites', `${suite}.ts`)), suite).toBe(true);
  });
});
