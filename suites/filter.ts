/**
 * Filtering (RFC 7644 §3.4.2.2): the suite creates its own users and judges every filter it sends,
 * scoped to them, against the harness's oracle: random filters as a property, then fixed filters for
 * the rules servers most often get wrong, and malformed filters that must be refused.
 */
import { REFUSALS } from '../src/checks/refusals.js';
import type { Refusal } from '../src/http/exchange.js';
import { answered, answeredWithDetail, ConformanceFailure, failWithAll, verify, verifyScimType } from '../src/runner/failure.js';
import { batchArbitrary, checkProperty } from '../src/runner/property.js';
import { declinedParts, declinedPartsOfText, declinesFeature, describeDeclined, isLanguageFeature, probeFilterSupport } from '../src/runner/filter-support.js';
import { FilterDisagreement, inScope, readListAnswer, useQueryDataset, userAttributeResolver, verifyFilterResult, type QueryDataset } from '../src/runner/query-dataset.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { datasetFilterArbitrary, filterFields, type FilterField, type WeightedPath } from '../src/scim/filter/dataset-arbitrary.js';
import { selectsByMarker } from '../src/scim/filter/features.js';
import { matchesFilter, parseFilter, printAttributePath, printFilter, type AttributePath, type AttributeResolver, type Filter } from '../src/scim/filter/index.js';
import { getMember } from '../src/scim/json.js';
import { show, stringMember } from '../src/scim/messages.js';
import type { AttributeDefinition } from '../src/scim/schema.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const dataset = useQueryDataset(suite, 'filter', { scopedByValues: true });

function resolver(t: CheckContext): AttributeResolver {
  return userAttributeResolver(t.capabilities) ?? t.skip('the target does not publish the User schema, so the attribute types that decide a comparison are unknown');
}

/**
 * The attributes random filters compare: every type and case rule the dataset exercises. userName (what
 * identity providers filter on) and the multi-valued emails (where the any-value rule shows) weigh more.
 */
const FILTERED_PATHS: WeightedPath[] = [
  { path: { attribute: 'userName' }, weight: 3 },
  { path: { attribute: 'displayName' }, weight: 1 },
  { path: { attribute: 'nickName' }, weight: 1 },
  { path: { attribute: 'title' }, weight: 1 },
  { path: { attribute: 'userType' }, weight: 1 },
  { path: { attribute: 'externalId' }, weight: 2 },
  { path: { attribute: 'id' }, weight: 1 },
  { path: { attribute: 'active' }, weight: 1 },
  { path: { attribute: 'name', subAttribute: 'familyName' }, weight: 1 },
  { path: { attribute: 'name', subAttribute: 'givenName' }, weight: 1 },
  { path: { attribute: 'emails', subAttribute: 'value' }, weight: 4 },
  { path: { attribute: 'emails', subAttribute: 'type' }, weight: 4 },
  { path: { attribute: 'meta', subAttribute: 'created' }, weight: 1 },
];

/**
 * The filters of `texts` the check can judge on this target, each parsed; the others are named in the
 * check's note, and the check is skipped when none is left. A filter is left out when the target declined a
 * part of it (RFC 7644 Table 9 lets it; filter.advertised-filters-served reports that once), or when the
 * target declines the scope filter and the filter does not itself select by a value carrying the scope.
 */
function judgeable(t: CheckContext, users: QueryDataset, texts: readonly string[]): Array<[string, Filter]> {
  const kept: Array<[string, Filter]> = [];
  const left: string[] = [];
  for (const text of texts) {
    const filter = parseFilter(text);
    const parts = declinedParts(suite.filterSupport, filter);
    if (parts.length > 0) left.push(`${text} (the target declines ${parts.map((part) => part.feature).join(', ')}, as RFC 7644 Table 9 lets it)`);
    else if (users.scopeFilter === undefined && !selectsByMarker(filter, users.scope)) left.push(`${text} (nothing confines it to the suite's users: the target declines ${declinedScope(users)})`);
    else kept.push([text, filter]);
  }
  if (kept.length === 0) t.skip(`no filter of this check can be judged on this target: ${left.join('; ')}`);
  if (left.length > 0) t.note(`judged: ${kept.map(([text]) => text).join('; ')}. Not judged: ${left.join('; ')}`);
  return kept;
}

