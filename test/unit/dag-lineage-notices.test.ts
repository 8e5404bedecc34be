/**
 * What the DAG Lineage view tells the user about where its lineage comes from, in every state, and the
 * buttons it offers (only commands the view allows).
 */
import assert from 'node:assert/strict';
import type { DagLineageSummary } from '../../extension/src/dag-lineage/merge';
import { ALLOWED_COMMANDS, noticesFor } from '../../extension/src/dag-lineage/notices';

const summary = (over: Partial<DagLineageSummary> = {}): DagLineageSummary => ({
  dagIds: ['orders_pipeline'],
  tasks: { code: 0, runtime: 0, both: 3 },
  datasets: { code: 0, runtime: 0, both: 4 },
  onlyInCode: [],
  onlyAtRuntime: [],
  ...over,
});
const ok = (incomplete?: string) => ({
  kind: 'ok' as const,
  endpoint: 'http://marquez:5000',
  namespace: 'airflow-prod',
  lineage: incomplete ? { incomplete } : {},
});
const commands = (n: { actions?: { command: string }[] }) => (n.actions ?? []).map((a) => a.command);

describe('DAG Lineage view: notices', () => {
  it('without an endpoint: lineage from the code, and buttons to set one or start the local one', () => {
    const [n] = noticesFor(summary(), { kind: 'unconfigured', message: 'No lineage endpoint is set.' });
    assert.match(
      n!.text,
      /^Lineage read from the code\. To compare it with what the DAG reported when it ran, set a lineage endpoint or start the local one/,
    );
    assert.deepEqual(commands(n!), ['lineageLens.setEndpoint', 'lineageLens.startLocalEndpoint']);
  });

  it('when the endpoint fails: its message, and the button that fixes that kind of failure, then Retry', () => {
    const failure = (errorKind: 'unauthorized' | 'unreachable' | 'timeout') =>
      noticesFor(summary(), { kind: 'error', endpoint: 'http://m', namespace: 'ns', errorKind, message: `failed: ${errorKind}` })[0]!;
    assert.equal(failure('unauthorized').text, 'Lineage read from the code only: failed: unauthorized');
    assert.deepEqual(commands(failure('unauthorized')), ['lineageLens.setApiKey', 'lineageLens.refreshDagLineage']);
    assert.deepEqual(commands(failure('unreachable')), ['lineageLens.setEndpoint', 'lineageLens.refreshDagLineage']);
    assert.deepEqual(commands(failure('timeout')), ['lineageLens.refreshDagLineage']);
  });

  it('when nothing of the DAG reached the endpoint: says which namespace was searched and what to set', () => {
    const [n] = noticesFor(summary({ tasks: { code: 3, runtime: 0, both: 0 } }), ok());
    assert.equal(
      n!.text,
      'http://marquez:5000 has no task of orders_pipeline in namespace airflow-prod: the DAG has not run with lineage enabled yet, or it reports to another namespace (set lineageLens.endpoint.namespace).',
    );
  });

  it('after comparing: what differs, with the outline each mark has, and nothing when all agrees', () => {
    const notices = noticesFor(
      summary({ tasks: { code: 1, runtime: 0, both: 2 }, datasets: { code: 2, runtime: 1, both: 3 } }),
      ok('the first 2000 jobs were searched'),
    );
    assert.deepEqual(
      notices.map((n) => n.text),
      [
        'Compared with http://marquez:5000: 1 task never ran, 2 datasets only in the code (dashed), 1 dataset only at runtime (dotted).',
        'Runtime lineage may be incomplete: the first 2000 jobs were searched',
      ],
    );
    assert.deepEqual(noticesFor(summary(), ok()), []);
  });

  it('offers only commands the view lets the webview run', () => {
    const all = [
      ...noticesFor(summary(), { kind: 'unconfigured', message: '' }),
      ...(['unauthorized', 'unreachable', 'timeout'] as const).flatMap((errorKind) =>
        noticesFor(summary(), { kind: 'error', endpoint: 'x', namespace: 'y', errorKind, message: '' }),
      ),
    ];
    for (const n of all) for (const c of commands(n)) assert.ok(ALLOWED_COMMANDS.has(c), c);
  });
});
