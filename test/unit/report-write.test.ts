import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toHar } from '../../src/report/har.js';
import { toHtml } from '../../src/report/html.js';
import { toResultsJson } from '../../src/report/json.js';
import { toJunitXml } from '../../src/report/junit.js';
import { writeReports } from '../../src/report/write.js';
import { buildSampleResult } from '../support/sample-result.js';

const REPORT_NAMES = ['exchanges.har', 'junit.xml', 'report.html', 'results.json'];

describe('writeReports', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function scratch(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'scimprobe-write-'));
    made.push(dir);
    return dir;
  }

  it('creates the folder and writes the four reports, and nothing else', async () => {
    const base = await scratch();
    const dir = join(base, 'nested', 'reports');
    const result = buildSampleResult();
    const files = await writeReports(result, relative(process.cwd(), dir));
    expect(files).toEqual({
      junit: join(dir, 'junit.xml'),
      html: join(dir, 'report.html'),
      json: join(dir, 'results.json'),
      har: join(dir, 'exchanges.har'),
    });
    for (const path of Object.values(files)) expect(isAbsolute(path)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(REPORT_NAMES);
    expect(await readFile(files.junit, 'utf8')).toBe(toJunitXml(result));
    expect(await readFile(files.html, 'utf8')).toBe(toHtml(result));
    expect(await readFile(files.json, 'utf8')).toBe(toResultsJson(result));
    expect(await readFile(files.har, 'utf8')).toBe(toHar(result));
  });

  it('replaces the reports of an earlier run', async () => {
    const dir = await scratch();
    await writeReports(buildSampleResult(), dir);
    const later = buildSampleResult();
    later.seed = 7;
    const files = await writeReports(later, dir);
    expect(JSON.parse(await readFile(files.json, 'utf8'))).toMatchObject({ seed: 7 });
    expect((await readdir(dir)).sort()).toEqual(REPORT_NAMES);
  });

  it('fails when a report cannot be put in place, and leaves no temporary file behind', async () => {
    const dir = await scratch();
    await mkdir(join(dir, 'report.html'));
    await expect(writeReports(buildSampleResult(), dir)).rejects.toThrow();
    const left = await readdir(dir);
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(left).toContain('report.html');
  });
});
