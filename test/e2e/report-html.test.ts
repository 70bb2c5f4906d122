import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { toHtml } from '../../src/report/html.js';
import { toResultsJson } from '../../src/report/json.js';
import { launchChromium, requireChromium } from '../support/browser.js';
import { buildSampleResult, FAILED_CHECK_ID, FAILED_EVIDENCE_STATUS, FAILED_EVIDENCE_URL, SKIPPED_CHECK_ID } from '../support/sample-result.js';

describe('report.html in a browser', () => {
  let browser: Browser | undefined;
  let dir: string | undefined;

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('shows the counts of results.json and the evidence of a failing check, offline', async (context) => {
    requireChromium(context);
    const result = buildSampleResult();
    result.runErrors = ['suites/bulk.ts failed to load: SyntaxError'];
    dir = await mkdtemp(join(tmpdir(), 'scimprobe-report-html-'));
    const htmlPath = join(dir, 'report.html');
    await writeFile(htmlPath, toHtml(result), 'utf8');
    const summary = (JSON.parse(toResultsJson(result)) as { summary: Record<string, number> }).summary;

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outsideRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) outsideRequests.push(request.url());
    });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(htmlPath).href);

    const shown: Record<string, number> = {};
    // Every count of results.json, the consequences of failures among them, has its tile.
    for (const count of Object.keys(summary)) {
      shown[count] = Number(await page.locator(`[data-count="${count}"]`).innerText());
    }
    expect(shown).toEqual(summary);

    const failing = page.locator(`details.check[data-check-id="${FAILED_CHECK_ID}"]`);
    const evidence = failing.locator('details.exchange', { hasText: FAILED_EVIDENCE_URL });
    expect(await evidence.locator('summary .url').first().isVisible()).toBe(true);
    expect(await evidence.locator('summary .url').first().innerText()).toBe(FAILED_EVIDENCE_URL);
    const status = evidence.locator('summary .http-status').first();
    expect(await status.isVisible()).toBe(true);
    expect(await status.innerText()).toContain(String(FAILED_EVIDENCE_STATUS));
    // The hostile body is displayed as text, inside the open evidence, and runs nothing.
    expect(await evidence.locator('pre.body').first().isVisible()).toBe(true);
    expect(await evidence.locator('pre.body').first().innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('img').count()).toBe(0);

    expect(await page.locator('[role="alert"]').innerText()).toContain('suites/bulk.ts failed to load');
    // Passing and skipped checks start collapsed; their evidence is one click away.
    expect(await page.locator(`details.check[data-check-id="${SKIPPED_CHECK_ID}"]`).getAttribute('open')).toBeNull();

    // The banner states the gate as results.json does.
    const gate = (JSON.parse(toResultsJson(result)) as { gate: { summary: string } }).gate.summary;
    expect(await page.locator('section.verdict strong').innerText()).toBe(gate);

    // A finding at the top leads to its requirement's text and the RFC section, and to its check.
    const finding = page.locator(`li.finding[data-finding="${FAILED_CHECK_ID}"]`);
    expect(await finding.locator('ul.cited li').first().innerText()).toContain('P-3.4.2.4-4');
    expect(await finding.locator('ul.cited a').first().getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2.4');
    await finding.locator(`a[href="#check-${FAILED_CHECK_ID}"]`).click();
    expect(await failing.getAttribute('open')).not.toBeNull();

    // The search box and the filters narrow the cards; an area left with none hides.
    const visibleCards = async (): Promise<string[]> => page.locator('details.check[data-check-id]:visible').evaluateAll(
      (cards) => cards.map((card) => card.getAttribute('data-check-id') ?? ''),
    );
    const everyCard = await visibleCards();
    expect(everyCard).toHaveLength(result.checks.length);
    await page.fill('#triage input[name=q]', 'remove-member');
    expect(await visibleCards()).toEqual(['patch.remove-member']);
    expect(await page.locator('section.area[data-area="discovery"]').isVisible()).toBe(false);
    await page.fill('#triage input[name=q]', '');
    for (const status of ['passed', 'skipped', 'errored']) await page.uncheck(`#triage input[name=status][value=${status}]`);
    expect((await visibleCards()).sort()).toEqual(result.checks.filter((check) => check.status === 'failed').map((check) => check.id).sort());
    await page.selectOption('#triage select[name=level]', 'SHOULD');
    expect(await visibleCards()).toEqual(result.checks.filter((check) => check.status === 'failed' && check.level === 'SHOULD').map((check) => check.id));
    await page.selectOption('#triage select[name=level]', '');
    await page.fill('#triage input[name=requirement]', 'P-3.4.2.4');
    expect(await visibleCards()).toEqual([FAILED_CHECK_ID]);
    expect(await page.locator('#triage-count').innerText()).toBe(`1 of ${result.checks.length} checks shown`);

    // Kept after the run, for a person to judge the layout; nothing asserts on pixels.
    const screenshot = join(tmpdir(), 'scimprobe-report-html.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(dialogs).toEqual([]);
    expect(outsideRequests).toEqual([]);
  });
});
