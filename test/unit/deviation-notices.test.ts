/**
 * The extension's notice about events the local endpoint accepted that are not spec-valid: the wording, the
 * producer's short name, one notice per producer per hour, and the output lines.
 */
import assert from 'node:assert/strict';
import { DeviationNotices, MAX_DETAIL_LINES, NOTICE_WINDOW_MS, producerName } from '../../extension/src/endpoint/deviation-notices';
import type { DeviantEvent } from '../../protocol/local-endpoint';

const SPARK = 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/spark';
const AIRFLOW = 'https://github.com/apache/airflow/tree/providers-openlineage/2.6.0';
const T0 = Date.parse('2026-01-05T10:00:00Z');
const NO_SCHEMA_URL = { path: 'schemaURL', message: 'schemaURL is required' };

const event = (producer: string, at: number, deviations = [NO_SCHEMA_URL]): DeviantEvent => ({
  receivedAt: at,
  producer,
  subject: 'spark/orders.enrich',
  eventType: 'COMPLETE',
  runId: '0190a0c0-0000-7000-8000-000000000001',
  deviations,
});

describe('the notice about events that are not spec-valid', () => {
  it('names the producer by its integration, not its version', () => {
    assert.equal(producerName(SPARK), 'spark');
    assert.equal(producerName(AIRFLOW), 'providers-openlineage');
    assert.equal(producerName('https://github.com/OpenLineage/OpenLineage/tree/1.53.0/client/python'), 'python');
    assert.equal(producerName('https://github.com/dbt-labs/dbt-core/v1.8.0rc1'), 'dbt-core');
    assert.equal(producerName('my-emitter'), 'my-emitter');
    assert.equal(producerName(''), 'an unnamed producer');
  });

  it('says how many events from a producer in the last hour were not spec-valid, and the first problem', () => {
    const notices = new DeviationNotices();
    const offsetless = { path: 'eventTime', message: 'eventTime must match format "date-time" (no UTC offset; read as UTC)' };
    const first = notices.add(
      [event(SPARK, T0, [NO_SCHEMA_URL, offsetless]), event(SPARK, T0 + 1, [offsetless]), event(SPARK, T0 + 2)],
      T0 + 3,
    );
    assert.deepEqual(first.notices, [
      {
        producer: SPARK,
        count: 3,
        message:
          '3 events from spark in the last hour were not spec-valid: schemaURL is required. The local endpoint accepted them, as Marquez would.',
      },
    ]);
    assert.deepEqual(first.lines, [
      `2026-01-05T10:00:00.000Z COMPLETE spark/orders.enrich run 0190a0c0-0000-7000-8000-000000000001 from ${SPARK}: schemaURL is required; eventTime must match format "date-time" (no UTC offset; read as UTC)`,
      `2026-01-05T10:00:00.001Z COMPLETE spark/orders.enrich run 0190a0c0-0000-7000-8000-000000000001 from ${SPARK}: eventTime must match format "date-time" (no UTC offset; read as UTC)`,
      `2026-01-05T10:00:00.002Z COMPLETE spark/orders.enrich run 0190a0c0-0000-7000-8000-000000000001 from ${SPARK}: schemaURL is required`,
    ]);
    assert.equal(notices.count(T0 + 3), 3);
  });

  it('does not repeat the notice for the same producer within the hour, but does for another producer and after the hour', () => {
    const notices = new DeviationNotices();
    assert.equal(notices.add([event(SPARK, T0)], T0).notices.length, 1);
    const again = notices.add([event(SPARK, T0 + 60_000)], T0 + 60_000);
    assert.deepEqual(again.notices, []);
    assert.equal(again.lines.length, 1);
    assert.deepEqual(
      notices.add([event(AIRFLOW, T0 + 61_000)], T0 + 61_000).notices.map((n) => n.message),
      [
        '1 event from providers-openlineage in the last hour was not spec-valid: schemaURL is required. The local endpoint accepted it, as Marquez would.',
      ],
    );
    const later = T0 + NOTICE_WINDOW_MS + 1;
    // The hour-old event no longer counts; the one a minute after it does.
    assert.deepEqual(
      notices.add([event(SPARK, later)], later).notices.map((n) => n.count),
      [2],
    );
  });

  it('writes at most a bounded number of output lines per batch', () => {
    const burst = Array.from({ length: MAX_DETAIL_LINES + 5 }, (_, i) => event(SPARK, T0 + i));
    const { lines, notices } = new DeviationNotices().add(burst, T0 + 100);
    assert.equal(lines.length, MAX_DETAIL_LINES + 1);
    assert.equal(lines.at(-1), '… and 5 more events that are not spec-valid.');
    assert.equal(notices[0]!.count, MAX_DETAIL_LINES + 5);
  });
});
