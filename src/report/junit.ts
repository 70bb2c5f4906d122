/**
 * junit.xml for CI: one testsuite per area, one testcase per check, the exchanges of a failed or
 * errored check in the text of its <failure> or <error>.
 */
import { randomUUID } from 'node:crypto';
import junitReportBuilderModule, { type Builder } from 'junit-report-builder';
import type { CheckResult, RunResult } from '../results/model.js';
import { describeGate, gateOf, verdictOf } from '../results/verdict.js';
import { formatExchangeText } from './exchange-text.js';
import { groupByArea } from './group.js';

const MAX_BODY_BYTES = 4096;

/**
 * The package's typings declare an ES default export, but its CommonJS build assigns the builder to
 * module.exports, which is what Node hands over as the default import.
 */
const rootBuilder = junitReportBuilderModule as unknown as Builder;

/**
 * Characters XML 1.0 forbids (§2.2): C0 controls other than tab, LF and CR, unpaired surrogates
 * (the `u` flag makes the surrogate range match only unpaired ones), U+FFFE and U+FFFF.
 */
const FORBIDDEN_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes what XML 1.0 cannot carry; everything else is left for the builder to escape. */
export function stripForbiddenXmlChars(text: string): string {
  return text.replace(FORBIDDEN_XML_CHARS, '');
}

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** Tabs and line breaks are written as references: a parser would turn literal ones into spaces. */
function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;');
}

function evidenceText(check: CheckResult): string {
  const exchanges = check.exchanges.map((exchange) => formatExchangeText(exchange, MAX_BODY_BYTES));
  return [check.message ?? check.title, ...exchanges].join('\n\n');
}

/**
 * junit-report-builder 5 cannot put a message on <skipped>, and wraps failure text in CDATA while
 * splitting only the first `]]>` of it. So the builder gets a unique placeholder for each text, and
 * the finished XML has the placeholders replaced by escaped text and the skip reasons added. Until
 * then no text from the model is in the XML unescaped, so each `<skipped/>` found is a real element.
 */
class DeferredTexts {
  private readonly nonce = randomUUID().replace(/-/g, '');
  private readonly texts = new Map<string, string>();
  private readonly skipReasons: string[] = [];

  placeholder(text: string): string {
    const key = `scimprobe-text-${this.nonce}-${this.texts.size}`;
    this.texts.set(key, text);
    return key;
  }

  /** Reasons are given in the order the skipped testcases are added to the builder. */
  skipReason(reason: string): void {
    this.skipReasons.push(reason);
  }

  apply(xml: string): string {
    let skipIndex = 0;
    const withReasons = xml.replace(/<skipped\/>/g, () => {
      const reason = this.skipReasons[skipIndex];
      skipIndex += 1;
      if (reason === undefined) throw new Error('junit: more <skipped/> elements than skipped checks');
      return `<skipped message="${escapeXmlAttribute(stripForbiddenXmlChars(reason))}"/>`;
    });
    if (skipIndex !== this.skipReasons.length) throw new Error('junit: fewer <skipped/> elements than skipped checks');
    return withReasons.replace(/<!\[CDATA\[(scimprobe-text-[0-9a-f]+-\d+)\]\]>/g, (whole, key: string) => {
      const text = this.texts.get(key);
      return text === undefined ? whole : escapeXmlText(stripForbiddenXmlChars(text));
    });
  }
}

export function toJunitXml(result: RunResult): string {
  const builder = rootBuilder.newBuilder();
  const deferred = new DeferredTexts();
  const clean = stripForbiddenXmlChars;
  builder.name(result.tool.name);
  const knownFailures = new Set(result.baseline?.known);
  const gate = gateOf(result);
  const blocking = new Set(gate.blocking.map((check) => check.id));
  for (const { area, checks } of groupByArea(result.checks)) {
    const suite = builder.testSuite().name(clean(area)).timestamp(clean(result.startedAt));
    // Every suite carries the verdict and how the target was reached, so a gate reading any of them sees it.
    suite.property('verdict', verdictOf(result.exitCode));
    suite.property('exitCode', String(result.exitCode));
    suite.property('gate', clean(describeGate(result)));
    suite.property('insecure', String(result.run.insecure));
    for (const warning of result.run.warnings) suite.property('warning', clean(warning));
    suite.time(checks.reduce((sum, check) => sum + check.durationMs, 0) / 1000);
    for (const check of checks) {
      const testCase = suite
        .testCase()
        .className(clean(`scimprobe.${area}`))
        .name(clean(check.id))
        .time(check.durationMs / 1000)
        .property('level', check.level)
        .property('requirements', clean(check.requirements.join(',')));
      // A gate reading JUnit can tell the failures a baseline accepts from the ones that block.
      if (knownFailures.has(check.id)) testCase.property('baseline', 'known');
      const message = clean(check.message ?? check.title);
      // Another check's finding already carries this failure: a <failure> here would count it twice and
      // disagree with the exit code, so the consequence is reported as skipped, naming its root.
      if (check.consequenceOf !== undefined) {
        testCase.property('consequenceOf', clean(check.consequenceOf)).skipped();
        deferred.skipReason(`consequence of ${check.consequenceOf}: ${check.message ?? check.title}`);
        continue;
      }
      // A failure the gate lets through (known to the baseline, or below --fail-on) is no <failure>, or a CI
      // tool would fail a build the exit code passed: it is skipped, saying why, with its evidence kept.
      if ((check.status === 'failed' || check.status === 'errored') && !blocking.has(check.id)) {
        const why = knownFailures.has(check.id) ? 'known deviation (baseline)' : `${check.level} finding below the gate (--fail-on ${result.failOn})`;
        testCase.property('gate', knownFailures.has(check.id) ? 'known' : 'warning').skipped().standardOutput(deferred.placeholder(evidenceText(check)));
        deferred.skipReason(`${why}: ${check.message ?? check.title}`);
        continue;
      }
      switch (check.status) {
        case 'passed':
          // A pass may say what it measured (e.g. the largest body sent): JUnit's place for that is <system-out>.
          if (check.message !== undefined) testCase.standardOutput(deferred.placeholder(check.message));
          break;
        case 'failed':
          testCase.failure(message).stacktrace(deferred.placeholder(evidenceText(check)));
          break;
        case 'errored':
          testCase.error(message, undefined, deferred.placeholder(evidenceText(check)));
          break;
        case 'skipped':
          testCase.skipped();
          deferred.skipReason(check.message ?? 'no reason given');
          break;
      }
    }
  }
  if (result.stopped !== undefined) {
    // No check ran: one errored testcase names the cause, so a CI tool shows it rather than an empty report.
    const suite = builder.testSuite().name('run').timestamp(clean(result.startedAt));
    suite.property('verdict', verdictOf(result.exitCode));
    suite.property('exitCode', String(result.exitCode));
    suite.testCase().className('scimprobe.run').name('discovery').error(clean(result.stopped));
  }
  return `${deferred.apply(builder.build())}\n`;
}
