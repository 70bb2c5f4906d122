/**
 * A real third-party server with a tenant's rules: Better Auth's SCIM plugin, out of the box (no config,
 * no templates). It wants e-mail userNames, keeps e-mail addresses unique and takes `eq` filters only, so
 * the run must learn its rules, skip what a declined filter cannot judge, and error nowhere. Every
 * deviation it reports is pinned in test/fixtures/better-auth-findings.json, checked against the RFC text.
 */
import { startBetterAuthTarget } from '../support/better-auth-target.js';
import { describeRealTarget } from '../support/real-target.js';

describeRealTarget({
  name: 'better-auth',
  findingsFile: 'better-auth-findings.json',
  token: 'better-auth-target-token',
  start: (token) => startBetterAuthTarget({ token }),
  // The PATCH property's shrunk case depends on the seed; a fixed one makes its message the same on every run.
  args: ['--seed', '20261203'],
});
