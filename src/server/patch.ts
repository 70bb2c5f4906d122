/**
 * PATCH (RFC 7644 §3.5.2): parses a PatchOp message and applies its operations in order to a copy of
 * a resource's data, so that a failing operation leaves the stored resource untouched.
 *
 * Choices where the RFC leaves room:
 * - `op` is matched case-insensitively (some identity providers send "Replace");
 * - `remove` with a value filter that matches nothing succeeds and changes nothing (the §3.5.2.2
 *   example text; Table 9's noTarget is kept for `replace`);
 * - `add` with a value filter that matches nothing creates the value when the filter is a
 *   conjunction of `eq` comparisons (`emails[type eq "work"].value`), otherwise it is noTarget;
 * - a sub-attribute of a multi-valued attribute without a filter (`emails.display`) addresses that
 *   sub-attribute of every value;
 * - `remove` of a multi-valued attribute with a `value` (as some identity providers send to drop one
 *   member) removes the values that `value` describes rather than all of them;
 * - writing a readOnly attribute's current value is not a change and is accepted (clients echo `id`).
 */
import { FilterSyntaxError, parseFilter, type Filter } from '../scim/filter/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { URN } from '../scim/urns.js';
import { parseAttributeName } from './attribute-names.js';
import { badRequest, ScimError } from './errors.js';
import { compileValueFilter, type Predicate } from './filter-evaluator.js';
import { cloneJson, jsonEqual } from './json-values.js';
import type { QuirkSet } from './quirks.js';
import { normaliseSingleValue, normaliseValue } from './resource-input.js';
import { findAttribute, resolveAttribute, type Attribute, type LoadedSchema, type ResourceModel } from './schema-registry.js';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: JsonValue;
}

/**
 * Reads the operations of a PatchOp message; 400 invalidValue when it is not one (RFC 7644 Table 9 gives
 * invalidSyntax to POST and PUT only). An operation a quirk skips is left out.
 */
export function parsePatchRequest(body: JsonValue, quirks: QuirkSet): PatchOperation[] {
  if (!isJsonObject(body)) throw badRequest('invalidValue', 'a PATCH body is a JSON object');
  const schemas = memberOf(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.patchOp.toLowerCase())) {
    if (!quirks.has('patch-schemas-optional')) throw badRequest('invalidValue', `"schemas" must hold ${URN.patchOp}`);
  }
  const operations = memberOf(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    if (quirks.has('patch-empty-operations-accepted')) return [];
    throw badRequest('invalidValue', '"Operations" must be an array of one or more operations');
  }
  return operations.flatMap((operation, index): PatchOperation[] => {
    const where = `Operations[${index}]`;
    if (!isJsonObject(operation)) throw badRequest('invalidValue', `${where} is not an object`);
    const op = memberOf(operation, 'op');
    const lower = typeof op === 'string' ? op.toLowerCase() : undefined;
    if (lower !== 'add' && lower !== 'remove' && lower !== 'replace') {
      if (quirks.has('patch-unknown-op-ignored')) return [];
      throw badRequest('invalidValue', `${where}.op must be "add", "remove" or "replace", not ${JSON.stringify(op ?? null)}`);
    }
    const path = memberOf(operation, 'path');
    if (path !== undefined && typeof path !== 'string') throw badRequest('invalidPath', `${where}.path must be a string`);
    const value = memberOf(operation, 'value');
    if (lower !== 'remove' && value === undefined) {
      if (lower === 'add' && quirks.has('patch-add-without-value-ignored')) return [];
      throw badRequest('invalidValue', `${where}: "${lower}" needs a value`);
    }
    const parsed: PatchOperation = { op: lower };
    if (path !== undefined) parsed.path = path;
    if (value !== undefined) parsed.value = value;
    return [parsed];
  });
}

function memberOf(object: JsonObject, name: string): JsonValue | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

interface AttributeTarget {
  kind: 'attribute';
  extension: string | undefined;
  attribute: Attribute;
  subAttribute: Attribute | undefined;
  valueFilter: { filter: Filter; matches: Predicate } | undefined;
  text: string;
}

