/** Counts in English (common/plural.ts), as every "N nodes", "N events" message says them. */
import assert from 'node:assert/strict';
import { count } from '../../common/plural';

describe('plural: counts in English', () => {
  it('says one in the singular, every other number in the plural, with thousands separated', () => {
    assert.equal(count(1, 'node'), '1 node');
    assert.equal(count(0, 'node'), '0 nodes');
    assert.equal(count(2, 'event'), '2 events');
    assert.equal(count(12_345, 'event'), '12,345 events');
    assert.equal(count(3, 'entry', 'entries'), '3 entries');
    assert.equal(count(1, 'entry', 'entries'), '1 entry');
  });
});
