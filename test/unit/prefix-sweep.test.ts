import { describe, expect, test } from 'vitest';
import { prefixAttributes, RUN_PREFIX, runPrefixOf } from '../../src/runner/prefix-sweep.js';
import type { SchemaDefinition } from '../../src/scim/schema.js';
import { URN } from '../../src/scim/urns.js';

const DEVICE_SCHEMA: SchemaDefinition = {
  id: 'urn:example:schemas:Device',
  attributes: [
    { name: 'serial', type: 'string', multiValued: false, uniqueness: 'server' },
    { name: 'label', type: 'string', multiValued: false, uniqueness: 'none' },
    { name: 'aliases', type: 'string', multiValued: true, uniqueness: 'global' },
    { name: 'slot', type: 'integer', multiValued: false, uniqueness: 'server' },
  ],
};

describe('prefixAttributes', () => {
  test('userName for Users and displayName for Groups, whatever the case of the schema URN', () => {
    expect(prefixAttributes({ name: 'User', endpoint: '/Users', schema: URN.user.toUpperCase() }, [])).toEqual(['userName']);
    expect(prefixAttributes({ name: 'Group', endpoint: '/Groups', schema: URN.group }, [])).toEqual(['displayName']);
  });

  test('the unique single-valued strings of another type\'s core schema, and none when it is not advertised', () => {
    expect(prefixAttributes({ name: 'Device', endpoint: '/Devices', schema: DEVICE_SCHEMA.id }, [DEVICE_SCHEMA])).toEqual(['serial']);
    expect(prefixAttributes({ name: 'Device', endpoint: '/Devices', schema: DEVICE_SCHEMA.id }, [])).toEqual([]);
  });
});

describe('run prefixes', () => {
  test('only scimprobe- and a run id of 8 lower-case hex digits is one', () => {
    expect(RUN_PREFIX.test(runPrefixOf('0badc0de'))).toBe(true);
    for (const prefix of ['', 'a', 'scimprobe-', 'scimprobe-0badc0d', 'scimprobe-0badc0de0', 'scimprobe-0BADC0DE', ' scimprobe-0badc0de', 'scimprobe-0badc0de-']) {
      expect(RUN_PREFIX.test(prefix), prefix).toBe(false);
    }
  });
});