type PatchTarget = AttributeTarget | { kind: 'extension'; extension: LoadedSchema; text: string };

/**
 * Applies the operations to a copy of `data` and returns it. `current` is the resource's full
 * representation, which holds the readOnly values a client may echo.
 */
export function applyPatch(model: ResourceModel, data: JsonObject, current: JsonObject, operations: readonly PatchOperation[], quirks: QuirkSet): JsonObject {
  const patcher = new Patcher(model, cloneJson(data), current, quirks);
  for (const operation of operations) patcher.apply(operation);
  return patcher.data;
}

const invalidPath = (detail: string): ScimError => badRequest('invalidPath', detail);
const mutability = (detail: string): ScimError => badRequest('mutability', detail);

class Patcher {
  constructor(
    private readonly model: ResourceModel,
    readonly data: JsonObject,
    private readonly current: JsonObject,
    private readonly quirks: QuirkSet,
  ) {}

  apply(operation: PatchOperation): void {
    const { op, path, value } = operation;
    if (path === undefined) {
      if (op === 'remove') {
        if (this.quirks.has('patch-remove-without-path-ignored')) return;
        throw badRequest('noTarget', 'remove needs a "path"');
      }
      this.applyWithoutPath(op, value ?? null);
      return;
    }
    let target: PatchTarget;
    try {
      target = this.parseTarget(path);
    } catch (error) {
      if (error instanceof ScimError && error.scimType === 'invalidPath' && this.quirks.has('patch-invalid-path-ignored')) return;
      if (error instanceof ScimError && error.scimType === 'invalidFilter' && this.quirks.has('patch-invalid-filter-ignored')) return;
      throw error;
    }
    if (op === 'remove') this.remove(target, value);
    else this.write(op, target, value ?? null);
  }

  /** add/replace without a path: each member of the value is an attribute to add or replace (§3.5.2.1, §3.5.2.3). */
  private applyWithoutPath(op: 'add' | 'replace', value: JsonValue): void {
    if (!isJsonObject(value)) {
      if (this.quirks.has('patch-path-less-value-ignored')) return;
      throw badRequest('invalidValue', `${op} without a path needs an object of attributes as its value`);
    }
    for (const [key, memberValue] of Object.entries(value)) {
      this.write(op, this.parseName(key, () => badRequest('invalidSyntax', `a ${this.model.name} has no attribute "${key}"`)), memberValue);
    }
  }

