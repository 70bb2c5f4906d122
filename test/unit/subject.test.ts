import { describe, expect, it } from 'vitest';
import { requireSubjects, subjectsOf, type SubjectSource } from '../../src/runner/subject.js';
import type { JsonObject } from '../../src/scim/json.js';
import { findSchema, type ResourceTypeDefinition, type SchemaDefinition } from '../../src/scim/schema.js';
import { CREDENTIAL_SCHEMA } from '../../src/server/schema-registry.js';
import { URN } from '../../src/scim/urns.js';
import { CREDENTIAL_SCHEMA_DEFINITION, GROUP_SCHEMA, USER_SCHEMA } from '../support/core-schemas.js';
import { SAMPLE_CAPABILITIES } from '../support/sample-result.js';

const USER: ResourceTypeDefinition = { name: 'User', endpoint: '/Users', schema: URN.user };
const GROUP: ResourceTypeDefinition = { name: 'Group', endpoint: '/Groups', schema: URN.group };
const CREDENTIAL: ResourceTypeDefinition = { name: 'Credential', endpoint: '/Credentials', schema: CREDENTIAL_SCHEMA };
const PRINTER: ResourceTypeDefinition = { name: 'Printer', endpoint: '/Printers', schema: 'urn:example:Printer' };

function source(resourceTypes: ResourceTypeDefinition[], schemas: SchemaDefinition[], templates: Record<string, JsonObject> = {}): SubjectSource {
  let counter = 0;
  const uniqueName = (label: string): string => `run-${label}-${++counter}`;
  return {
    capabilities: { ...SAMPLE_CAPABILITIES, resourceTypes, schemas },
    schema: (id) => findSchema(schemas, id),
    uniqueName,
    user: (label) => {
      const userName = uniqueName(label);
      return { schemas: [URN.user], userName };
    },
    template: (typeName) => templates[typeName],
    seed: 7,
  };
}

describe('subjects of the advertised resource types', () => {
  it('build the required attributes of each type, named under the label and the type', () => {
    const { built, unbuilt } = subjectsOf(source([USER, GROUP, CREDENTIAL], [USER_SCHEMA, GROUP_SCHEMA, CREDENTIAL_SCHEMA_DEFINITION]), 'replace');
    expect(unbuilt).toEqual([]);
    const [user, group, credential] = built;
    expect(user?.body).toEqual({ schemas: [URN.user], userName: expect.stringMatching(/^run-replace-user-/) });
    expect(group?.naming).toEqual({ name: 'displayName', value: group?.body.displayName });
    // The immutable owner is required, so it is set; the writeOnly secret and the optional values are not.
    expect(Object.keys(credential?.body ?? {}).sort()).toEqual(['name', 'owner', 'schemas']);
    expect(credential?.naming?.name).toBe('name');
  });

  it('carry what the configured template of their type adds, with the name filled in', () => {
    const templates = { Group: { externalId: '{name}' }, Credential: { description: 'probe of {name}' } };
    const { built } = subjectsOf(source([GROUP, CREDENTIAL], [GROUP_SCHEMA, CREDENTIAL_SCHEMA_DEFINITION], templates), 'replace');
    const [group, credential] = built;
    expect(group?.body.externalId).toBe(group?.body.displayName);
    expect(credential?.body.description).toBe(`probe of ${String(credential?.body.name)}`);
  });

  it('say why a type without a published schema cannot be built, except a User, which needs only its userName', () => {
    const { built, unbuilt } = subjectsOf(source([USER, PRINTER], []), 'lifecycle');
    expect(built.map((subject) => subject.body)).toEqual([{ schemas: [URN.user], userName: 'run-lifecycle-user-1' }]);
    expect(unbuilt).toEqual(['/Schemas does not describe urn:example:Printer']);
  });

  it('skip a check with the reasons when no type can be built', () => {
    const skip = (reason: string): never => {
      throw new Error(`skipped: ${reason}`);
    };
    expect(() => requireSubjects({ skip }, subjectsOf(source([PRINTER], []), 'x'))).toThrow('skipped: no advertised resource type can be created: /Schemas does not describe urn:example:Printer');
    expect(() => requireSubjects({ skip }, subjectsOf(source([], []), 'x'))).toThrow('skipped: the target advertises no resource type');
  });
});