/** What the target declines that leaves a dataset without a scope filter. */
function declinedScope(users: QueryDataset): string {
  return declinesFeature(suite.filterSupport, 'and') ? 'the and that joins a scope filter to another' : `userName sw ${JSON.stringify(users.scope)}`;
}

/** Judges each filter text the target can be asked (judgeable) against the oracle, concurrently. */
async function verifyFilters(t: CheckContext, texts: string[]): Promise<void> {
  const users = dataset(t);
  const resolve = resolver(t);
  await Promise.all(judgeable(t, users, texts).map(([text, filter]) => verifyFilterResult(t.client, users, resolve, filter, text)));
}

/**
 * Filters per generated case. A single random filter touches one operator edge only now and then, so
 * each case sends a batch: a server that breaks one operator is caught within the default 100 cases, and
 * shrinking still ends at the one filter that disagrees.
 */
const FILTERS_PER_CASE = { minLength: 1, maxLength: 6 } as const;

/** The operands of an `and`, `or` or `not`: the parts a disagreement is narrowed to. */
function operands(filter: Filter): Filter[] {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return [filter.left, filter.right];
    case 'not':
      return [filter.filter];
    default:
      return [];
  }
}

/**
 * The narrowest part of a filter the server answers wrongly: the operands of a disagreeing `and`, `or` or
 * `not` are sent alone, and the first that disagrees is narrowed in turn. Where none does, the connective
 * itself is what the server gets wrong.
 */
async function narrowed(t: CheckContext, users: QueryDataset, resolve: AttributeResolver, disagreement: FilterDisagreement): Promise<FilterDisagreement> {
  const outcomes = await Promise.allSettled(operands(disagreement.filter).map((operand) => verifyFilterResult(t.client, users, resolve, operand, printFilter(operand))));
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue;
    if (!(outcome.reason instanceof FilterDisagreement)) throw outcome.reason;
    return narrowed(t, users, resolve, outcome.reason);
  }
  return disagreement;
}

/**
 * How a defect names the attribute a filter compares: `a caseExact:false string`, `a caseExact:false
 * string in a multi-valued complex attribute`.
 */
