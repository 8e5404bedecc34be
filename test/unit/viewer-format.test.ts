/**
 * The viewer's relative times and timestamps (extension/src/viewer/format.ts): every unit boundary, clock
 * skew, and bad input. Durations: common-duration.test.ts.
 */
import assert from 'node:assert/strict';
import { formatRelativeTime, formatTimestamp } from '../../extension/src/viewer/format';

const NOW = Date.parse('2024-10-14T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('viewer format: relative times', () => {
  it('says just now, minutes, hours, yesterday, days, then the date', () => {
    assert.equal(formatRelativeTime(ago(0), NOW), 'just now');
    assert.equal(formatRelativeTime(ago(44 * S), NOW), 'just now');
    assert.equal(formatRelativeTime(ago(45 * S), NOW), '1 min ago');
    assert.equal(formatRelativeTime(ago(5 * M + 59 * S), NOW), '5 min ago');
    assert.equal(formatRelativeTime(ago(59 * M), NOW), '59 min ago');
    assert.equal(formatRelativeTime(ago(H), NOW), '1 h ago');
    assert.equal(formatRelativeTime(ago(23 * H + 59 * M), NOW), '23 h ago');
    assert.equal(formatRelativeTime(ago(D), NOW), 'yesterday');
    assert.equal(formatRelativeTime(ago(2 * D), NOW), '2 days ago');
    assert.equal(formatRelativeTime(ago(29 * D), NOW), '29 days ago');
    assert.equal(formatRelativeTime(ago(30 * D), NOW), '2024-09-14');
  });

  it('accepts ISO strings, epoch milliseconds and dates', () => {
    assert.equal(formatRelativeTime(NOW - 3 * H, NOW), '3 h ago');
    assert.equal(formatRelativeTime(new Date(NOW - 3 * H), NOW), '3 h ago');
    assert.equal(formatRelativeTime('2024-10-14T08:30:00.123456Z', NOW), '3 h ago');
  });

  it('treats a minute of clock skew as now and a later time as a date', () => {
    assert.equal(formatRelativeTime(ago(-30 * S), NOW), 'just now');
    assert.equal(formatRelativeTime(ago(-2 * H), NOW), '2024-10-14');
  });

  it('gives nothing for missing or unparseable times', () => {
    assert.equal(formatRelativeTime(null, NOW), '');
    assert.equal(formatRelativeTime(undefined, NOW), '');
    assert.equal(formatRelativeTime('yesterday', NOW), '');
  });
});

describe('viewer format: timestamps', () => {
  it('writes UTC to the second, keeps unparseable text, and nothing for none', () => {
    assert.equal(formatTimestamp('2024-10-14T02:05:10.001122Z'), '2024-10-14 02:05:10 UTC');
    assert.equal(formatTimestamp('2024-10-14T04:05:10+02:00'), '2024-10-14 02:05:10 UTC');
    assert.equal(formatTimestamp('soon'), 'soon');
    assert.equal(formatTimestamp(null), '');
  });
});
