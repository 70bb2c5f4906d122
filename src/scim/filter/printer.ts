/**
 * Prints filter ASTs in the strict canonical form the parser reads back to the same AST: single
 * spaces, `not (…)`, and parentheses only where precedence or left-associativity needs them.
 */
import { type AttributePath, type CompareValue, type Filter, type PatchPath, isAttributeName, isSchemaUri } from './ast.js';

export function printAttributePath(path: AttributePath): string {
  checkName(path.attribute, 'attribute');
  let text = path.attribute;
  if (path.schema !== undefined) {
    if (!isSchemaUri(path.schema)) throw new RangeError(`Cannot print filter: '${path.schema}' is not a schema URI`);
    text = `${path.schema}:${text}`;
  }
  if (path.subAttribute !== undefined) {
    checkName(path.subAttribute, 'sub-attribute');
    text = `${text}.${path.subAttribute}`;
  }
  return text;
}

/** The filter as text; throws RangeError for an AST no filter text can express. */
export function printFilter(filter: Filter): string {
  return print(filter, false);
}

export function printPatchPath(patchPath: PatchPath): string {
  const path = printAttributePath(patchPath.path);
  if (patchPath.kind === 'attribute') return path;
  const valuePath = `${path}[${print(patchPath.filter, true)}]`;
  if (patchPath.subAttribute === undefined) return valuePath;
  checkName(patchPath.subAttribute, 'sub-attribute');
  return `${valuePath}.${patchPath.subAttribute}`;
}

export function printCompareValue(value: CompareValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot print filter: ${value} is not a JSON number`);
    // JSON.stringify drops the sign of negative zero, which would not read back as the same value.
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

function print(filter: Filter, insideBrackets: boolean): string {
  switch (filter.kind) {
    case 'compare':
      return `${printAttributePath(filter.path)} ${filter.op} ${printCompareValue(filter.value)}`;
    case 'present':
      return `${printAttributePath(filter.path)} pr`;
    case 'not':
      return `not (${print(filter.filter, insideBrackets)})`;
    case 'and': {
      // `or` binds looser than `and`; a right-hand `and` needs grouping to stay right-nested.
      const left = print(filter.left, insideBrackets);
      const right = print(filter.right, insideBrackets);
      return `${filter.left.kind === 'or' ? `(${left})` : left} and ${isLogical(filter.right) ? `(${right})` : right}`;
    }
    case 'or': {
      const right = print(filter.right, insideBrackets);
      return `${print(filter.left, insideBrackets)} or ${filter.right.kind === 'or' ? `(${right})` : right}`;
    }
    case 'valuePath':
      if (insideBrackets) {
        throw new RangeError(
          `Cannot print filter: value path '${printAttributePath(filter.path)}[…]' is nested inside another value path`,
        );
      }
      return `${printAttributePath(filter.path)}[${print(filter.filter, true)}]`;
  }
}

function isLogical(filter: Filter): boolean {
  return filter.kind === 'and' || filter.kind === 'or';
}

function checkName(name: string, what: string): void {
  if (!isAttributeName(name)) throw new RangeError(`Cannot print filter: ${what} name '${name}' is not a valid ATTRNAME`);
}
