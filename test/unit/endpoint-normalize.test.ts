/**
 * Response normalisation (extension/src/endpoint/normalize.ts): timestamps become ISO-8601 strings whether
 * the endpoint sent ISO strings or epoch seconds.
 */
import assert from 'node:assert/strict';
import { toIsoTimestamp } from '../../extension/src/endpoint/normalize';

describe('endpoint client: timestamps', () => {
  it('keeps ISO strings as they are', () => {
    assert.equal(toIsoTimestamp('2022-07-13T13:38:39.681949Z'), '2022-07-13T13:38:39.681949Z');
    assert.equal(toIsoTimestamp('2019-05-09T15:17:32.690346'), '2019-05-09T15:17:32.690346');
  });

  it('turns epoch seconds (fractional, numbers or strings) into ISO strings with microseconds', () => {
    assert.equal(toIsoTimestamp(1624539874.421452), '2021-06-24T13:04:34.421452Z');
    assert.equal(toIsoTimestamp('1624539874.421452000'), '2021-06-24T13:04:34.421452Z');
    assert.equal(toIsoTimestamp(1624539874), '2021-06-24T13:04:34.000Z');
    assert.equal(toIsoTimestamp(1624539874.5), '2021-06-24T13:04:34.500Z');
    // Rounds to the microsecond, carrying into the next second.
    assert.equal(toIsoTimestamp(1624539874 + 0.9999996), '2021-06-24T13:04:35.000Z');
  });

  it('takes values of 1e11 and more as epoch milliseconds', () => {
    assert.equal(toIsoTimestamp(1624539874421), '2021-06-24T13:04:34.421Z');
  });

  it('gives null for nothing and for what is not a time', () => {
    assert.equal(toIsoTimestamp(null), null);
    assert.equal(toIsoTimestamp(undefined), null);
    assert.equal(toIsoTimestamp(''), null);
    assert.equal(toIsoTimestamp('yesterday'), null);
    assert.equal(toIsoTimestamp({}), null);
    assert.equal(toIsoTimestamp(Number.NaN), null);
  });
});
