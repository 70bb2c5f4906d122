/**
 * Resource generators driven by a server's own schemas (RFC 7643 §2, §7): fast-check arbitraries of
 * values a client may write. They honour type, multiValued, required, mutability (readOnly and
 * writeOnly attributes are never generated), canonicalValues, at most one primary value, and
 * uniqueness: a unique string carries the run prefix, so generated resources never collide with
 * anything else on the target. Rules a schema cannot express (a userName that must be an e-mail
 * address) come in as overrides keyed by attribute path.
 */
import fc from 'fast-check';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { AttributeDefinition, SchemaDefinition } from './schema.js';

export interface GenerateOptions {
  /** Prefix of every value of an attribute whose uniqueness is server or global, and of every e-mail address. */
  uniquePrefix: string;
  /** The domain of generated e-mail addresses (default example.com). */
  emailDomain?: string;
  /**
   * Arbitraries that replace the generated one, keyed by the attribute's path relative to its schema:
   * `userName`, `emails.value`, `urn:…:enterprise:2.0:User:employeeNumber`.
   */
  overrides?: Readonly<Record<string, fc.Arbitrary<JsonValue>>>;
}

/** Plain-object records, as JSON.parse builds them. */
const PLAIN = { noNullPrototype: true } as const;

const TOKEN_CHARACTERS = [...'abcdefghijklmnopqrstuvwxyz0123456789'];

/** Lower-case letters and digits: accepted by any string attribute, and equal under any case rule. */
export function tokenArbitrary(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.string({ unit: fc.constantFrom(...TOKEN_CHARACTERS), maxLength: 9 }))
    .map(([first, rest]) => first + rest);
}

/** Whether a client can write the attribute at all (RFC 7643 §7 mutability). */
export function isClientWritable(attribute: AttributeDefinition): boolean {
  const mutability = attribute.mutability ?? 'readWrite';
  return mutability === 'readWrite' || mutability === 'immutable';
}

/**
 * A `$ref` that names another SCIM resource (referenceTypes such as "User") makes its complex value
 * a link to a resource the generator cannot invent, like a group member or a manager.
 */
function linksToResources(attribute: AttributeDefinition): boolean {
  return (attribute.subAttributes ?? []).some(
    (sub) => sub.type === 'reference' && (sub.referenceTypes ?? []).some((kind) => kind !== 'external' && kind !== 'uri'),
  );
}

/** Whether the generator can produce values of the attribute (and so whether resources carry it). */
export function isGeneratable(attribute: AttributeDefinition): boolean {
  if (!isClientWritable(attribute)) return false;
  // An advertised but empty list of canonical values leaves no value the server is sure to accept.
  if (attribute.canonicalValues?.length === 0) return false;
  if (attribute.type === 'reference') return (attribute.referenceTypes ?? ['external']).some((kind) => kind === 'external' || kind === 'uri');
  if (attribute.type !== 'complex') return true;
  if (linksToResources(attribute)) return false;
  return (attribute.subAttributes ?? []).some(isGeneratable);
}

function scalarArbitrary(attribute: AttributeDefinition, options: GenerateOptions): fc.Arbitrary<JsonValue> {
  switch (attribute.type) {
    case 'string': {
      const unique = attribute.uniqueness === 'server' || attribute.uniqueness === 'global';
      if (unique) return tokenArbitrary().map((token) => `${options.uniquePrefix}-${token}`);
      const canonical = attribute.canonicalValues ?? [];
      return canonical.length > 0 ? fc.constantFrom(...canonical) : tokenArbitrary();
    }
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: -1_000_000, max: 1_000_000 });
    case 'decimal':
      // Never integral, so that a server cannot store it as an integer unnoticed.
      return fc.integer({ min: -1_000_000, max: 1_000_000 }).map((whole) => whole + 0.5);
    case 'dateTime':
      // Whole seconds in UTC: the form every server writes back as it was sent.
      return fc.integer({ min: 946_684_800, max: 4_102_444_799 }).map((seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));
    case 'binary':
      return fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('base64'));
    case 'reference':
      return tokenArbitrary().map((token) => `https://example.com/${token}`);
    case 'complex':
      throw new Error(`${attribute.name} is complex: use complexValueArbitrary`);
  }
}