function attributeKind(resolve: AttributeResolver, path: AttributePath): string {
  const definition = resolve(path);
  if (definition === undefined) return 'an attribute the schema does not define';
  const caseRule = isTextual(definition) ? `caseExact:${definition.caseExact === true} ` : '';
  const container = path.subAttribute === undefined ? undefined : resolve({ ...path, subAttribute: undefined });
  const kind = `${definition.multiValued ? 'multi-valued ' : ''}${caseRule}${definition.type}`;
  const within = container === undefined ? '' : ` in a ${container.multiValued ? 'multi-valued ' : ''}complex attribute`;
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}${within}`;
}

function isTextual(definition: AttributeDefinition): boolean {
  return definition.type === 'string' || definition.type === 'reference';
}

/** The resolver with the case rule of every string reversed: how a server that gets caseExact wrong reads the schema. */
function caseRuleReversed(resolve: AttributeResolver): AttributeResolver {
  const reversed = (path: AttributePath): AttributeDefinition | undefined => {
    const definition = resolve(path);
    return definition !== undefined && isTextual(definition) ? { ...definition, caseExact: definition.caseExact !== true } : definition;
  };
  return Object.assign(reversed, { extensionOf: resolve.extensionOf });
}

/** Whether the users listed are those the comparison matches under the reversed case rule. */
function reversedCaseRuleLists(users: QueryDataset, resolve: AttributeResolver, comparison: Filter, listed: readonly string[]): boolean {
  const matched = users.users.filter((user) => matchesFilter(comparison, user.representation, caseRuleReversed(resolve)));
  return matched.length === listed.length && matched.every((user) => listed.includes(user.id));
}

/**
 * Whether a comparison's wrong list comes from the attribute's case rule read the other way round. Another
 * defect can list the same users (`co` read as `sw`), so an equality test with a held value in the other
 * case decides.
 */
async function breaksCaseRule(t: CheckContext, users: QueryDataset, resolve: AttributeResolver, fields: readonly FilterField[], disagreement: FilterDisagreement): Promise<boolean> {
  const { filter, listed } = disagreement;
  if (filter.kind !== 'compare' || listed === undefined || !reversedCaseRuleLists(users, resolve, filter, listed)) return false;
  const path = printAttributePath(filter.path);
  const held = fields.find((field) => printAttributePath(field.path) === path)?.values.find((value) => typeof value === 'string' && swapCase(value) !== value);
  if (typeof held !== 'string') return false;
  const probe: Filter = { kind: 'compare', path: filter.path, op: 'eq', value: swapCase(held) };
  try {
    await verifyFilterResult(t.client, users, resolve, probe, printFilter(probe));
    return false;
  } catch (error) {
    if (!(error instanceof FilterDisagreement)) throw error;
    return error.listed !== undefined && reversedCaseRuleLists(users, resolve, probe, error.listed);
  }
}

/** A filter the server answers wrongly, named by the defect it shows (see diagnosed). */
class FilterDefect extends ConformanceFailure {
  constructor(
    message: string,
    readonly defect: string,
    root?: string,
  ) {
    super(message, root);
  }
}

/**
 * The defect a disagreement shows, on its narrowest part. A wrong list is named by the operator and the
 * type of the attribute compared (`eq on a caseExact:false string`), or by the attribute's case rule when
 * that is what the server reads the wrong way round, whatever the operator, or by the connective. A filter
 * refused is named by the attribute type or connective and the status.
 */
async function diagnosed(t: CheckContext, users: QueryDataset, resolve: AttributeResolver, fields: readonly FilterField[], disagreement: FilterDisagreement): Promise<FilterDefect> {
  const narrowest = await narrowed(t, users, resolve, disagreement);
  const { filter, status, message } = narrowest;
  if (filter.kind === 'compare' || filter.kind === 'present' || filter.kind === 'valuePath') {
    const kind = attributeKind(resolve, filter.path);
    if (status !== 200) return new FilterDefect(message, `filters on ${kind} answered ${status}`, narrowest.root);
    if (await breaksCaseRule(t, users, resolve, fields, narrowest)) {
      return new FilterDefect(message, `${kind} compared case-${resolve(filter.path)?.caseExact === true ? 'insensitively' : 'sensitively'}`, narrowest.root);
    }
    const operator = filter.kind === 'compare' ? filter.op : filter.kind === 'present' ? 'pr' : 'a value filter';
    return new FilterDefect(message, `${operator} on ${kind}`, narrowest.root);
  }
  const connective = filter.kind === 'not' ? 'not around a filter answered right alone' : `${filter.kind} of filters each answered right alone`;
  return new FilterDefect(message, status === 200 ? connective : `${connective}, answered ${status}`, narrowest.root);
}

suite.check('filter.matches-oracle', async (t) => {
  const users = dataset(t);
  const resolve = resolver(t);
  if (users.scopeFilter === undefined) {
    t.skip(`random filters select users outside the suite's own unless a scope filter confines them, and the target declines ${declinedScope(users)}`);
  }
  const declined = suite.filterSupport.probes.filter((probe) => probe.declined);
  // Only what the target serves is generated from: a declined operator is reported once, by filter.advertised-filters-served.
  const fields = filterFields(users.users.map((user) => user.representation), resolve, FILTERED_PATHS);
  const served = (filter: Filter): boolean => declinedParts(suite.filterSupport, filter).length === 0;
  if (declined.length > 0) t.note(`random filters leave out what the target declines: ${declined.map((probe) => probe.feature).join(', ')}`);
  await checkProperty(
    t,
    batchArbitrary(datasetFilterArbitrary(fields), FILTERS_PER_CASE).map((filters) => filters.filter(served)),
    async (filters) => {
      const outcomes = await Promise.allSettled(filters.map(async (filter) => {
        try {
          await verifyFilterResult(t.client, users, resolve, filter, printFilter(filter));
        } catch (error) {
          throw error instanceof FilterDisagreement ? await diagnosed(t, users, resolve, fields, error) : error;
        }
      }));
      const rejections = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      // A failure is a verdict; an error only says nothing about its own filter.
      failWithAll(rejections.filter((reason) => reason instanceof ConformanceFailure));
      if (rejections.length > 0) throw rejections[0];
    },
    {
      describe: (filters) => filters.map(printFilter).join(' ; '),
      classify: (_filters, failure) => (failure instanceof FilterDefect ? failure.defect : failure.message),
    },
  );
});


