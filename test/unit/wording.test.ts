/**
 * The shared wording of messages: lists joined with "or"/"and", a phrase made to start a sentence, and how
 * a requirement and the project's Airflow version are described, whatever family reports them.
 */
import assert from 'node:assert/strict';
import type { AirflowVersionFact, PackageFact, SourceRef } from '../../server/src/service/project/model';
import { AIRFLOW_VERSION_UNKNOWN, describeAirflowVersion, describeRequirement } from '../../server/src/service/project/wording';
import { andList, orList, upperFirst } from '../../server/src/service/text/wording';

const SOURCE: SourceRef = {
  uri: 'file:///w/requirements.txt',
  range: { start: { line: 2, character: 0 }, end: { line: 2, character: 20 } },
};

describe('wording', () => {
  it('joins lists with "or" and "and", in code spans unless told otherwise', () => {
    assert.equal(orList([]), '');
    assert.equal(orList(['a']), '`a`');
    assert.equal(orList(['a', 'b', 'c']), '`a`, `b` or `c`');
    assert.equal(andList(['a', 'b']), '`a` and `b`');
    assert.equal(andList(['database', 'schema', 'table'], false), 'database, schema and table');
    assert.equal(orList(['x'], false), 'x');
  });

  it('puts the first letter of a phrase in upper case', () => {
    assert.equal(upperFirst('the version'), 'The version');
    assert.equal(upperFirst(''), '');
  });

  it('describes a requirement as written, with its file', () => {
    const p: PackageFact = {
      name: 'apache-airflow',
      written: 'Apache_Airflow',
      spec: '==2.10.4',
      pinned: [2, 10, 4],
      pinnedText: '2.10.4',
      source: SOURCE,
    };
    assert.equal(describeRequirement(p), 'Apache_Airflow==2.10.4 in requirements.txt');
  });

  it('describes the Airflow version with its source, and says when the mapping behind it is not verified', () => {
    const pinned: AirflowVersionFact = {
      version: [2, 10, 4],
      text: '2.10.4',
      how: 'apache-airflow==2.10.4 in requirements.txt',
      from: 'requirement',
      verified: true,
      source: SOURCE,
    };
    assert.equal(describeAirflowVersion(pinned), 'Airflow 2.10.4 (from apache-airflow==2.10.4 in requirements.txt)');
    const astro: AirflowVersionFact = {
      version: [2, 10],
      text: '2.10',
      how: 'Astro Runtime 12.6.0',
      from: 'astro-runtime',
      verified: false,
      source: SOURCE,
    };
    assert.equal(describeAirflowVersion(astro), 'Airflow 2.10 (from Astro Runtime 12.6.0, mapping not verified)');
    assert.match(AIRFLOW_VERSION_UNKNOWN, /^the project’s Airflow version is unknown \(/);
  });
});
