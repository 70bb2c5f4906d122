/**
 * A real third-party server: scimmy + scimmy-routers. Every deviation the harness reports there is pinned
 * in test/fixtures/scimmy-findings.json with the requirement it breaks, checked against the RFC text.
 */
import { startScimmyTarget } from '../support/scimmy-target.js';
import { describeRealTarget } from '../support/real-target.js';

describeRealTarget({
  name: 'scimmy',
  findingsFile: 'scimmy-findings.json',
  token: 'scimmy-target-token',
  start: (token) => startScimmyTarget({ token }),
});
