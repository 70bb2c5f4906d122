/**
 * A resource of any advertised resource type, built from what /Schemas publishes: the suites that
 * check every type (User, Group, a vendor's custom type) create their resources through it, so that
 * one rule decides what the smallest valid body of a type is.
 */
import { minimalResource } from '../scim/generate.js';
import type { JsonObject } from '../scim/json.js';
import type { ResourceTypeDefinition } from '../scim/schema.js';
import { applyTemplate } from '../scim/template.js';
import { URN } from '../scim/urns.js';
import type { CheckContext } from './suite.js';

/** One advertised resource type and the body a resource of it is created with. */
export interface Subject {
  type: ResourceTypeDefinition;
  body: JsonObject;
  /** A required string the body sets, by which a read is compared and a list is filtered (userName for a User). */
  naming: { name: string; value: string } | undefined;
}

/** What building a body needs: the advertised types and schemas, unique names, the configured templates and the run's seed. */
export type SubjectSource = Pick<CheckContext, 'capabilities' | 'schema' | 'uniqueName' | 'seed' | 'user' | 'template'>;

/** A subject for every advertised type whose body can be built, and why the others cannot. */
export interface Subjects {
  built: Subject[];
  unbuilt: string[];
}

/** The subjects of every advertised type, their unique values named under `<label>-<type>`. */
export function subjectsOf(source: SubjectSource, label: string): Subjects {
  const all = source.capabilities.resourceTypes.map((type) => subjectOf(source, type, `${label}-${type.name.toLowerCase()}`));
  return {
    built: all.filter((subject): subject is Subject => typeof subject !== 'string'),
    unbuilt: all.filter((subject): subject is string => typeof subject === 'string'),
  };
}

/** The built subjects; the check is skipped when there is none, with the reason. */
export function requireSubjects(t: Pick<CheckContext, 'skip'>, { built, unbuilt }: Subjects): Subject[] {
  if (built.length === 0) {
    t.skip(unbuilt.length === 0 ? 'the target advertises no resource type' : `no advertised resource type can be created: ${unbuilt.join('; ')}`);
  }
  return built;
}

/**
 * The smallest body of a type's resource (its required attributes, unique ones named under `label`),
 * or why none can be built from what /Schemas publishes.
 */
function subjectOf(source: SubjectSource, type: ResourceTypeDefinition, label: string): Subject | string {
  const core = source.schema(type.schema);
  if (core === undefined) {
    // A User needs only its userName, whether or not /Schemas describes it.
    if (type.schema.toLowerCase() !== URN.user.toLowerCase()) return `/Schemas does not describe ${type.schema}`;
    const body = source.user(label);
    return { type, body, naming: { name: 'userName', value: body.userName } };
  }
  const extensions = (type.schemaExtensions ?? []).flatMap(({ schema, required }) => {
    const definition = source.schema(schema);
    return definition === undefined ? [] : [{ schema: definition, required }];
  });
  let body: JsonObject;
  const name = source.uniqueName(label);
  try {
    body = applyTemplate(source.template(type.name), minimalResource(core, extensions, { uniquePrefix: name, name: () => name, seed: source.seed }), name);
  } catch (error) {
    return `${type.name}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const named = core.attributes.find((attribute) => attribute.required === true && typeof body[attribute.name] === 'string');
  const value = named === undefined ? undefined : body[named.name];
  return { type, body, naming: named === undefined || typeof value !== 'string' ? undefined : { name: named.name, value } };
}

/**
 * A subject of each advertised type whose body sets a required top-level attribute of its core schema,
 * with that attribute's name: what a write leaves out to be refused. Skips the check when no type has one.
 */
export function subjectsWithRequired(t: SubjectSource & Pick<CheckContext, 'skip'>, label: string): Array<{ subject: Subject; name: string }> {
  const cases = requireSubjects(t, subjectsOf(t, label)).flatMap((subject) => {
    const required = (t.schema(subject.type.schema)?.attributes ?? []).find((attribute) => attribute.required === true && subject.body[attribute.name] !== undefined);
    return required === undefined ? [] : [{ subject, name: required.name }];
  });
  if (cases.length === 0) t.skip('no advertised resource type has a required top-level attribute');
  return cases;
}
