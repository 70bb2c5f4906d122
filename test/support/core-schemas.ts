/** The core schemas the reference server ships, read the way discovery reads /Schemas. */
import { readFileSync } from 'node:fs';
import { readSchema } from '../../src/discovery/discover.js';
import { fixturePath } from '../../src/package-files.js';
import { isJsonObject, parseJson } from '../../src/scim/json.js';
import type { SchemaDefinition } from '../../src/scim/schema.js';

function load(file: string): SchemaDefinition {
  const document = parseJson(readFileSync(fixturePath('schemas', file), 'utf8'));
  const [schema] = isJsonObject(document) ? readSchema(document) : [];
  if (schema === undefined) throw new Error(`fixtures/schemas/${file} is not a schema`);
  return schema;
}

export const USER_SCHEMA = load('user.json');
export const GROUP_SCHEMA = load('group.json');
export const ENTERPRISE_USER_SCHEMA = load('enterprise-user.json');
export const CREDENTIAL_SCHEMA_DEFINITION = load('credential.json');