  private parseTarget(path: string): PatchTarget {
    const open = path.indexOf('[');
    if (open < 0) {
      if (path.includes(']')) throw invalidPath(`"${path}" is not a valid path`);
      return this.withExactCase(this.parseName(path, () => invalidPath(`"${path}" does not name an attribute of a ${this.model.name}`)), path);
    }
    const close = path.lastIndexOf(']');
    if (close < open) throw invalidPath(`"${path}": the value filter has no closing bracket`);
    const suffix = path.slice(close + 1);
    if (suffix !== '' && !/^\.(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/.test(suffix)) {
      throw invalidPath(`"${path}": only a sub-attribute may follow the value filter`);
    }
    const base = this.withExactCase(this.parseName(path.slice(0, open), () => invalidPath(`"${path}" does not name an attribute of a ${this.model.name}`)), path);
    if (base.kind !== 'attribute' || base.subAttribute !== undefined || base.attribute.type !== 'complex' || !base.attribute.multiValued) {
      throw invalidPath(`"${path}": a value filter applies to a multi-valued complex attribute`);
    }
    const inner = path.slice(open + 1, close);
    if (/^\s*\d+\s*$/.test(inner)) throw invalidPath(`"${path}": SCIM paths have no array indexes`);
    let filter: Filter;
    try {
      filter = parseFilter(inner);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw badRequest('invalidFilter', `"${path}": ${error.message}`);
      throw error;
    }
    const matches = compileValueFilter(filter, base.attribute);
    let subAttribute: Attribute | undefined;
    if (suffix !== '') {
      subAttribute = findAttribute(base.attribute.subAttributes, suffix.slice(1));
      if (subAttribute === undefined) throw invalidPath(`"${path}": ${base.attribute.name} has no sub-attribute "${suffix.slice(1)}"`);
    }
    return { ...base, subAttribute, valueFilter: { filter, matches }, text: path };
  }

  private parseName(text: string, unknown: () => ScimError): PatchTarget {
    const parsed = parseAttributeName(text, this.model);
    if (parsed === undefined) throw unknown();
    if (parsed.kind === 'extension') {
      const extension = this.model.extensions.find((e) => e.id === parsed.urn);
      if (extension === undefined) throw unknown();
      return { kind: 'extension', extension, text };
    }
    const resolved = resolveAttribute(this.model, parsed.reference);
    if (resolved === undefined) throw unknown();
    if (resolved.extension !== undefined && parsed.reference.schema === undefined && !this.hadSchema(resolved.extension)) {
      if (this.quirks.has('patch-schemas-change-unseen')) throw unknown();
    }
    return { kind: 'attribute', extension: resolved.extension, attribute: resolved.attribute, subAttribute: resolved.subAttribute, valueFilter: undefined, text };
  }

  /** Whether the resource listed the schema in `schemas` before the PATCH. */
  private hadSchema(urn: string): boolean {
    const schemas = this.current.schemas;
    return Array.isArray(schemas) && schemas.some((listed) => typeof listed === 'string' && listed.toLowerCase() === urn.toLowerCase());
  }

  /** The target, unless a quirk holds the path's attribute names to the case the schema writes them in. */
  private withExactCase(target: PatchTarget, path: string): PatchTarget {
    if (target.kind !== 'attribute') return target;
    const names = [target.attribute.name, ...(target.subAttribute === undefined ? [] : [target.subAttribute.name])];
    if (names.every((name) => path.includes(name)) || !this.quirks.has('patch-path-case-sensitive')) return target;
    throw invalidPath(`"${path}" does not name an attribute of a ${this.model.name}`);
  }

  private container(extension: string | undefined): JsonObject {
    if (extension === undefined) return this.data;
    const existing = this.data[extension];
    if (isJsonObject(existing)) return existing;
    const created: JsonObject = {};
    this.data[extension] = created;
    return created;
  }

  private read(target: AttributeTarget): JsonValue | undefined {
    const container = target.extension === undefined ? this.data : this.data[target.extension];
    return isJsonObject(container) ? container[target.attribute.name] : undefined;
  }

  private store(target: AttributeTarget, value: JsonValue | undefined): void {
    const container = this.container(target.extension);
    if (value === undefined) delete container[target.attribute.name];
    else container[target.attribute.name] = value;
    if (target.extension !== undefined && Object.keys(container).length === 0) delete this.data[target.extension];
  }

  /** The readOnly value the client can see, which it may write back unchanged. */
  private currentValue(target: AttributeTarget): JsonValue | undefined {
    const container = target.extension === undefined ? this.current : this.current[target.extension];
    if (!isJsonObject(container)) return undefined;
    const value = container[target.attribute.name];
    if (target.subAttribute === undefined || !isJsonObject(value)) return value;
    return value[target.subAttribute.name];
  }

  private write(op: 'add' | 'replace', target: PatchTarget, value: JsonValue): void {
    if (target.kind === 'extension') {
      if (!isJsonObject(value)) throw badRequest('invalidValue', `"${target.extension.id}" takes an object of its attributes`);
      for (const [name, attributeValue] of Object.entries(value)) {
        const attribute = findAttribute(target.extension.attributes, name);
        if (attribute === undefined) throw badRequest('invalidSyntax', `${target.extension.id} has no attribute "${name}"`);
        this.write(op, { kind: 'attribute', extension: target.extension.id, attribute, subAttribute: undefined, valueFilter: undefined, text: `${target.extension.id}:${attribute.name}` }, attributeValue);
      }
      return;
    }
    const { attribute, subAttribute, valueFilter } = target;
    if (attribute.name === 'password' && this.quirks.has('password-patch-refused')) throw mutability(`${target.text} cannot be changed by PATCH`);
    if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') {
      if (valueFilter === undefined && jsonEqual(this.currentValue(target), value)) return;
      if (this.quirks.has('patch-read-only-ignored')) return;
      throw mutability(`${target.text} is readOnly`);
    }
    if (valueFilter !== undefined) {
      this.writeFiltered(op, target, valueFilter, value);
      return;
    }
    if (subAttribute !== undefined) {
      this.writeSubAttribute(target, subAttribute, value);
      return;
    }
    const existing = this.read(target);
    if (op === 'replace' && existing === undefined && this.quirks.has('patch-replace-missing-ignored')) return;
    if (attribute.multiValued) {
      const incoming = normaliseValue(attribute, Array.isArray(value) ? value : [value], target.text);
      const added = Array.isArray(incoming) ? incoming : [];
      if (op === 'replace' || this.addReplaces(attribute, existing)) {
        this.checkImmutable(attribute, existing, incoming, target.text);
        this.storeAndRequire(target, incoming);
        this.resetOtherPrimaries(target, added);
        return;
      }
      if (added.length === 0) throw badRequest('invalidValue', `${target.text}: add needs at least one value`);
      const values = Array.isArray(existing) ? [...existing] : [];
      const fresh = added.filter((v) => !values.some((e) => jsonEqual(e, v)));
      this.store(target, [...values, ...fresh]);
      this.resetOtherPrimaries(target, fresh);
      return;
    }
    if (attribute.type === 'complex') {
      if (value === null && op === 'replace') {
        this.checkImmutable(attribute, existing, undefined, target.text);
        this.storeAndRequire(target, undefined);
        return;
      }
      const incoming = normaliseSingleValue(attribute, value, target.text);
      const merged = { ...(isJsonObject(existing) ? existing : {}), ...(isJsonObject(incoming) ? incoming : {}) };
      for (const sub of attribute.subAttributes) {
        if (isJsonObject(existing)) this.checkImmutable(sub, existing[sub.name], merged[sub.name], `${target.text}.${sub.name}`);
      }
      this.store(target, Object.keys(merged).length === 0 ? undefined : merged);
      return;
    }
    const incoming = normaliseValue(attribute, value, target.text);
    if (incoming === undefined && op === 'add') throw badRequest('invalidValue', `${target.text}: add needs a value`);
    this.checkImmutable(attribute, existing, incoming, target.text);
    this.storeAndRequire(target, incoming);
  }

