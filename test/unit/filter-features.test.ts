import { describe, expect, it } from 'vitest';
import { featureKey, filterFeatures, selectsByMarker } from '../../src/scim/filter/features.js';
import { parseFilter } from '../../src/scim/filter/index.js';
import { declinedPartsOfText, describeDeclined, type FilterSupport } from '../../src/runner/filter-support.js';

const keys = (text: string): string[] => filterFeatures(parseFilter(text)).map(featureKey).sort();

describe('filterFeatures', () => {
  it('names the operators, connectives and attributes a filter uses, each once', () => {
    expect(keys('title Eq "x" AND (TITLE pr or not (active eq true))')).toEqual(
      ['and', 'attribute active', 'attribute title', 'not', 'operator eq', 'operator pr', 'or'].sort(),
    );
  });

  it('names attributes inside a value filter with their parent, and drops a schema URN', () => {
    expect(keys('emails[type eq "work" and value co "x"]')).toEqual(
      ['and', 'attribute emails.type', 'attribute emails.value', 'operator co', 'operator eq', 'value filter'].sort(),
    );
    expect(keys('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName sw "A"')).toEqual(['attribute name.familyname', 'operator sw']);
  });
});

describe('selectsByMarker', () => {
  const marker = 'run-1-';
  const selects = (text: string): boolean => selectsByMarker(parseFilter(text), marker);

  it('holds for a comparison whose string carries the marker, whatever its case', () => {
    expect(selects('userName eq "run-1-alice"')).toBe(true);
    expect(selects('userName EQ "RUN-1-ALICE"')).toBe(true);
    expect(selects('externalId co "x-run-1-y"')).toBe(true);
    expect(selects('emails[type eq "work" and value sw "run-1-"]')).toBe(true);
  });

  it('fails for what can match a value without the marker', () => {
    expect(selects('userName ne "run-1-alice"')).toBe(false);
    expect(selects('userName gt "run-1-alice"')).toBe(false);
    expect(selects('title eq "Engineer"')).toBe(false);
    expect(selects('not (userName eq "run-1-alice")')).toBe(false);
    expect(selects('userName eq "run-1-a" or title eq "x"')).toBe(false);
  });

  it('holds for an and with one selecting side, and an or with two', () => {
    expect(selects('title eq "x" and userName sw "run-1-"')).toBe(true);
    expect(selects('userName eq "run-1-a" or externalId eq "run-1-b"')).toBe(true);
  });
});

describe('declined parts', () => {
  const support: FilterSupport = {
    probes: [
      { feature: 'operator eq', filter: 'userName eq "n"', status: 200, served: true, declined: false },
      { feature: 'operator co', filter: 'userName co "n"', status: 400, served: false, declined: true, detail: 'co is not supported' },
      { feature: 'attribute title', filter: 'title eq "n"', status: 400, served: false, declined: true },
    ],
  };

  it('are the declined features a filter uses', () => {
    expect(declinedPartsOfText(support, 'userName eq "a"')).toEqual([]);
    expect(declinedPartsOfText(support, 'title co "a"').map((probe) => probe.feature)).toEqual(['operator co', 'attribute title']);
    expect(declinedPartsOfText(support, 'userName eq')).toEqual([]);
  });

  it('read as the features and one answer for an example', () => {
    expect(describeDeclined(declinedPartsOfText(support, 'title co "a"'))).toBe(
      'operator co, attribute title (400 "co is not supported" to userName co "n", and alike)',
    );
  });
});
