import { describe, expect, it } from 'vitest';
import { stableReason } from '../../src/report/baseline.js';

describe('stableReason', () => {
  it('keeps a finding\'s first line, with the run\'s names, server ids and percent-escapes made stable', () => {
    expect(stableReason('PATCH /api/auth/scim/v2/Users/RsdkBv8YyytzSuj4gmjJ7Tmehc9Z6DyL answered 200 to a replace\nsmallest failing case: …'))
      .toBe('PATCH /api/auth/scim/v2/Users/<id> answered 200 to a replace');
    expect(stableReason('GET /scim/v2/Users?filter=userName%20sw%20%22scimprobe-f4e077e1-list-%22&count=1 answered 400'))
      .toBe('GET /scim/v2/Users?filter=userName sw "<run>-list-"&count=1 answered 400');
    expect(stableReason('POST /Users answered 201 to the NFD form of "scimprobe-0083f44f-café-4@example.com"'))
      .toBe('POST /Users answered 201 to the NFD form of "<name>@example.com"');
    expect(stableReason('GET /Groups/0887ff4b-76d8-41a9-961f-bfdf2335fef7 answered 404')).toBe('GET /Groups/<id> answered 404');
  });

  it('cuts a long line, as the reports hold the whole finding', () => {
    const reason = stableReason(`x ${'y'.repeat(400)}`);
    expect(reason).toHaveLength(160);
    expect(reason.endsWith('…')).toBe(true);
  });
});