  /** Whether a quirk makes this add to a multi-valued attribute that has values replace them instead. */
  private addReplaces(attribute: Attribute, existing: JsonValue | undefined): boolean {
    if (attribute.name === 'members') return this.quirks.has('group-member-add-replaces');
    return this.model.name === 'User' && Array.isArray(existing) && existing.length > 0 && this.quirks.has('patch-add-replaces-values');
  }

  private writeSubAttribute(target: AttributeTarget, subAttribute: Attribute, value: JsonValue): void {
    const incoming = normaliseValue(subAttribute, value, target.text);
    const existing = this.read(target);
    if (target.attribute.multiValued) {
      const values = Array.isArray(existing) ? existing : [];
      if (values.length === 0) throw badRequest('noTarget', `${target.text}: ${target.attribute.name} has no values`);
      const updated = values.map((element) => this.withSubAttribute(element, subAttribute, incoming, target.text));
      this.store(target, updated);
      if (subAttribute.name === 'primary' && incoming === true) this.resetOtherPrimaries(target, updated.slice(-1));
      return;
    }
    const updated = this.withSubAttribute(existing ?? {}, subAttribute, incoming, target.text);
    this.store(target, isJsonObject(updated) && Object.keys(updated).length === 0 ? undefined : updated);
  }

  private withSubAttribute(element: JsonValue, subAttribute: Attribute, value: JsonValue | undefined, where: string): JsonValue {
    const object = isJsonObject(element) ? { ...element } : {};
    this.checkImmutable(subAttribute, object[subAttribute.name], value, where);
    if (value === undefined) {
      if (subAttribute.required) throw mutability(`${where} is required`);
      delete object[subAttribute.name];
    } else object[subAttribute.name] = value;
    return object;
  }