function complexValueArbitrary(attribute: AttributeDefinition, path: string, options: GenerateOptions): fc.Arbitrary<JsonObject> {
  const subAttributes = (attribute.subAttributes ?? []).filter(isGeneratable);
  const model: Record<string, fc.Arbitrary<JsonValue>> = {};
  for (const sub of subAttributes) model[sub.name] = valueArbitrary(sub, `${path}.${sub.name}`, options);
  const requiredKeys = subAttributes.filter((sub) => sub.required === true).map((sub) => sub.name);
  // An empty complex value is the same as none (RFC 7643 §2.5), and `primary` alone says nothing: some other sub-attribute is set.
  return fc.record(model, { ...PLAIN, requiredKeys }).filter((value) => Object.keys(value).some((name) => name !== 'primary'));
}

/**
 * The forms RFC 7643 §4.1.2 gives values of the User's strings (an e-mail address per RFC 5321, a phone
 * number per RFC 3966, an ISO 3166 country, a BCP 47 language tag, an IANA time zone), by path: servers
 * rightly refuse a random token there. An e-mail address carries the unique prefix, since tenants often
 * hold one per user.
 */
const VALUE_FORMS: Readonly<Record<string, (options: GenerateOptions) => fc.Arbitrary<JsonValue>>> = {
  'emails.value': (options) => tokenArbitrary().map((token) => `${options.uniquePrefix}-${token}@${options.emailDomain ?? 'example.com'}`),
  'phoneNumbers.value': () => fc.integer({ min: 0, max: 9999 }).map((line) => `tel:+1-201-555-${String(line).padStart(4, '0')}`),
  'addresses.country': () => fc.constantFrom('US', 'DE', 'FR', 'GB', 'JP'),
  preferredLanguage: () => fc.constantFrom('en-US', 'de-DE', 'fr'),
  locale: () => fc.constantFrom('en-US', 'de-DE', 'fr-FR'),
  timezone: () => fc.constantFrom('America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo'),
};

/** One value of the attribute (one element when it is multi-valued). */
export function valueArbitrary(attribute: AttributeDefinition, path: string, options: GenerateOptions): fc.Arbitrary<JsonValue> {
  const override = options.overrides?.[path];
  if (override !== undefined) return override;
  const form = attribute.type === 'string' && (attribute.canonicalValues ?? []).length === 0 ? VALUE_FORMS[path] : undefined;
  if (form !== undefined) return form(options);
  return attribute.type === 'complex' ? complexValueArbitrary(attribute, path, options) : scalarArbitrary(attribute, options);
}

/**
 * Values of one attribute as a client writes them: one value, or for a multi-valued attribute an
 * array of one to three distinct values of which at most one is primary (RFC 7643 §2.4).
 */
export function attributeValueArbitrary(attribute: AttributeDefinition, path: string, options: GenerateOptions): fc.Arbitrary<JsonValue> {
  const single = valueArbitrary(attribute, path, options);
  if (!attribute.multiValued) return single;
  const values = fc.uniqueArray(single, { minLength: 1, maxLength: 3, selector: (value) => JSON.stringify(withoutPrimary(value)) });
  const hasPrimary = (attribute.subAttributes ?? []).some((sub) => sub.name === 'primary' && sub.type === 'boolean' && isClientWritable(sub));
  if (!hasPrimary) return values;
  return fc.tuple(values, fc.nat()).map(([items, choice]) => {
    const primaryIndex = choice % (items.length + 1);
    return items.map((item, index) => {
      const rest = withoutPrimary(item);
      return index === primaryIndex && isJsonObject(rest) ? { ...rest, primary: true } : rest;
    });
  });
}