suite.check('filter.advertised-filters-served', async (t) => {
  t.requireType(URN.user);
  if (!t.capabilities.filter.supported) t.skip('the target does not filter (/ServiceProviderConfig filter.supported, and a userName eq filter was not served)');
  // Asked again here, so that the check's evidence holds every question it judges and its answer.
  const { probes } = await probeFilterSupport(t.client, t.capabilities, suite.runPrefix, 'language');
  const [equality] = probes;
  if (equality === undefined || !(equality.served || equality.declined)) {
    t.skip(`the plain filter ${equality?.filter ?? 'userName eq'} was answered ${equality?.status ?? 'not at all'}, with neither a list nor a refusal of the filter: nothing shows what the target serves`);
  }
  const unanswered = probes.find((probe) => probe.status === 0);
  if (unanswered !== undefined) throw new Error(`no answer to ${unanswered.filter}: ${unanswered.detail ?? 'the request failed'}`);
  // Neither a list nor a refusal (a 500, a 404): not served either, and the error checks judge the answer itself.
  const unserved = probes.filter((probe) => !probe.served);
  verify(
    unserved.length === 0,
    `the target filters, yet does not serve ${describeDeclined(unserved)}. RFC 7644 §3.4.2.2 names the operators of Table 3 and the ` +
      'connectives of Table 4 as those a filter supports; Table 9 lets a server decline a combination it does not support, but ' +
      '/ServiceProviderConfig has only filter.supported, so a client learns what is missing only from the refusals',
  );
  const parts = suite.filterSupport.probes.filter((probe) => probe.declined && !isLanguageFeature(probe.feature));
  if (parts.length > 0) t.note(`declined, as RFC 7644 Table 9 allows for an attribute or a value filter: ${describeDeclined(parts)}`);
});

/** A user of the dataset by label. */
function user(users: QueryDataset, label: string): { id: string; userName: string } {
  const found = users.users.find((candidate) => candidate.label === label);
  const userName = found === undefined ? undefined : getMember(found.representation, 'userName');
  if (found === undefined || typeof userName !== 'string') throw new Error(`the dataset has no user ${label}`);
  return { id: found.id, userName };
}

suite.check('filter.attribute-names-case-insensitive', async (t) => {
  const alice = user(dataset(t), 'Alice');
  await verifyFilters(t, [
    `USERNAME eq ${JSON.stringify(alice.userName)}`,
    'TITLE eq "Engineer"',
    'DisplayName sw "Bob"',
    'userTYPE eq "Employee"',
  ]);
});

suite.check('filter.operators-case-insensitive', async (t) => {
  const alice = user(dataset(t), 'Alice');
  await verifyFilters(t, [
    `userName EQ ${JSON.stringify(alice.userName)}`,
    'title Eq "Engineer" AND title pR',
    'title Co "Eng"',
    'displayName eW "Smith"',
  ]);
});

suite.check('filter.case-insensitive-strings', async (t) => {
  const users = dataset(t);
  const alice = user(users, 'Alice');
  await verifyFilters(t, [
    `userName eq ${JSON.stringify(alice.userName.toUpperCase())}`,
    `userName eq ${JSON.stringify(alice.userName.toLowerCase())}`,
    'displayName eq "ALICE ADAMS"',
    // Alice's home address is ALICE@home.example.org.
    `emails.value eq ${JSON.stringify(inScope(users, 'alice@HOME.example.org'))}`,
  ]);
});

/** The text with the case of every letter swapped. */
function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

suite.check('filter.case-exact-strings', async (t) => {
  const users = dataset(t);
  const alice = user(users, 'Alice');
  const filters = ['ext-alice', 'ext-Alice'].map((value) => `externalId eq ${JSON.stringify(inScope(users, value))}`);
  filters.push(`externalId sw ${JSON.stringify(inScope(users, 'EXT'))}`);
  // Only an id with letters has another case to be confused with.
  if (swapCase(alice.id) !== alice.id) filters.push(`id eq ${JSON.stringify(swapCase(alice.id))}`, `id eq ${JSON.stringify(alice.id)}`);
  await verifyFilters(t, filters);
});