  private writeFiltered(op: 'add' | 'replace', target: AttributeTarget, valueFilter: { filter: Filter; matches: Predicate }, value: JsonValue): void {
    const existing = this.read(target);
    const values = Array.isArray(existing) ? existing : [];
    const { subAttribute } = target;
    const incoming = subAttribute === undefined ? normaliseSingleValue(target.attribute, value, target.text) : normaliseValue(subAttribute, value, target.text);
    const touched: JsonValue[] = [];
    const updated = values.map((element) => {
      if (!isJsonObject(element) || !valueFilter.matches(element)) return element;
      if (touched.length > 0 && op === 'replace' && subAttribute === undefined && this.quirks.has('patch-replace-filter-first-only')) return element;
      let result: JsonValue;
      if (subAttribute === undefined) {
        if (!isJsonObject(incoming)) throw badRequest('invalidValue', `${target.text} takes an object of sub-attributes`);
        const merged = { ...element, ...incoming };
        for (const sub of target.attribute.subAttributes) this.checkImmutable(sub, element[sub.name], merged[sub.name], `${target.text}.${sub.name}`);
        result = merged;
      } else {
        result = this.withSubAttribute(element, subAttribute, incoming, target.text);
      }
      touched.push(result);
      return result;
    });
    if (touched.length === 0) {
      if (op === 'replace' && this.quirks.has('patch-no-target-ignored')) return;
      const created = op === 'add' ? valueFromEqualities(valueFilter.filter, target.attribute) : undefined;
      if (created === undefined) throw badRequest('noTarget', `${target.text} matches no value`);
      const element = subAttribute === undefined ? { ...created, ...(isJsonObject(incoming) ? incoming : {}) } : this.withSubAttribute(created, subAttribute, incoming, target.text);
      touched.push(element);
      updated.push(element);
    }
    this.store(target, updated);
    this.resetOtherPrimaries(target, touched);
  }

