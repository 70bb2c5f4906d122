/**
 * The `templates` section of the config (see src/scim/template.ts): checked on its own when the config
 * is loaded, and against the target's /ResourceTypes and /Schemas once they are discovered, so that a
 * mistyped type or attribute stops the run instead of being silently sent or ignored.
 */
import type { Capabilities } from '../discovery/capabilities.js';
import { isJsonObject, type JsonObject } from '../scim/json.js';
import { findSchema, namingAttributes } from '../scim/schema.js';
import { NAME_PLACEHOLDER } from '../scim/template.js';
import { ConfigError } from './errors.js';
import { closestName } from './suggest.js';

/** Attributes the target assigns or the harness sets on every body. */
const HARNESS_SET = ['schemas', 'id', 'meta'];

/** The common attribute a client sets (RFC 7643 §3.1); schemas do not list the common attributes. */
const CLIENT_COMMON = 'externalid';

function didYouMean(input: string, candidates: readonly string[]): string {
  const closest = closestName(input, candidates);
  return closest === undefined ? '' : ` (did you mean ${closest}?)`;
}

/** The templates as the config file gives them, after the checks that need no target. */
export function checkTemplates(templates: Readonly<Record<string, JsonObject>>): Record<string, JsonObject> {
  for (const [typeName, template] of Object.entries(templates)) {
    for (const [key, value] of Object.entries(template)) {
      const where = `config: templates.${typeName}.${key}`;
      if (HARNESS_SET.includes(key.toLowerCase())) {
        throw new ConfigError(`${where} is set by the target or the harness on every resource; remove it from the template`);
      }
      if (key.toLowerCase().startsWith('urn:') && !isJsonObject(value)) {
        throw new ConfigError(`${where} names an extension schema, so its value must be an object of that extension's attributes`);
      }
    }
  }
  return { ...templates };
}

/**
 * The templates keyed by the advertised resource type names, once each type, attribute and extension
 * a template names is found among what the target advertises, none is readOnly there, and a naming
 * attribute (userName, Group displayName) keeps the harness's unique, run-prefixed name at its start.
 */
export function resolveTemplates(templates: Readonly<Record<string, JsonObject>>, capabilities: Capabilities): Record<string, JsonObject> {
  const resolved: Record<string, JsonObject> = {};
  const typeNames = capabilities.resourceTypes.map((type) => type.name);
  for (const [typeName, template] of Object.entries(templates)) {
    const type = capabilities.resourceTypes.find((candidate) => candidate.name.toLowerCase() === typeName.toLowerCase());
    if (type === undefined) {
      throw new ConfigError(
        `config: templates.${typeName} names no resource type the target advertises (${typeNames.join(', ') || 'none'})${didYouMean(typeName, typeNames)}`,
      );
    }
    const core = findSchema(capabilities.schemas, type.schema);
    const extensions = (type.schemaExtensions ?? []).map((extension) => extension.schema);
    const naming = namingAttributes(type, capabilities.schemas).map((name) => name.toLowerCase());
    for (const [key, value] of Object.entries(template)) {
      const where = `config: templates.${typeName}.${key}`;
      if (naming.includes(key.toLowerCase()) && (typeof value !== 'string' || !value.startsWith(NAME_PLACEHOLDER))) {
        throw new ConfigError(
          `${where} names each ${type.name}, so it must be a string that starts with ${NAME_PLACEHOLDER}: that keeps every name unique and carrying the run prefix the run's resources are found by, got ${JSON.stringify(value)}`,
        );
      }
      if (key.toLowerCase().startsWith('urn:')) {
        if (!extensions.some((urn) => urn.toLowerCase() === key.toLowerCase())) {
          throw new ConfigError(`${where} is not an extension schema of ${type.name} (its extensions: ${extensions.join(', ') || 'none'})${didYouMean(key, extensions)}`);
        }
        continue;
      }
      // Without a published core schema the attribute names cannot be checked; the target will judge them.
      if (core === undefined || key.toLowerCase() === CLIENT_COMMON) continue;
      const attribute = core.attributes.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
      if (attribute === undefined) {
        const names = core.attributes.map((candidate) => candidate.name);
        throw new ConfigError(`${where} is not an attribute of ${core.id}${didYouMean(key, names)}`);
      }
      if (attribute.mutability === 'readOnly') {
        throw new ConfigError(`${where} is readOnly on the target, which ignores any value a client sends; remove it from the template`);
      }
    }
    if (resolved[type.name] !== undefined) {
      throw new ConfigError(`config: templates.${typeName} names ${type.name} again, whose template is already given; keep one`);
    }
    resolved[type.name] = template;
  }
  return resolved;
}