suite.check('filter.value-path-same-value', async (t) => {
  const users = dataset(t);
  // Value filters in queries are optional (RFC 7644 §3.4.2.2): a target that declines them is not judged (judgeable).
  // bob and carol have a home address at example.org and a work address elsewhere; Alice's home address
  // is there too, in capitals.
  await verifyFilters(t, [
    'emails[type eq "work" and value ew "example.org"]',
    'emails[type eq "home" and value ew "example.org"]',
    `emails[type eq "work" and value sw ${JSON.stringify(inScope(users, 'bob'))}]`,
    'emails[type eq "other" or primary eq true]',
  ]);
});

suite.check('filter.precedence', async (t) => {
  // Inactive: alicia and carol. Engineers: Alice and bob. Employees: Alice and alicia. So the first filter
  // matches alicia, carol and Alice, and read left to right it would match Alice and alicia only.
  await verifyFilters(t, [
    'active eq false or title eq "Engineer" and userType eq "Employee"',
    '(active eq false or title eq "Engineer") and userType eq "Employee"',
    'title eq "Engineer" and active eq true or displayName eq "Carol Ann"',
  ]);
});

suite.check('filter.urn-qualified-paths', async (t) => {
  const alice = user(dataset(t), 'Alice');
  const core = t.requireType(URN.user).schema;
  await verifyFilters(t, [
    `${core}:userName eq ${JSON.stringify(alice.userName)}`,
    `${core}:name.familyName sw "Adams"`,
    `${core.toUpperCase()}:title eq "Engineer"`,
  ]);
});

/**
 * Sends each filter (after the scope, or alone and for one result where the target declines the scope) and
 * fails unless every one gets 400 with scimType invalidFilter.
 */
async function verifyInvalidFilters(t: CheckContext, filters: string[], refusal: Refusal, why: string): Promise<void> {
  const users = dataset(t);
  const query = (filter: string): Record<string, string | number> =>
    users.scopeFilter === undefined ? { filter, count: 1 } : { filter: `${users.scopeFilter} and ${filter}` };
  const responses = await Promise.all(filters.map((filter) => t.client.get(users.endpoint, query(filter), { refusal })));
  for (const response of responses) {
    verify(response.status === 400, `${answered(response)}, expected 400 with scimType "invalidFilter": ${why}`);
    verifyScimType(response, 'invalidFilter', `(${why})`);
  }
}

suite.check('filter.malformed-invalid-filter', async (t) => {
  await verifyInvalidFilters(
    t,
    [
      'userName eq', 'userName eq "unterminated', '(userName eq "x"', 'userName eq "x" and', 'userName zz "x"', 'userName eq x y',
      '()', 'and', 'userName', 'eq "x"',
      'emails[type eq "work"', 'emails[]', 'emails[value[type eq "x"]]',
    ],
    REFUSALS.malformedFilter,
    'the filter does not follow the grammar of RFC 7644 §3.4.2.2 or names an operator it does not define',
  );
});

suite.check('filter.boolean-ordering-invalid-filter', async (t) => {
  const active = resolver(t)({ attribute: 'active' });
  if (active?.type !== 'boolean') t.skip('the User schema has no boolean attribute "active"');
  const declined = ['operator gt', 'operator le'].filter((feature) => declinesFeature(suite.filterSupport, feature));
  await verifyInvalidFilters(t, ['active gt true', 'active le false'], REFUSALS.booleanOrdered, 'RFC 7644 §3.4.2.2 Table 3 says ordering a boolean attribute fails with invalidFilter');
  // The answer is the one required, but it shows nothing about booleans where the operator is declined on every attribute.
  if (declined.length > 0) t.note(`the target declines ${declined.join(' and ')} on any attribute, so the refusal shows its operator support, not its boolean rule`);
});

/** The path of a binary attribute of the User schema or its extensions (x509Certificates.value in RFC 7643 §8.7.1), if any. */
function binaryPath(t: CheckContext): string | undefined {
  const userType = t.requireType(URN.user);
  for (const uri of [userType.schema, ...(userType.schemaExtensions ?? []).map((extension) => extension.schema)]) {
    const prefix = uri === userType.schema ? '' : `${uri}:`;
    for (const attribute of t.schema(uri)?.attributes ?? []) {
      if (attribute.type === 'binary') return `${prefix}${attribute.name}`;
      const sub = attribute.subAttributes?.find((candidate) => candidate.type === 'binary');
      if (sub !== undefined) return `${prefix}${attribute.name}.${sub.name}`;
    }
  }
  return undefined;
}

