/**
 * report.html: one self-contained page to read or share, with no external resource. Styles are inline,
 * and one script of the page's own (search and filters) is allowed by its hash in the Content-Security-
 * Policy, which forbids anything else: a hostile body that slipped past escaping still could not run.
 * Everything taken from the model goes through escapeHtml (attributes) or escapeText (element text).
 */
import { createHash } from 'node:crypto';
import type { Exchange } from '../http/exchange.js';
import type { CapabilityRow, CheckResult, RunResult, RunSummary } from '../results/model.js';
import { REQUIREMENTS, rfcLink } from '../checks/requirements.js';
import type { BaselineOutcome } from '../results/baseline.js';
import { requirementVerdicts, type RequirementStatus } from '../results/requirements.js';
import { isJsonObject, parseJson } from '../scim/json.js';
import { statusText, truncatedBody } from './exchange-text.js';
import { describeGate, gateOf, isRootFailure, summarize, verdictOf } from '../results/verdict.js';
import { describeLearned } from './learned.js';
import { byAttention, describeThrottling, formatDuration, groupByArea, levelsInOrder, STATUSES } from './group.js';

/** Bodies past this size are cut in the page; exchanges.har keeps them whole. */
/** The body bytes shown of an exchange that is evidence of a failure, and of any other (exchanges.har keeps them whole). */
const BODY_BYTES = { evidence: 64 * 1024, excerpt: 1024 } as const;
type BodyLimit = keyof typeof BODY_BYTES;

/**
 * C0 controls and DEL are shown as their Unicode control pictures (U+2400…), so a NUL in a body is
 * visible instead of silently dropped; unpaired surrogates become U+FFFD, as UTF-8 cannot carry them.
 */
function visibleText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, (char) =>
      String.fromCharCode(char === '\u007F' ? 0x2421 : 0x2400 + char.charCodeAt(0)),
    )
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
}

