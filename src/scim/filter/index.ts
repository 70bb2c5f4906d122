/** The SCIM filter language: AST, parser, printer and the evaluation oracle. */
export {
  COMPARE_OPERATORS,
  isAttributeName,
  isCompareOperator,
  isSchemaUri,
  type AttributePath,
  type CompareFilter,
  type CompareOperator,
  type CompareValue,
  type Filter,
  type LogicalFilter,
  type NotFilter,
  type PatchPath,
  type PresentFilter,
  type ValuePathFilter,
} from './ast.js';
export { FilterSyntaxError, MAX_FILTER_DEPTH, PathSyntaxError, parseFilter, parsePatchPath } from './parser.js';
export { printAttributePath, printCompareValue, printFilter, printPatchPath } from './printer.js';
export { COMMON_ATTRIBUTES, createAttributeResolver, type AttributeResolver } from './resolver.js';
export { FilterSemanticError, checkFilter, isDecided, matchesFilter } from './evaluator.js';
export { compareCodePoints, compareInstants, parseDateTime, prepareString, type Instant } from './values.js';