suite.check('filter.json-literals', async (t) => {
  // Active: Alice, bob and dave.smith; inactive: alicia and carol; BOBBY has no active.
  await verifyFilters(t, ['active eq true', 'active eq false', 'active ne true']);
});

suite.check('filter.binary-ordering-invalid-filter', async (t) => {
  const path = binaryPath(t) ?? t.skip('the advertised User schema has no binary attribute');
  const declined = ['operator gt', 'operator le'].filter((feature) => declinesFeature(suite.filterSupport, feature));
  await verifyInvalidFilters(t, [`${path} gt "AAAA"`, `${path} le "AAAA"`], REFUSALS.binaryOrdered, 'RFC 7644 §3.4.2.2 Table 3 says ordering a binary attribute fails with invalidFilter');
  if (declined.length > 0) t.note(`the target declines ${declined.join(' and ')} on any attribute, so the refusal shows its operator support, not its binary rule`);
});

suite.check('filter.string-escapes', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  if (!t.capabilities.filter.supported) t.skip('the target does not filter');
  // A quote, a backslash and a letter outside ASCII, behind the run's unique name so that no other User holds the value.
  const displayName = `${t.uniqueName('escape')} O"Malley C:\\temp caf\u00e9`;
  const literal = JSON.stringify(displayName).replace('\u00e9', '\\u00e9');
  const filter = `displayName eq ${literal}`;
  const declined = declinedPartsOfText(suite.filterSupport, filter);
  if (declined.length > 0) t.skip(`the target declines ${describeDeclined(declined)}, as RFC 7644 Table 9 lets it`);
  const created = await t.create(endpoint, t.user('escape', { displayName }));
  const stored = stringMember(created.response.json, 'displayName');
  if (stored !== displayName) t.skip(`the create answered displayName ${show(stored)}, not the value sent, so a filter for the value sent selects nothing it kept`);
  const response = await t.client.get(endpoint, { filter });
  // The target answered displayName eq when asked (filter-support); refusing it now refuses the escapes.
  const { ids } = readListAnswer(response, `the User whose displayName is ${JSON.stringify(displayName)}`);
  verify(
    ids.length === 1 && ids[0] === created.id,
    `${answered(response)} listing ${ids.length === 0 ? 'nothing' : ids.join(', ')} for ${filter}, expected the User ${created.id}, whose displayName is ${JSON.stringify(displayName)}: ` +
      'RFC 7644 §3.4.2.2 writes a compValue as a JSON value, so \\" is a quote, \\\\ a backslash and \\u00e9 the letter \u00e9',
  );
});

suite.check('filter.unsupported-combination-invalid-filter', async (t) => {
  const resolve = resolver(t);
  const filters = [
    ...(resolve({ attribute: 'name' })?.type === 'complex' ? ['name eq "Adams"'] : []),
    ...(resolve({ attribute: 'active' })?.type === 'boolean' && !declinesFeature(suite.filterSupport, 'operator co') ? ['active co "t"'] : []),
  ];
  if (filters.length === 0) t.skip('the User schema has neither a complex name nor a boolean active (or the target declines co), so no unsupported combination can be asked');
  await verifyInvalidFilters(
    t,
    filters,
    REFUSALS.unsupportedFilterCombination,
    'RFC 7644 Table 9 gives invalidFilter to a filter combining an attribute with an operator it does not support: a complex attribute has no value of its own to compare, and a boolean is no string',
  );
});

suite.check('errors.invalid-filter-detail', async (t) => {
  const users = dataset(t);
  const filter = 'userName zz "x"';
  const response = await t.client.get(users.endpoint, { filter, count: 1 }, { refusal: REFUSALS.malformedFilter });
  if (response.status !== 400) t.skip(`${answered(response)} to ${filter}, not 400: filter.malformed-invalid-filter judges that`);
  const detail = stringMember(response.json, 'detail');
  verify(
    detail !== undefined && detail.includes('zz'),
    `${answeredWithDetail(response)} to ${filter}, with ${detail === undefined ? 'no detail' : 'a detail'} that does not name the operator zz: RFC 7644 §3.4.2.2 says the error should say what in the filter is wrong`,
  );
});
