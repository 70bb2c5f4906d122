import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { checkTemplates, resolveTemplates } from '../../src/config/templates.js';
import type { Capabilities } from '../../src/discovery/capabilities.js';
import type { SchemaDefinition } from '../../src/scim/schema.js';
import { applyTemplate, withoutTemplated } from '../../src/scim/template.js';
import { URN } from '../../src/scim/urns.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../support/core-schemas.js';
import { SAMPLE_CAPABILITIES } from '../support/sample-result.js';

const NAME = 'scimprobe-1a2b-replace-3';

describe('applyTemplate', () => {
  test('adds the attributes the body lacks, with {name} filled in everywhere', () => {
    const template = { name: { familyName: '{name}', givenName: 'Probe' }, emails: [{ value: '{name}@corp.example', type: 'work', primary: true }] };
    expect(applyTemplate(template, { schemas: [URN.user], userName: NAME }, NAME)).toEqual({
      schemas: [URN.user],
      userName: NAME,
      name: { familyName: NAME, givenName: 'Probe' },
      emails: [{ value: `${NAME}@corp.example`, type: 'work', primary: true }],
    });
  });

  test('a {name} template reshapes the harness name, and only that', () => {
    const template = { userName: '{name}@corp.example' };
    expect(applyTemplate(template, { userName: NAME }, NAME)).toEqual({ userName: `${NAME}@corp.example` });
    // A value the check chose itself (here a case variant) is what the check tests: it stays.
    expect(applyTemplate(template, { userName: NAME.toUpperCase() }, NAME)).toEqual({ userName: NAME.toUpperCase() });
  });

  test('values the check sets win over fixed template values, whatever the case of the name', () => {
    expect(applyTemplate({ displayName: 'Template', title: 'Probe' }, { DisplayName: 'Check' }, NAME)).toEqual({ DisplayName: 'Check', title: 'Probe' });
  });

  test("an extension's attributes are merged, the check's winning, and its URN is listed in schemas", () => {
    const template = { [URN.enterpriseUser]: { costCenter: 'QA', department: 'Template' } };
    expect(applyTemplate(template, { schemas: [URN.user], [URN.enterpriseUser]: { department: 'Engines' } }, NAME)).toEqual({
      schemas: [URN.user, URN.enterpriseUser],
      [URN.enterpriseUser]: { costCenter: 'QA', department: 'Engines' },
    });
  });

  test('no template leaves the body as it is', () => {
    const body = { schemas: [URN.group], displayName: NAME };
    expect(applyTemplate(undefined, body, NAME)).toBe(body);
  });
});

describe('withoutTemplated', () => {
  const names = (schema: SchemaDefinition): string[] => schema.attributes.map((attribute) => attribute.name);

  test('drops the core attributes a template sets, whatever their case', () => {
    const without = names(withoutTemplated(USER_SCHEMA, { USERNAME: '{name}@x', name: { familyName: 'F' } }, false));
    expect(without).not.toContain('userName');
    expect(without).not.toContain('name');
    expect(without).toContain('displayName');
  });

  test("drops an extension's attributes the template sets under its URN", () => {
    const without = names(withoutTemplated(ENTERPRISE_USER_SCHEMA, { [URN.enterpriseUser]: { costCenter: 'QA' } }, true));
    expect(without).not.toContain('costCenter');
    expect(without).toContain('department');
    expect(withoutTemplated(ENTERPRISE_USER_SCHEMA, { userName: '{name}' }, true)).toBe(ENTERPRISE_USER_SCHEMA);
  });
});

const CAPABILITIES: Capabilities = {
  ...SAMPLE_CAPABILITIES,
  resourceTypes: [
    { name: 'User', endpoint: '/Users', schema: URN.user, schemaExtensions: [{ schema: URN.enterpriseUser, required: false }] },
    { name: 'Group', endpoint: '/Groups', schema: URN.group },
  ],
  schemas: [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA],
};

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError was thrown');
}

describe('checkTemplates', () => {
  test('accepts templates of any attributes', () => {
    const templates = { User: { userName: '{name}@corp.example', [URN.enterpriseUser]: { costCenter: 'QA' } } };
    expect(checkTemplates(templates)).toEqual(templates);
  });

  test('refuses what the target or the harness sets', () => {
    expect(configError(() => checkTemplates({ User: { id: 'x' } }))).toBe(
      'config: templates.User.id is set by the target or the harness on every resource; remove it from the template',
    );
    expect(configError(() => checkTemplates({ Group: { Schemas: [] } }))).toMatch(/^config: templates\.Group\.Schemas is set by/);
  });

  test('refuses an extension whose value is not an object', () => {
    expect(configError(() => checkTemplates({ User: { [URN.enterpriseUser]: 'QA' } }))).toMatch(/names an extension schema, so its value must be an object/);
  });
});

describe('resolveTemplates', () => {
  test('keys the templates by the advertised type name, found case-insensitively', () => {
    expect(resolveTemplates({ user: { userName: '{name}@x' } }, CAPABILITIES)).toEqual({ User: { userName: '{name}@x' } });
  });

  test('accepts externalId, a common attribute no schema lists', () => {
    expect(resolveTemplates({ Group: { externalId: '{name}' } }, CAPABILITIES)).toEqual({ Group: { externalId: '{name}' } });
  });

  test('refuses a type the target does not advertise, suggesting the closest', () => {
    expect(configError(() => resolveTemplates({ Usr: {} }, CAPABILITIES))).toBe(
      'config: templates.Usr names no resource type the target advertises (User, Group) (did you mean User?)',
    );
  });

  test('refuses a naming template that hides the run prefix or gives every resource one name', () => {
    expect(configError(() => resolveTemplates({ User: { userName: 'probe.{name}@corp.example' } }, CAPABILITIES))).toBe(
      'config: templates.User.userName names each User, so it must be a string that starts with {name}: that keeps every name unique and carrying the run prefix the run\'s resources are found by, got "probe.{name}@corp.example"',
    );
    expect(configError(() => resolveTemplates({ Group: { displayName: 'Probes' } }, CAPABILITIES))).toMatch(/^config: templates\.Group\.displayName names each Group, so it must be a string that starts with \{name\}/);
    // Elsewhere {name} may stand anywhere.
    expect(resolveTemplates({ User: { title: 'probe {name}' } }, CAPABILITIES)).toEqual({ User: { title: 'probe {name}' } });
  });

  test('refuses the same type twice', () => {
    expect(configError(() => resolveTemplates({ User: {}, user: {} }, CAPABILITIES))).toBe(
      'config: templates.user names User again, whose template is already given; keep one',
    );
  });

  test('refuses an attribute the core schema does not have, and a readOnly one', () => {
    expect(configError(() => resolveTemplates({ User: { usrName: 'x' } }, CAPABILITIES))).toBe(
      `config: templates.User.usrName is not an attribute of ${URN.user} (did you mean userName?)`,
    );
    expect(configError(() => resolveTemplates({ User: { groups: [] } }, CAPABILITIES))).toBe(
      'config: templates.User.groups is readOnly on the target, which ignores any value a client sends; remove it from the template',
    );
  });

  test('refuses an extension the type does not have', () => {
    expect(configError(() => resolveTemplates({ Group: { [URN.enterpriseUser]: {} } }, CAPABILITIES))).toBe(
      `config: templates.Group.${URN.enterpriseUser} is not an extension schema of Group (its extensions: none)`,
    );
  });
});