  private remove(target: PatchTarget, value: JsonValue | undefined): void {
    if (target.kind === 'extension') {
      for (const attribute of target.extension.attributes) {
        if (attribute.required) throw mutability(`${target.extension.id}:${attribute.name} is required`);
      }
      delete this.data[target.extension.id];
      const schemas = this.data.schemas;
      if (Array.isArray(schemas)) this.data.schemas = schemas.filter((urn) => urn !== target.extension.id);
      return;
    }
    const { attribute, subAttribute, valueFilter } = target;
    if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') {
      if (this.quirks.has('patch-read-only-ignored')) return;
      throw mutability(`${target.text} is readOnly`);
    }
    if (valueFilter !== undefined && attribute.name === 'members' && this.quirks.has('group-member-remove-ignored')) return;
    const existing = this.read(target);
    if (value !== undefined && attribute.multiValued && valueFilter === undefined && subAttribute === undefined) {
      this.removeValues(target, existing, value);
      return;
    }
    if (valueFilter === undefined && subAttribute === undefined) {
      if (attribute.required) throw mutability(`${target.text} is required`);
      this.checkImmutable(attribute, existing, undefined, target.text);
      this.store(target, undefined);
      return;
    }
    if (existing === undefined) return;
    const elements = Array.isArray(existing) ? existing : [existing];
    if (valueFilter !== undefined && subAttribute === undefined && this.removesEveryValue(attribute, elements, valueFilter.matches)) {
      this.storeAndRequire(target, undefined);
      return;
    }
    const selected = (element: JsonValue): boolean => valueFilter === undefined || (isJsonObject(element) && valueFilter.matches(element));
    const remaining: JsonValue[] = [];
    for (const element of elements) {
      if (!selected(element)) remaining.push(element);
      else if (subAttribute !== undefined) {
        const trimmed = this.withSubAttribute(element, subAttribute, undefined, target.text);
        if (isJsonObject(trimmed) && Object.keys(trimmed).length > 0) remaining.push(trimmed);
      }
    }
    if (remaining.length === 0 && attribute.required) throw mutability(`${target.text}: ${attribute.name} is required`);
    if (remaining.length === 0) this.store(target, undefined);
    else this.store(target, attribute.multiValued ? remaining : remaining[0]);
  }

  /**
   * Whether a quirk makes a remove through a value filter drop every value: a User's, whatever the filter
   * selects; a Group's members, when the filter selects none.
   */
  private removesEveryValue(attribute: Attribute, elements: readonly JsonValue[], matches: Predicate): boolean {
    if (attribute.name === 'members') {
      return !elements.some((element) => isJsonObject(element) && matches(element)) && this.quirks.has('group-remove-unmatched-clears');
    }
    return this.model.name === 'User' && this.quirks.has('patch-remove-filter-ignored');
  }

  /** Removes the values that match one of `given`: equal, or for complex values equal in every sub-attribute given. */
  private removeValues(target: AttributeTarget, existing: JsonValue | undefined, given: JsonValue): void {
    const selectors = normaliseValue(target.attribute, Array.isArray(given) ? given : [given], target.text);
    const values = Array.isArray(existing) ? existing : [];
    const described = (value: JsonValue, selector: JsonValue): boolean =>
      isJsonObject(value) && isJsonObject(selector)
        ? Object.entries(selector).every(([name, subValue]) => jsonEqual(value[name], subValue))
        : jsonEqual(value, selector);
    const remaining = values.filter((v) => !(Array.isArray(selectors) && selectors.some((s) => described(v, s))));
    if (remaining.length === values.length) return;
    this.storeAndRequire(target, remaining.length === 0 ? undefined : remaining);
  }

  /** Storing `value` (undefined: unassigning) must not leave a required attribute without one (§3.5.2.2). */
  private storeAndRequire(target: AttributeTarget, value: JsonValue | undefined): void {
    if (value === undefined && target.attribute.required) throw mutability(`${target.text} is required`);
    this.store(target, value);
  }

  /**
   * An immutable value, once set, cannot change (§3.5.2). Removing a whole value of a multi-valued
   * attribute whose sub-attributes are immutable (a group member) is not such a change.
   */
  private checkImmutable(attribute: Attribute, before: JsonValue | undefined, after: JsonValue | undefined, where: string): void {
    if (attribute.mutability !== 'immutable' || before === undefined || jsonEqual(before, after) || this.quirks.has('immutable-writable')) return;
    throw mutability(`${where} is immutable`);
  }

  /** Setting primary on some values unsets it on the others (§3.5.2). */
  private resetOtherPrimaries(target: AttributeTarget, touched: readonly JsonValue[]): void {
    if (this.quirks.has('primary-not-cleared') || !touched.some((v) => isJsonObject(v) && v.primary === true)) return;
    const values = this.read(target);
    if (!Array.isArray(values)) return;
    const winner = [...touched].reverse().find((v) => isJsonObject(v) && v.primary === true);
    this.store(
      target,
      values.map((v) => (v !== winner && isJsonObject(v) && v.primary === true ? { ...v, primary: false } : v)),
    );
  }
}

/** The value a filter of `eq` comparisons joined by `and` describes, or undefined for any other filter. */
function valueFromEqualities(filter: Filter, attribute: Attribute): JsonObject | undefined {
  if (filter.kind === 'and') {
    const left = valueFromEqualities(filter.left, attribute);
    const right = valueFromEqualities(filter.right, attribute);
    return left === undefined || right === undefined ? undefined : { ...left, ...right };
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.value === null) return undefined;
  const sub = findAttribute(attribute.subAttributes, filter.path.attribute);
  if (sub === undefined || sub.mutability === 'readOnly') return undefined;
  const value = normaliseValue(sub, filter.value, `${attribute.name}.${sub.name}`);
  return value === undefined ? undefined : { [sub.name]: value };
}