export function escapeHtml(text: string): string {
  return visibleText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text inside an element: there only &, < and > need escaping; quotes matter in attribute values alone. */
function escapeText(text: string): string {
  return visibleText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Exchanges of a passing check (or of set-up) shown in the page: the first two and the last. exchanges.har holds every one. */
const EXCERPT = { first: 2, last: 1 };
/** The exchanges of a failing check shown open: the first few, which set the scene. */
const OPEN_EXCHANGES = 3;

function areaAnchor(area: string): string {
  return `area-${area.replace(/[^a-z0-9-]/gi, '_')}`;
}

function checkAnchor(id: string): string {
  return `check-${id.replace(/[^a-z0-9.-]/gi, '_')}`;
}

const STYLE = `
:root { color-scheme: light dark; --bg: #fafaf9; --panel: #ffffff; --fg: #1f2328; --muted: #5c6670;
  --border: #d9dee3; --passed: #1a7f37; --failed: #c5221f; --skipped: #6e7781; --errored: #9a6700;
  --passed-bg: #e9f6ec; --failed-bg: #fdecea; --skipped-bg: #f0f2f4; --errored-bg: #fdf4dc; --code-bg: #f4f5f6; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111418; --panel: #181c21; --fg: #e3e7eb; --muted: #9aa4ae; --border: #30363d;
    --passed: #56c271; --failed: #f47067; --skipped: #9aa4ae; --errored: #d9a53a;
    --passed-bg: #15291c; --failed-bg: #3a1a19; --skipped-bg: #22272d; --errored-bg: #33290f; --code-bg: #1f242a; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
.page { max-width: 78rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 .75rem; font-weight: 600; }
h2 { font-size: 1.15rem; margin: 2rem 0 .75rem; font-weight: 600; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em; }
.meta { display: flex; flex-wrap: wrap; gap: .5rem 2rem; margin: 0; }
.meta div { min-width: 0; }
.meta dt { color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.run-errors { border: 1px solid var(--failed); border-left-width: 6px; background: var(--failed-bg);
  border-radius: 6px; padding: .75rem 1rem; margin: 1.5rem 0; }
.run-errors h2 { margin: 0 0 .5rem; color: var(--failed); }
.run-errors ul { margin: 0; padding-left: 1.25rem; }
.warnings { border: 1px solid var(--errored); border-left-width: 6px; background: var(--errored-bg);
  border-radius: 6px; padding: .75rem 1rem; margin: 1.5rem 0; }
.warnings h2 { margin: 0 0 .5rem; color: var(--errored); }
.warnings ul { margin: 0; padding-left: 1.25rem; }
.run-errors pre { margin: .25rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.verdict { border: 1px solid var(--border); border-left-width: 6px; border-radius: 6px; padding: .6rem 1rem; margin: 1rem 0;
  display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
.verdict.pass { border-color: var(--passed); background: var(--passed-bg); }
.verdict.fail { border-color: var(--failed); background: var(--failed-bg); }
.verdict.error { border-color: var(--errored); background: var(--errored-bg); }
.verdict .gate-rule { color: var(--muted); font-size: .9rem; }
.summary { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.5rem 0; }
.tile { flex: 1 1 9rem; background: var(--panel); border: 1px solid var(--border); border-left: 6px solid;
  border-radius: 6px; padding: .6rem 1rem; }
.tile .count { display: block; font-size: 1.9rem; font-weight: 600; line-height: 1.2; }
.tile .label { color: var(--muted); }
.tile.passed { border-left-color: var(--passed); } .tile.failed { border-left-color: var(--failed); }
.tile.skipped { border-left-color: var(--skipped); } .tile.errored { border-left-color: var(--errored); }
.breakdown { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.table-wrap { max-width: 100%; overflow-x: auto; }
table.counts { border-collapse: collapse; background: var(--panel); border: 1px solid var(--border); }
table.counts caption { text-align: left; font-weight: 600; padding: 0 0 .35rem; }
table.counts th, table.counts td { padding: .25rem .75rem; border-bottom: 1px solid var(--border); }
table.counts thead th { font-weight: 600; color: var(--muted); font-size: .85rem; text-align: right; }
table.counts thead th:first-child { text-align: left; }
table.counts td { text-align: right; font-variant-numeric: tabular-nums; }
table.counts th[scope=row] { text-align: left; font-weight: normal; }
table.counts td.zero { color: var(--muted); opacity: .55; }
table.counts td.failed.nonzero { color: var(--failed); font-weight: 600; }
table.counts td.errored.nonzero { color: var(--errored); font-weight: 600; }
a { color: inherit; }
.area-counts { color: var(--muted); font-weight: normal; font-size: .9rem; margin-left: .5rem; }
details.check { background: var(--panel); border: 1px solid var(--border); border-left: 4px solid var(--border);
  border-radius: 6px; margin: .4rem 0; }
details.check[data-status=failed] { border-left-color: var(--failed); }
details.check[data-status=errored] { border-left-color: var(--errored); }
details.check[data-status=passed] { border-left-color: var(--passed); }
details.check > summary { cursor: pointer; padding: .45rem .75rem; display: flex; flex-wrap: wrap; gap: .25rem .6rem;
  align-items: baseline; }
details.check > summary .title { flex: 1 1 16rem; }
.reason { color: var(--muted); font-size: .9rem; flex-basis: 100%; padding-left: 5.2rem; }
.badge { display: inline-block; min-width: 4.4rem; text-align: center; border-radius: 999px; font-size: .78rem;
  font-weight: 600; padding: .05rem .5rem; }
.badge.passed { color: var(--passed); background: var(--passed-bg); }
.badge.failed { color: var(--failed); background: var(--failed-bg); }
.badge.skipped { color: var(--skipped); background: var(--skipped-bg); }
.badge.errored { color: var(--errored); background: var(--errored-bg); }
.level { font-size: .75rem; font-weight: 600; color: var(--muted); border: 1px solid var(--border); border-radius: 4px;
  padding: 0 .35rem; }
.check-body { padding: .25rem .9rem .8rem; border-top: 1px solid var(--border); }
.message { white-space: pre-wrap; overflow-wrap: anywhere; margin: .5rem 0; }
.requirements { color: var(--muted); margin: .5rem 0; }
.requirements code { color: var(--fg); background: var(--code-bg); border-radius: 4px; padding: 0 .3rem; }
.none { color: var(--muted); font-style: italic; }
.requirement-broken { color: var(--failed); font-weight: 600; }
.requirement-not-judged { color: var(--muted); }
.reason { color: var(--muted); font-size: 0.9em; }
details.exchange { border: 1px solid var(--border); border-radius: 5px; margin: .5rem 0; background: var(--bg); }
details.exchange > summary { cursor: pointer; padding: .35rem .6rem; overflow-wrap: anywhere; }
.http-status { font-weight: 600; }
.http-status.s2xx { color: var(--passed); } .http-status.s3xx { color: var(--muted); }
.http-status.s4xx, .http-status.s5xx, .http-status.s-none { color: var(--failed); }
.duration { color: var(--muted); font-size: .85rem; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: .75rem; padding: 0 .6rem .6rem; }
.pair h4 { margin: .4rem 0 .25rem; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.pair pre { margin: 0 0 .4rem; padding: .5rem .6rem; background: var(--code-bg); border-radius: 4px; max-height: 28rem;
  overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
table.capabilities td { text-align: left; }
tr.capability-mismatch th, tr.capability-mismatch td { color: var(--failed); font-weight: 600; }
ol.findings { padding-left: 1.5rem; }
li.finding { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: .3rem .8rem; margin: .4rem 0; }
li.finding[data-gate=blocking] { border-left: 4px solid var(--failed); }
li.finding p { margin: .3rem 0; }
ul.cited { margin: .2rem 0; padding-left: 1.2rem; color: var(--muted); }
ul.cited code { color: var(--fg); }
.explains { color: var(--muted); font-size: .9rem; }
.triage { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--border); padding: .5rem 0;
  display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: center; }
.triage input[type=search] { min-width: 14rem; padding: .2rem .4rem; }
[hidden] { display: none !important; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
`;

function header(result: RunResult): string {
  const field = (label: string, value: string, name: string): string =>
    `<div><dt>${label}</dt><dd data-field="${name}">${value}</dd></div>`;
  return `<header>
<h1>SCIM conformance report</h1>
<dl class="meta">
${field('Target', `<span class="mono">${escapeHtml(result.target.url)}</span>`, 'target')}
${field('Tool', `${escapeHtml(result.tool.name)} ${escapeHtml(result.tool.version)}`, 'tool')}
${field('Seed', escapeHtml(String(result.seed)), 'seed')}
${result.run.insecure ? field('TLS verification', 'off (--insecure)', 'tls-verification') : ''}
${field('Started', `<time datetime="${escapeHtml(result.startedAt)}">${escapeHtml(result.startedAt)}</time>`, 'started')}
${field('Duration', escapeHtml(formatDuration(result.durationMs)), 'duration')}
${field('Throttling', escapeHtml(describeThrottling(result.throttling)), 'throttling')}
${result.tenantRules.length === 0 ? '' : field('Learned', result.tenantRules.map((rules) => escapeHtml(describeLearned(rules))).join('<br>'), 'tenant-rules')}
</dl>
</header>`;
}

/** The gate's verdict, first on the page: what a reviewer or a CI gate reads before anything else. */
function verdictBanner(result: RunResult): string {
  const verdict = verdictOf(result.exitCode);
  return `<section class="verdict ${verdict}" role="status" data-verdict="${verdict}" data-exit-code="${result.exitCode}">` +
    `<strong>${escapeHtml(describeGate(result))}</strong>` +
    `<span class="gate-rule">${result.failOn === 'should' ? 'MUST and SHOULD' : 'MUST'} failures and errored checks fail the run, unless the baseline lists them; exit code ${result.exitCode}</span></section>`;
}

/** A requirement a finding cites, with the registry's paraphrase and the RFC section it comes from. */
function citedRequirement(id: string): string {
  const requirement = REQUIREMENTS.get(id);
  if (requirement === undefined) return `<li><code>${escapeHtml(id)}</code></li>`;
  const link = rfcLink(requirement.section);
  const section = link === undefined ? escapeText(requirement.section) : `<a href="${escapeHtml(link)}" rel="noreferrer">RFC ${escapeText(requirement.section)}</a>`;
  return `<li><code>${escapeHtml(id)}</code> ${escapeHtml(requirement.keyword)}: ${escapeText(requirement.summary)} <span class="section">(${section})</span></li>`;
}

/**
 * The root findings at the top of the page, blocking first, then warnings below the gate, then the known
 * ones, each with the requirements it cites and the checks it explains: what a reviewer reads first.
 */
function findingsSection(result: RunResult): string {
  const gate = gateOf(result);
  const groups: Array<[string, string, CheckResult[]]> = [
    ['blocking', 'Blocking', gate.blocking],
    ['warning', 'Below the gate', gate.warnings],
    ['known', 'Known (baseline)', gate.known],
  ];
  const cards = groups.flatMap(([kind, label, checks]) => checks.map((check) => {
    const consequences = result.checks.filter((other) => other.consequenceOf === check.id);
    const explains = consequences.length === 0
      ? ''
      : `<p class="explains">Also explains ${consequences.length}: ${consequences.map((other) => `<a href="#${checkAnchor(other.id)}"><code>${escapeHtml(other.id)}</code></a>`).join(', ')}</p>`;
    return `<li class="finding" data-gate="${kind}" data-finding="${escapeHtml(check.id)}">
<p><span class="badge ${check.status}">${escapeHtml(label)}</span> <a href="#${checkAnchor(check.id)}"><code>${escapeHtml(check.id)}</code></a> <span class="level">${escapeHtml(check.level)}</span> ${escapeText(check.title)}</p>
<p class="message">${escapeText((check.message ?? '').split('\n')[0] ?? '')}</p>
<ul class="cited">${check.requirements.map(citedRequirement).join('')}</ul>
${explains}
</li>`;
  }));
  if (cards.length === 0) return '';
  return `<section class="findings" aria-label="Findings">
<h2>Findings<span class="area-counts">${gate.blocking.length} blocking · ${gate.warnings.length} below the gate · ${gate.known.length} known</span></h2>
<ol class="findings">
${cards.join('\n')}
</ol>
</section>`;
}

function warningsSection(warnings: string[]): string {
  if (warnings.length === 0) return '';
  const items = warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join('\n');
  return `<section class="warnings" role="alert" data-field="warnings">
<h2>Warnings</h2>
<ul>
${items}
</ul>
</section>`;
}

function runErrors(errors: string[]): string {
  if (errors.length === 0) return '';
  const items = errors.map((error) => `<li><pre>${escapeHtml(error)}</pre></li>`).join('\n');
  return `<section class="run-errors" role="alert">
<h2>Run errors (${errors.length})</h2>
<p>These happened outside any check; the checks below may be incomplete.</p>
<ul>
${items}
</ul>
</section>`;
}

function baselineSection(baseline: BaselineOutcome | undefined): string {
  if (baseline === undefined) return '';
  const rows: Array<[string, string[], string]> = [
    ['known: reported, not blocking', baseline.known, 'known'],
    ['new failures', baseline.new, 'new'],
    ['expired entries, blocking again', baseline.expired, 'expired'],
    ['fixed: can be dropped from the baseline', baseline.fixed, 'fixed'],
  ];
  const items = rows
    .filter(([, ids]) => ids.length > 0)
    .map(([label, ids, kind]) => `<li data-baseline="${kind}"><strong>${escapeHtml(label)} (${ids.length})</strong>: ${ids.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}</li>`)
    .join('\n');
  return `<section class="baseline">
<h2>Baseline <span class="mono">${escapeHtml(baseline.file)}</span></h2>
${items === '' ? '<p class="none">Nothing failing, and no check the baseline lists ran.</p>' : `<ul>\n${items}\n</ul>`}
</section>`;
}

function summaryTiles(result: RunResult): string {
  const tiles = STATUSES.map(
    (status) =>
      `<div class="tile ${status}"><span class="count" data-count="${status}">${result.summary[status]}</span>` +
      `<span class="label">${status}</span></div>`,
  ).join('\n');
  const consequences =
    `\n<div class="tile consequences"><span class="count" data-count="consequences">${result.summary.consequences}</span><span class="label">consequences</span></div>`;
  return `<section class="summary" aria-label="Summary">\n${tiles}${consequences}\n</section>`;
}

function countCells(counts: RunSummary): string {
  const cells = STATUSES.map((status) => {
    const count = counts[status];
    return `<td class="${status} ${count === 0 ? 'zero' : 'nonzero'}" data-status="${status}">${count}</td>`;
  });
  const total = STATUSES.reduce((sum, status) => sum + counts[status], 0);
  return `${cells.join('')}<td data-status="total">${total}</td>`;
}

function countsTable(caption: string, kind: string, rows: Array<{ key: string; label: string; counts: RunSummary }>): string {
  const head = `<tr><th scope="col">${caption}</th>${STATUSES.map((status) => `<th scope="col">${status}</th>`).join('')}<th scope="col">total</th></tr>`;
  const body = rows
    .map((row) => `<tr data-${kind}="${escapeHtml(row.key)}"><th scope="row">${row.label}</th>${countCells(row.counts)}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="counts" data-table="${kind}">
<caption>By ${caption.toLowerCase()}</caption>
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table></div>`;
}

function breakdown(result: RunResult): string {
  const areaRows = groupByArea(result.checks).map(({ area, checks }) => ({
    key: area,
    label: `<a href="#${areaAnchor(area)}">${escapeHtml(area)}</a>`,
    counts: summarize(checks),
  }));
  const levelRows = levelsInOrder(result.checks).map((level) => ({
    key: level,
    label: escapeHtml(level),
    counts: summarize(result.checks.filter((check) => check.level === level)),
  }));
  return `<section class="breakdown" aria-label="Counts">
${countsTable('Area', 'area', areaRows)}
${countsTable('Level', 'level', levelRows)}
</section>`;
}

const REQUIREMENT_STATUS_ORDER: readonly RequirementStatus[] = ['broken', 'not judged', 'upheld'];

/** Every requirement the run's checks cite, with the run's verdict on it: broken ones first. */
function requirementsSection(result: RunResult): string {
  const verdicts = requirementVerdicts(result.checks);
  if (verdicts.length === 0) return '';
  const counts = REQUIREMENT_STATUS_ORDER.map((status) => `${verdicts.filter((verdict) => verdict.status === status).length} ${status}`).join(', ');
  const ordered = [...verdicts].sort(
    (a, b) => REQUIREMENT_STATUS_ORDER.indexOf(a.status) - REQUIREMENT_STATUS_ORDER.indexOf(b.status),
  );
  const rows = ordered
    .map((verdict) => {
      const detail = verdict.reasons.length > 0 ? `<br><span class="reason">${verdict.reasons.map(escapeHtml).join('<br>')}</span>` : '';
      return `<tr data-requirement-status="${verdict.status}"><td class="mono">${escapeHtml(verdict.id)}</td><td>${escapeHtml(verdict.level)}</td>` +
        `<td class="requirement-${verdict.status.replace(' ', '-')}">${escapeHtml(verdict.status)}</td>` +
        `<td>${escapeHtml(verdict.summary)}${detail}</td><td class="mono">${verdict.checks.map(escapeHtml).join('<br>')}</td></tr>`;
    })
    .join('\n');
  const unjudged = REQUIREMENTS.size - verdicts.length;
  return `<section class="requirements">
<h2>Requirements<span class="area-counts">${verdicts.length} cited: ${counts}</span></h2>
<details${verdicts.some((verdict) => verdict.status === 'broken') ? ' open' : ''}>
<summary>Each requirement the run's checks cite, and what the run found</summary>
<table class="counts">
<thead><tr><th>Requirement</th><th>Level</th><th>Verdict</th><th>Summary</th><th>Checks</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</details>
<p class="none">${unjudged} of the ${REQUIREMENTS.size} requirements scimprobe knows are cited by no check of this run; <code>scimprobe list --requirements</code> says why for each.</p>
</section>`;
}

function prettyBody(body: string, limit: BodyLimit): string {
  const parsed = parseJson(body);
  const pretty = isJsonObject(parsed) || Array.isArray(parsed) ? JSON.stringify(parsed, null, 2) : body;
  return truncatedBody(pretty, BODY_BYTES[limit]);
}

function messagePart(title: string, firstLine: string, headers: Record<string, string>, body: string | undefined, limit: BodyLimit): string {
  const headerText = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  const lines = [`<div class="${title.toLowerCase()}">`, `<h4>${title}</h4>`];
  lines.push(`<pre class="headers">${escapeText(firstLine)}${headerText === '' ? '' : `\n${escapeText(headerText)}`}</pre>`);
  if (body !== undefined && body !== '') lines.push(`<pre class="body">${escapeText(prettyBody(body, limit))}</pre>`);
  lines.push('</div>');
  return lines.join('\n');
}

function exchangeBlock(exchange: Exchange, open: boolean, limit: BodyLimit = 'excerpt'): string {
  const { request, response } = exchange;
  let statusLabel: string;
  let statusClass: string;
  let responsePart: string;
  if (response === undefined) {
    statusLabel = 'no response';
    statusClass = 's-none';
    responsePart = `<div class="response"><h4>Response</h4><pre>${escapeText(exchange.error ?? 'no response')}</pre></div>`;
  } else {
    const line = `${response.status} ${statusText(response.status)}`.trim();
    statusLabel = line;
    statusClass = `s${Math.floor(response.status / 100)}xx`;
    responsePart = messagePart('Response', `HTTP ${line}`, response.headers, response.body, limit);
  }
  const retries = exchange.retries ? ` <span class="duration">after ${exchange.retries} ${exchange.retries === 1 ? 'retry' : 'retries'}</span>` : '';
  return `<details class="exchange"${open ? ' open' : ''} data-seq="${exchange.seq}">
<summary><span class="mono"><strong>${escapeHtml(request.method)}</strong> <span class="url">${escapeHtml(request.url)}</span></span> → <span class="http-status ${statusClass}" data-http-status="${response?.status ?? 0}">${escapeHtml(statusLabel)}</span> <span class="duration">${escapeHtml(formatDuration(exchange.durationMs))}</span>${retries}</summary>
<div class="pair">
${messagePart('Request', `${request.method} ${request.url}`, request.headers, request.body, limit)}
${responsePart}
</div>
</details>`;
}

/**
 * The first and last exchanges, closed, and how many are left out: a passing check's evidence says what it
 * asked, and the page stays small (exchanges.har keeps them all).
 */
function excerpt(exchanges: readonly Exchange[]): string {
  if (exchanges.length <= EXCERPT.first + EXCERPT.last + 1) return exchanges.map((exchange) => exchangeBlock(exchange, false)).join('\n');
  const left = exchanges.length - EXCERPT.first - EXCERPT.last;
  return [
    ...exchanges.slice(0, EXCERPT.first).map((exchange) => exchangeBlock(exchange, false)),
    `<p class="none" data-exchanges-left-out="${left}">${left} more exchanges, left out here: exchanges.har holds every one.</p>`,
    ...exchanges.slice(-EXCERPT.last).map((exchange) => exchangeBlock(exchange, false)),
  ].join('\n');
}

function checkBlock(check: CheckResult): string {
  const open = isRootFailure(check);
  const requirements =
    check.requirements.length === 0
      ? '<span class="none">none cited</span>'
      : check.requirements.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ');
  const root = check.consequenceOf === undefined
    ? ''
    : `<p class="consequence">A consequence of <a href="#${checkAnchor(check.consequenceOf)}"><code>${escapeHtml(check.consequenceOf)}</code></a>: that finding explains this one, which is not counted again.</p>`;
  const message = check.message === undefined ? '' : `<p class="message">${escapeText(check.message)}</p>`;
  const reason =
    check.status === 'skipped' && check.message !== undefined
      ? `<span class="reason">${escapeHtml(check.message.split('\n')[0] ?? '')}</span>`
      : '';
  const exchanges =
    check.exchanges.length === 0
      ? '<p class="none">No exchanges recorded.</p>'
      : open
        ? check.exchanges.map((exchange, index) => exchangeBlock(exchange, index < OPEN_EXCHANGES, 'evidence')).join('\n')
        : excerpt(check.exchanges);
  return `<details class="check" data-check-id="${escapeHtml(check.id)}" data-status="${check.status}" data-level="${escapeHtml(check.level)}" data-area="${escapeHtml(check.area)}" data-requirements="${escapeHtml(check.requirements.join(' '))}"${check.consequenceOf === undefined ? '' : ` data-consequence-of="${escapeHtml(check.consequenceOf)}"`}${open ? ' open' : ''}>
<summary><span class="badge ${check.status}">${check.status}</span> <code class="id" id="${checkAnchor(check.id)}">${escapeHtml(check.id)}</code> <span class="level">${escapeHtml(check.level)}</span> <span class="title">${escapeHtml(check.title)}</span> <span class="duration">${escapeHtml(formatDuration(check.durationMs))}</span>${reason}</summary>
<div class="check-body">
${root}${message}
<p class="requirements">Requirements: ${requirements}</p>
${exchanges}
</div>
</details>`;
}

function areaSection(area: string, checks: CheckResult[]): string {
  const counts = summarize(checks);
  const tally = STATUSES.filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`)
    .join(' · ');
  return `<section class="area" id="${areaAnchor(area)}" data-area="${escapeHtml(area)}">
<h2>${escapeHtml(area)}<span class="area-counts">${tally}</span></h2>
${byAttention(checks).map(checkBlock).join('\n')}
</section>`;
}

/** Where /ServiceProviderConfig and the answers part ways: advertised and not served, or served and not advertised. */
function isMismatch(row: CapabilityRow): boolean {
  return (row.advertised === true && row.observed === 'not served') || (row.advertised === false && row.observed === 'served');
}

function capabilitiesSection(rows: readonly CapabilityRow[]): string {
  if (rows.length === 0) return '';
  const advertised = (value: boolean | null): string => (value === null ? '<span class="none">not in /ServiceProviderConfig</span>' : value ? 'yes' : 'no');
  const body = rows
    .map((row) => `<tr data-feature="${escapeHtml(row.feature)}"${isMismatch(row) ? ' class="capability-mismatch"' : ''}><th scope="row" class="mono">${escapeHtml(row.feature)}</th>` +
      `<td>${advertised(row.advertised)}</td><td>${escapeHtml(row.observed)}</td><td class="${row.used === 0 ? 'zero' : ''}">${row.used}</td></tr>`)
    .join('\n');
  const mismatches = rows.filter(isMismatch).length;
  return `<section class="capabilities">
<h2>Capabilities<span class="area-counts">${mismatches === 0 ? 'as advertised' : `${mismatches} not as advertised`}</span></h2>
<details${mismatches > 0 ? ' open' : ''}>
<summary>What /ServiceProviderConfig advertises, what the target's answers showed, and how many requests of the checks used each feature</summary>
<div class="table-wrap"><table class="counts capabilities">
<thead><tr><th>Feature</th><th>Advertised</th><th>Observed</th><th>Used</th></tr></thead>
<tbody>
${body}
</tbody>
</table></div>
</details>
</section>`;
}

function setupSection(exchanges: Exchange[]): string {
  if (exchanges.length === 0) return '';
  return `<section class="setup">
<h2>Set-up and clean-up<span class="area-counts">${exchanges.length} exchanges outside any check</span></h2>
<details class="check" data-status="setup">
<summary>Exchanges made by discovery, suite set-up and clean-up</summary>
<div class="check-body">
${excerpt(exchanges)}
</div>
</details>
</section>`;
}

/**
 * Search and filters over the check cards: a card shows when its id, title or message holds the search text
 * and its status, level, area and requirement match the filters; an area with no card shown hides too.
 */
const TRIAGE_SCRIPT = `(() => {
  const form = document.getElementById('triage');
  if (!form) return;
  const cards = [...document.querySelectorAll('details.check[data-check-id]')];
  const apply = () => {
    const text = form.elements.q.value.trim().toLowerCase();
    const statuses = [...form.querySelectorAll('input[name=status]:checked')].map((box) => box.value);
    const level = form.elements.level.value;
    const area = form.elements.area.value;
    const requirement = form.elements.requirement.value.trim().toLowerCase();
    let shown = 0;
    for (const card of cards) {
      const visible = statuses.includes(card.dataset.status)
        && (level === '' || card.dataset.level === level)
        && (area === '' || card.dataset.area === area)
        && (requirement === '' || card.dataset.requirements.toLowerCase().split(' ').some((id) => id.startsWith(requirement)))
        && (text === '' || card.textContent.toLowerCase().includes(text));
      card.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const section of document.querySelectorAll('section.area')) {
      section.hidden = section.querySelector('details.check:not([hidden])') === null;
    }
    document.getElementById('triage-count').textContent = shown + ' of ' + cards.length + ' checks shown';
  };
  form.addEventListener('input', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  apply();
})();`;

/** The Content-Security-Policy source that allows the triage script and no other. */
const TRIAGE_SCRIPT_HASH = `'sha256-${createHash('sha256').update(TRIAGE_SCRIPT).digest('base64')}'`;

/** The search box and filters the triage script reads. */
function triageForm(checks: readonly CheckResult[]): string {
  const options = (values: readonly string[]): string => values.map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`).join('');
  const areas = [...new Set(checks.map((check) => check.area))];
  const boxes = STATUSES.map((status) => `<label><input type="checkbox" name="status" value="${status}" checked> ${status}</label>`).join(' ');
  return `<form id="triage" class="triage" role="search">
<input type="search" name="q" placeholder="Search checks: id, title, message" aria-label="Search checks">
${boxes}
<select name="level" aria-label="Level"><option value="">any level</option>${options(levelsInOrder(checks))}</select>
<select name="area" aria-label="Area"><option value="">any area</option>${options(areas)}</select>
<input type="search" name="requirement" placeholder="Requirement, e.g. P-3.4.2" aria-label="Requirement">
<span id="triage-count" class="area-counts"></span>
</form>`;
}

export function toHtml(result: RunResult): string {
  const areas = groupByArea(result.checks)
    .map(({ area, checks }) => areaSection(area, checks))
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${TRIAGE_SCRIPT_HASH}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SCIM conformance report: ${escapeHtml(result.target.url)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="page">
${header(result)}
<main>
${verdictBanner(result)}
${warningsSection(result.run.warnings)}
${runErrors(result.runErrors)}
${summaryTiles(result)}
${findingsSection(result)}
${baselineSection(result.baseline)}
${breakdown(result)}
${areas === '' ? '<p class="none">No checks ran.</p>' : `${triageForm(result.checks)}\n${areas}`}
${requirementsSection(result)}
${capabilitiesSection(result.capabilityMatrix)}
${setupSection(result.setupExchanges)}
</main>
<script>${TRIAGE_SCRIPT}</script>
<footer>Written by ${escapeHtml(result.tool.name)} ${escapeHtml(result.tool.version)} from the same results as results.json.</footer>
</div>
</body>
</html>
`;
}
