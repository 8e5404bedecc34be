/**
 * Durations as the Recent Runs and Issues views and the graph's details panel write them
 * (common/duration.ts): every unit boundary, and bad input.
 */
import assert from 'node:assert/strict';
import { formatDuration } from '../../common/duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('common duration', () => {
  it('writes milliseconds, seconds (one decimal below 10 s), minutes, hours and days', () => {
    assert.equal(formatDuration(0), '0 ms');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(999.6), '1000 ms');
    assert.equal(formatDuration(1000), '1 s');
    assert.equal(formatDuration(1500), '1.5 s');
    assert.equal(formatDuration(9990), '9.9 s');
    assert.equal(formatDuration(42_700), '42 s');
    assert.equal(formatDuration(M), '1m 00s');
    assert.equal(formatDuration(305_683), '5m 05s');
    assert.equal(formatDuration(741_536), '12m 21s');
    assert.equal(formatDuration(H), '1h 00m');
    assert.equal(formatDuration(2 * H + 3 * M + 59 * S), '2h 03m');
    assert.equal(formatDuration(D), '1d 0h');
    assert.equal(formatDuration(3 * D + 4 * H + 30 * M), '3d 4h');
  });

  it('gives nothing for negative or non-finite durations', () => {
    assert.equal(formatDuration(-1), '');
    assert.equal(formatDuration(Number.NaN), '');
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), '');
  });
});
