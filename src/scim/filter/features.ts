/**
 * The parts of the filter language a filter uses: its operators, its connectives, value filters and the
 * attributes it compares. A server may support filtering and still decline some of these with 400
 * invalidFilter (RFC 7644 §3.4.2.2, Table 9: "the specified attribute and filter comparison combination is
 * not supported"), so a client learns which, and sends only filters made of the parts it serves.
 */
import type { AttributePath, CompareOperator, Filter } from './ast.js';

export type FilterFeature =
  | { kind: 'operator'; operator: CompareOperator | 'pr' }
  | { kind: 'connective'; connective: 'and' | 'or' | 'not' }
  | { kind: 'value filter' }
  /** `path` is lower case and dotted, without its schema URN: names compare case-insensitively. */
  | { kind: 'attribute'; path: string };

/** A feature as text, the same for every filter that uses it: `operator sw`, `and`, `value filter`, `attribute name.givenname`. */
export function featureKey(feature: FilterFeature): string {
  switch (feature.kind) {
    case 'operator':
      return `operator ${feature.operator}`;
    case 'connective':
      return feature.connective;
    case 'value filter':
      return 'value filter';
    case 'attribute':
      return `attribute ${feature.path}`;
  }
}

/** The attribute a path names, as the attribute feature holds it. */
export function attributeFeature(path: AttributePath): FilterFeature {
  const dotted = path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  return { kind: 'attribute', path: dotted.toLowerCase() };
}

/** Every feature the filter uses, each once. Inside a value filter, attributes are named with their parent's path (`emails.type`). */
export function filterFeatures(filter: Filter): FilterFeature[] {
  const found = new Map<string, FilterFeature>();
  const add = (feature: FilterFeature): void => {
    found.set(featureKey(feature), feature);
  };
  const visit = (node: Filter, parent: AttributePath | undefined): void => {
    const within = (path: AttributePath): AttributePath =>
      parent === undefined ? path : { attribute: parent.attribute, subAttribute: path.attribute };
    switch (node.kind) {
      case 'compare':
        add({ kind: 'operator', operator: node.op });
        add(attributeFeature(within(node.path)));
        return;
      case 'present':
        add({ kind: 'operator', operator: 'pr' });
        add(attributeFeature(within(node.path)));
        return;
      case 'and':
      case 'or':
        add({ kind: 'connective', connective: node.kind });
        visit(node.left, parent);
        visit(node.right, parent);
        return;
      case 'not':
        add({ kind: 'connective', connective: 'not' });
        visit(node.filter, parent);
        return;
      case 'valuePath':
        add({ kind: 'value filter' });
        visit(node.filter, node.path);
        return;
    }
  };
  visit(filter, undefined);
  return [...found.values()];
}

/**
 * Whether every resource the filter can match holds a value that contains `marker` (compared without case):
 * a comparison with eq, co, sw or ew on a string that contains it; an `and` with such a side; an `or` whose
 * sides both are; a value filter whose inner filter is. Where each resource of a run carries its run's
 * marker in a value, such a filter selects among the run's own resources alone, with no other condition.
 */
export function selectsByMarker(filter: Filter, marker: string): boolean {
  const lowered = marker.toLowerCase();
  switch (filter.kind) {
    case 'compare':
      return ['eq', 'co', 'sw', 'ew'].includes(filter.op) && typeof filter.value === 'string' && filter.value.toLowerCase().includes(lowered);
    case 'present':
    case 'not':
      return false;
    case 'and':
      return selectsByMarker(filter.left, marker) || selectsByMarker(filter.right, marker);
    case 'or':
      return selectsByMarker(filter.left, marker) && selectsByMarker(filter.right, marker);
    case 'valuePath':
      return selectsByMarker(filter.filter, marker);
  }
}
