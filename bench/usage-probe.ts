/**
 * Loaded into every process of a measured run (NODE_OPTIONS=--import): at exit, appends the process's own
 * peak resident set and CPU time as one JSON line to the file named by SCIMPROBE_BENCH_USAGE_FILE.
 */
import { appendFileSync } from 'node:fs';

const file = process.env['SCIMPROBE_BENCH_USAGE_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const line = { pid: process.pid, ppid: process.ppid, maxRssBytes: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
