/**
 * fast-check arbitraries of PATCH programs (RFC 7644 §3.5.2) over a resource type's schemas: short
 * lists of add, replace and remove operations with and without a path, on simple, complex and
 * multi-valued attributes, sub-attributes, value filters such as `emails[type eq "work"].value`,
 * extension URN paths, primary values, and operations the RFC makes errors (an unknown path, removing
 * a required attribute, a filter that matches nothing).
 */
import fc from 'fast-check';
import { attributeValueArbitrary, isGeneratable, tokenArbitrary, valueArbitrary, type GenerateOptions } from './generate.js';
import { isJsonObject, type JsonValue } from './json.js';
import type { PatchOperation } from './patch.js';
import type { AttributeDefinition, SchemaDefinition } from './schema.js';

interface Located {
  definition: AttributeDefinition;
  /** The path of the attribute: its name, or for an extension attribute its URN-qualified name. */
  path: string;
  /** Its path relative to its schema, as generator overrides name it. */
  generatorPath: string;
  /** The extension URN holding it, if any. */
  extension: string | undefined;
}

function isUnique(definition: AttributeDefinition): boolean {
  return definition.uniqueness === 'server' || definition.uniqueness === 'global';
}

function subAttribute(definition: AttributeDefinition, name: string): AttributeDefinition | undefined {
  return (definition.subAttributes ?? []).find((sub) => sub.name === name && isGeneratable(sub));
}

/** Lists of one to six operations on resources of the type whose schemas are given. */
export function patchOperationsArbitrary(core: SchemaDefinition, extensions: readonly SchemaDefinition[], options: GenerateOptions): fc.Arbitrary<PatchOperation[]> {
  const located: Located[] = [
    ...core.attributes.map((definition) => ({ definition, path: definition.name, generatorPath: definition.name, extension: undefined })),
    ...extensions.flatMap((extension) =>
      extension.attributes.map((definition) => ({ definition, path: `${extension.id}:${definition.name}`, generatorPath: `${extension.id}:${definition.name}`, extension: extension.id }))),
  ];
  const writable = located.filter(({ definition }) => isGeneratable(definition) && !isUnique(definition));
  const value = (attribute: Located): fc.Arbitrary<JsonValue> => attributeValueArbitrary(attribute.definition, attribute.generatorPath, options);
  const kinds: Array<fc.WeightedArbitrary<PatchOperation>> = [];
  const addKind = (weight: number, arbitrary: fc.Arbitrary<PatchOperation> | undefined): void => {
    if (arbitrary !== undefined) kinds.push({ weight, arbitrary });
  };
  const oneOf = <T>(items: readonly T[], build: (item: T) => fc.Arbitrary<PatchOperation>): fc.Arbitrary<PatchOperation> | undefined =>
    items.length === 0 ? undefined : fc.oneof(...items.map(build));
  const oneOfLists = <T>(items: readonly T[], build: (item: T) => fc.Arbitrary<PatchOperation[]>): fc.Arbitrary<PatchOperation[]> | undefined =>
    items.length === 0 ? undefined : fc.oneof(...items.map(build));
  const opName = fc.constantFrom<'add' | 'replace'>('add', 'replace');

  // Whole attributes, through a path (URN-qualified for extensions) or as members of a path-less value.
  addKind(3, oneOf(writable, (attribute) => fc.record({ op: opName, path: fc.constant(attribute.path), value: value(attribute) })));
  addKind(2, oneOf(writable, (attribute) =>
    fc.record({ op: opName, value: value(attribute).map((generated) =>
      attribute.extension === undefined ? { [attribute.path]: generated } : { [attribute.extension]: { [attribute.definition.name]: generated } }) })));
  addKind(2, oneOf(located.filter(({ definition }) => isGeneratable(definition) || definition.required === true), (attribute) =>
    fc.constant<PatchOperation>({ op: 'remove', path: attribute.path })));

  // Sub-attributes of single-valued complex attributes.
  const complexSubs = writable
    .filter(({ definition }) => definition.type === 'complex' && !definition.multiValued)
    .flatMap((attribute) => (attribute.definition.subAttributes ?? []).filter(isGeneratable).map((sub) => ({ attribute, sub })));
  addKind(2, oneOf(complexSubs, ({ attribute, sub }) =>
    fc.oneof(
      fc.record({ op: opName, path: fc.constant(`${attribute.path}.${sub.name}`), value: attributeValueArbitrary(sub, `${attribute.generatorPath}.${sub.name}`, options) }),
      fc.constant<PatchOperation>({ op: 'remove', path: `${attribute.path}.${sub.name}` }),
    )));

  // Values of multi-valued complex attributes selected by a filter on their canonical type.
  const typed = writable.flatMap((attribute) => {
    const type = attribute.definition.multiValued ? subAttribute(attribute.definition, 'type') : undefined;
    const canonical = type?.canonicalValues ?? [];
    return canonical.length === 0 ? [] : [{ attribute, canonical }];
  });
  addKind(3, oneOf(typed, ({ attribute, canonical }) => {
    const selector = fc.constantFrom(...canonical).map((type) => `${attribute.path}[type eq ${JSON.stringify(type)}]`);
    const subs = (attribute.definition.subAttributes ?? []).filter((sub) => isGeneratable(sub) && sub.name !== 'type' && sub.name !== 'primary');
    const choices: Array<fc.Arbitrary<PatchOperation>> = [fc.record({ op: fc.constant<'remove'>('remove'), path: selector })];
    for (const sub of subs) {
      choices.push(fc.record({ op: fc.constant<'replace'>('replace'), path: selector.map((path) => `${path}.${sub.name}`), value: attributeValueArbitrary(sub, `${attribute.generatorPath}.${sub.name}`, options) }));
    }
    if (subAttribute(attribute.definition, 'primary') !== undefined) {
      // Making a value primary must take primary from the others (§3.5.2).
      choices.push(fc.record({ op: fc.constant<'replace'>('replace'), path: selector.map((path) => `${path}.primary`), value: fc.constant(true) }));
    }
    return fc.oneof(...choices);
  }));

  // Paths that name no attribute: 400 invalidPath (RFC 7644 Table 9).
  addKind(1, fc.record({ op: opName, path: tokenArbitrary().map((token) => `x${token}Unknown`), value: tokenArbitrary() }));

  const single = fc.oneof(...kinds).map((operation) => [operation]);
  // Two primary values added one after the other: the second takes primary from the first (§3.5.2).
  const withPrimary = writable.filter(({ definition }) => definition.multiValued && subAttribute(definition, 'primary') !== undefined);
  const primaryPair = oneOfLists(withPrimary, (attribute) => {
    const primaryValue = valueArbitrary(attribute.definition, attribute.generatorPath, options).map((generated) => (isJsonObject(generated) ? { ...generated, primary: true } : generated));
    return fc.tuple(primaryValue, primaryValue).map(([first, second]): PatchOperation[] => [
      { op: 'add', path: attribute.path, value: [first] },
      { op: 'add', path: attribute.path, value: [second] },
    ]);
  });
  const programs = primaryPair === undefined ? single : fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: primaryPair });
  return fc.array(programs, { minLength: 1, maxLength: 3 }).map((parts) => parts.flat());
}
