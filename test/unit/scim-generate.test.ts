import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeValueArbitrary, isGeneratable, minimalResource, resourceArbitrary } from '../../src/scim/generate.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import type { AttributeDefinition, SchemaDefinition } from '../../src/scim/schema.js';
import { URN } from '../../src/scim/urns.js';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../support/core-schemas.js';

const options = { uniquePrefix: 'scimprobe-test' };
const users = resourceArbitrary(USER_SCHEMA, [{ schema: ENTERPRISE_USER_SCHEMA, required: false }], options);

function attribute(name: string): AttributeDefinition {
  const found = USER_SCHEMA.attributes.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no ${name} in the User schema`);
  return found;
}

function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

describe('resource generators', () => {
  it('carry every required attribute, unique ones with the run prefix', () => {
    fc.assert(fc.property(users, (user) => {
      expect(user.schemas).toEqual(expect.arrayContaining([URN.user]));
      expect(String(user.userName)).toMatch(/^scimprobe-test-[a-z][a-z0-9]*$/);
    }));
    fc.assert(fc.property(resourceArbitrary(GROUP_SCHEMA, [], options), (group) => {
      expect(typeof group.displayName).toBe('string');
      expect(group).not.toHaveProperty('members');
    }));
  });

  it('never write readOnly, writeOnly or resource-linking attributes', () => {
    fc.assert(fc.property(users, (user) => {
      for (const name of ['id', 'meta', 'groups', 'password']) expect(user).not.toHaveProperty(name);
      const enterprise = user[URN.enterpriseUser];
      if (isJsonObject(enterprise)) expect(enterprise).not.toHaveProperty('manager');
    }));
    expect(isGeneratable(attribute('groups'))).toBe(false);
    expect(isGeneratable(attribute('password'))).toBe(false);
    expect(isGeneratable(attribute('emails'))).toBe(true);
  });

  it('lists an extension in schemas exactly when its attributes are present', () => {
    fc.assert(fc.property(users, (user) => {
      const listed = Array.isArray(user.schemas) && user.schemas.includes(URN.enterpriseUser);
      expect(listed).toBe(isJsonObject(user[URN.enterpriseUser]));
    }));
  });

  it('draw canonical values where the schema lists them, with at most one primary value', () => {
    fc.assert(fc.property(attributeValueArbitrary(attribute('emails'), 'emails', options), (emails) => {
      const values = objects(emails);
      expect(values.length).toBeGreaterThan(0);
      expect(values.filter((value) => value.primary === true).length).toBeLessThanOrEqual(1);
      for (const value of values) {
        if (value.type !== undefined) expect(['work', 'home', 'other']).toContain(value.type);
        expect(value).not.toHaveProperty('primary', false);
      }
    }));
  });

  it('produce values of each attribute type', () => {
    const sample = (type: AttributeDefinition['type']): JsonValue[] =>
      fc.sample(attributeValueArbitrary({ name: 'x', type, multiValued: false }, 'x', options), { seed: 1, numRuns: 20 });
    expect(sample('boolean').every((value) => typeof value === 'boolean')).toBe(true);
    expect(sample('integer').every((value) => Number.isInteger(value))).toBe(true);
    expect(sample('decimal').every((value) => typeof value === 'number' && !Number.isInteger(value))).toBe(true);
    expect(sample('dateTime').every((value) => typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value))).toBe(true);
    expect(sample('binary').every((value) => typeof value === 'string' && Buffer.from(value, 'base64').toString('base64') === value)).toBe(true);
    expect(sample('reference').every((value) => typeof value === 'string' && value.startsWith('https://example.com/'))).toBe(true);
  });

  it('use an override for a rule the schema cannot express', () => {
    const withEmailNames = resourceArbitrary(USER_SCHEMA, [], { ...options, overrides: { userName: fc.constant('probe@example.com') } });
    fc.assert(fc.property(withEmailNames, (user) => {
      expect(user.userName).toBe('probe@example.com');
    }));
  });
});

describe('minimal resources', () => {
  const minimal = { ...options, name: (path: string) => `scimprobe-test-${path}`, seed: 7 };

  it('hold only the required attributes, strings as the given names', () => {
    expect(minimalResource(USER_SCHEMA, [{ schema: ENTERPRISE_USER_SCHEMA, required: false }], minimal)).toEqual({ schemas: [URN.user], userName: 'scimprobe-test-userName' });
    expect(minimalResource(GROUP_SCHEMA, [], minimal)).toEqual({ schemas: [URN.group], displayName: 'scimprobe-test-displayName' });
  });

  it('draw other required values from the seed, and fill required extensions', () => {
    const extension: SchemaDefinition = {
      id: 'urn:example:params:scim:schemas:extension:probe:2.0:Device',
      attributes: [
        { name: 'level', type: 'integer', multiValued: false, required: true },
        { name: 'kind', type: 'string', multiValued: false, required: true, canonicalValues: ['phone'] },
        { name: 'serial', type: 'string', multiValued: false, required: true, mutability: 'readOnly' },
      ],
    };
    const device = minimalResource(GROUP_SCHEMA, [{ schema: extension, required: true }], minimal);
    expect(device.schemas).toEqual([URN.group, extension.id]);
    const values = device[extension.id];
    expect(isJsonObject(values) && typeof values.level === 'number' && values.kind === 'phone' && !('serial' in values)).toBe(true);
    expect(minimalResource(GROUP_SCHEMA, [{ schema: extension, required: true }], minimal)).toEqual(device);
  });

  it('refuse a required attribute nothing can generate', () => {
    const linked: SchemaDefinition = { id: 'urn:example:Linked', attributes: [attribute('groups'), { ...attribute('x509Certificates'), required: true, type: 'complex', subAttributes: [{ name: '$ref', type: 'reference', multiValued: false, referenceTypes: ['User'] }] }] };
    expect(() => minimalResource(linked, [], minimal)).toThrow(/x509Certificates: give an override/);
  });
});

describe('generated resources on the reference server', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(() => server.close());

  it('are accepted and read back as sent', async () => {
    await fc.assert(fc.asyncProperty(users, async (user) => {
      const response = await fetch(`${server.url}/Users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/scim+json' },
        body: JSON.stringify(user),
      });
      const created: unknown = await response.json();
      expect(response.status, JSON.stringify(created)).toBe(201);
      if (!isJsonObject(created)) throw new Error('not an object');
      expect(created).toMatchObject(user);
      // Unique values repeat across cases, as they do across a run's cases, which delete what they create.
      expect((await fetch(`${server.url}/Users/${String(created.id)}`, { method: 'DELETE' })).status).toBe(204);
    }), { numRuns: 50, seed: 7 });
  });
});