function withoutPrimary(value: JsonValue): JsonValue {
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== 'primary'));
}

/** The attributes of one schema a generated resource may carry: required ones always, others maybe. */
function attributesArbitrary(schema: SchemaDefinition, prefix: string, options: GenerateOptions): fc.Arbitrary<JsonObject> {
  const model: Record<string, fc.Arbitrary<JsonValue>> = {};
  const requiredKeys: string[] = [];
  for (const attribute of schema.attributes) {
    const path = `${prefix}${attribute.name}`;
    if (!isGeneratable(attribute) && options.overrides?.[path] === undefined) {
      if (attribute.required === true) throw new Error(`cannot generate the required attribute ${path}: give an override`);
      continue;
    }
    model[attribute.name] = attributeValueArbitrary(attribute, path, options);
    if (attribute.required === true) requiredKeys.push(attribute.name);
  }
  return fc.record(model, { ...PLAIN, requiredKeys });
}

/**
 * Resources of a resource type: its core schema's attributes and, for each extension that is
 * required or drawn, that extension's attributes under its URN, with `schemas` listing what is used.
 */
export function resourceArbitrary(core: SchemaDefinition, extensions: ReadonlyArray<{ schema: SchemaDefinition; required: boolean }>, options: GenerateOptions): fc.Arbitrary<JsonObject> {
  const extensionArbitraries = extensions.map(({ schema, required }) => {
    const attributes = attributesArbitrary(schema, `${schema.id}:`, options).filter((value) => !required || Object.keys(value).length > 0);
    return required ? attributes : fc.option(attributes, { nil: undefined });
  });
  return fc.tuple(attributesArbitrary(core, '', options), fc.tuple(...extensionArbitraries)).map(([coreValues, extensionValues]) => {
    const schemas = [core.id];
    const resource: JsonObject = { schemas, ...coreValues };
    extensionValues.forEach((values, index) => {
      const extension = extensions[index];
      if (extension === undefined || values === undefined || Object.keys(values).length === 0) return;
      resource[extension.schema.id] = values;
      schemas.push(extension.schema.id);
    });
    return resource;
  });
}

export interface MinimalResourceOptions extends GenerateOptions {
  /** The value of a required single-valued string without canonical values: a unique, prefixed name. */
  name: (path: string) => string;
  /** Draws every other required value, so that a run's seed replays it. */
  seed: number;
}

/**
 * The smallest resource a resource type takes: the client-writable required attributes of its core
 * schema and of its required extensions, and nothing else. Throws when a required attribute cannot be
 * generated (give an override).
 */
export function minimalResource(core: SchemaDefinition, extensions: ReadonlyArray<{ schema: SchemaDefinition; required: boolean }>, options: MinimalResourceOptions): JsonObject {
  const requiredValues = (schema: SchemaDefinition, prefix: string): JsonObject => {
    const values: JsonObject = {};
    for (const attribute of schema.attributes) {
      if (attribute.required !== true || !isClientWritable(attribute)) continue;
      const path = `${prefix}${attribute.name}`;
      const override = options.overrides?.[path];
      if (override === undefined && !isGeneratable(attribute)) throw new Error(`cannot generate the required attribute ${path}: give an override`);
      const named = override === undefined && attribute.type === 'string' && !attribute.multiValued && (attribute.canonicalValues ?? []).length === 0;
      const [drawn] = named ? [options.name(path)] : fc.sample(attributeValueArbitrary(attribute, path, options), { seed: options.seed, numRuns: 1 });
      if (drawn !== undefined) values[attribute.name] = drawn;
    }
    return values;
  };
  const resource: JsonObject = { schemas: [core.id], ...requiredValues(core, '') };
  for (const { schema } of extensions.filter(({ required }) => required)) {
    resource[schema.id] = requiredValues(schema, `${schema.id}:`);
    resource.schemas = [...(Array.isArray(resource.schemas) ? resource.schemas : []), schema.id];
  }
  return resource;
}
