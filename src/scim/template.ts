/**
 * Resource templates: what a target requires of every resource beyond what its /Schemas can say, such
 * as a userName that must be an e-mail address in one domain, or attributes a vendor makes mandatory.
 * A template is a partial resource body. In its strings, `{name}` stands for the unique name the
 * harness gives the resource; a template string on an attribute the harness named reshapes that name.
 */
import { getMember, isJsonObject, replaceInStrings, type JsonObject } from './json.js';
import type { SchemaDefinition } from './schema.js';

export const NAME_PLACEHOLDER = '{name}';


function memberKey(object: JsonObject, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

function isExtensionKey(key: string): boolean {
  return key.toLowerCase().startsWith('urn:');
}

/**
 * The body with the template applied. An attribute the body lacks is added from the template. An
 * attribute the body sets keeps the body's value, because a check sends what it tests, with two
 * exceptions: a template string with `{name}` replaces a value equal to `name` (the harness's own
 * name for the resource), and an extension's attributes are merged, the body's winning.
 */
export function applyTemplate(template: JsonObject | undefined, body: JsonObject, name: string): JsonObject {
  if (template === undefined) return body;
  const result: JsonObject = { ...body };
  const schemas = Array.isArray(body.schemas) ? [...body.schemas] : [];
  for (const [key, value] of Object.entries(template)) {
    const templateValue = replaceInStrings(value, NAME_PLACEHOLDER, name);
    const existingKey = memberKey(result, key);
    const existing = existingKey === undefined ? undefined : result[existingKey];
    if (existingKey === undefined || existing === undefined) {
      result[key] = templateValue;
    } else if (typeof value === 'string' && value.includes(NAME_PLACEHOLDER) && existing === name) {
      result[existingKey] = templateValue;
    } else if (isExtensionKey(key) && isJsonObject(existing) && isJsonObject(templateValue)) {
      result[existingKey] = { ...templateValue, ...existing };
    }
    const listed = schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === key.toLowerCase());
    if (isExtensionKey(key) && !listed) schemas.push(key);
  }
  if (schemas.length > 0) result.schemas = schemas;
  return result;
}

/**
 * The schema without the attributes the template sets (for an extension, those under its URN), so that
 * generated values and operations leave them as the template made them.
 */
export function withoutTemplated(schema: SchemaDefinition, template: JsonObject | undefined, extension: boolean): SchemaDefinition {
  const set = extension ? getMember(template ?? {}, schema.id) : template;
  if (!isJsonObject(set)) return schema;
  const names = new Set(Object.keys(set).map((name) => name.toLowerCase()));
  return { ...schema, attributes: schema.attributes.filter((attribute) => !names.has(attribute.name.toLowerCase())) };
}
