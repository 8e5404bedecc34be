/**
 * Verify Setup's report: verdicts per integration from the language server's check of the workspace, and the
 * Markdown the user reads (links to the lines at fault, endpoint steps with their fixes, untrusted text
 * escaped).
 */
import assert from 'node:assert/strict';
import { integrationStatuses, reportMarkdown } from '../../extension/src/setup/report';
import type { SetupReportResult } from '../../protocol/setup';

const W = 'file:///work/project';
const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 10 } });

function report(): SetupReportResult {
  return {
    folders: [W],
    files: [
      { uri: `${W}/.env`, family: 'airflow', kind: 'env-file' },
      { uri: `${W}/spark/spark-defaults.conf`, family: 'spark', kind: 'spark-conf' },
      { uri: `${W}/great_expectations/checkpoints/daily.yml`, family: 'gx', kind: 'checkpoint' },
      { uri: `${W}/dags/orders.py`, family: 'dags', kind: 'dag' },
    ],
    problems: [
      {
        uri: `${W}/.env`,
        range: range(2),
        severity: 'error',
        code: 'airflow/transport-json',
        message: 'The transport JSON is quoted twice: nothing is sent.',
      },
      {
        uri: `${W}/spark/spark-defaults.conf`,
        range: range(4),
        severity: 'warning',
        code: 'spark/unverified',
        message: 'Unverified <key> | `x`',
      },
      { uri: `${W}/dags/orders.py`, range: range(9), severity: 'information', code: 'dags/note', message: 'Only a note.' },
    ],
    project: {
      packages: [{ name: 'openlineage-dbt', spec: 'openlineage-dbt==1.30.0', uri: `${W}/requirements.txt`, line: 3 }],
      gxContexts: 1,
      dbtProjects: 0,
      hasAirflowDags: true,
      settings: [],
    },
    unreadable: 0,
  };
}

describe('Verify Setup: report', () => {
  it('gives each integration found a verdict: errors mean no lineage, warnings doubt, none means it sends', () => {
    const statuses = integrationStatuses(report());
    assert.deepEqual(
      statuses.map((s) => [s.id, s.verdict]),
      [
        ['airflow', 'broken'],
        ['dags', 'sends'],
        ['spark', 'doubtful'],
        ['gx', 'sends'],
        ['dbt', 'sends'],
      ],
    );
    assert.equal(statuses[0]!.summary, 'Would not send lineage as configured: 1 error in 1 file.');
    assert.equal(statuses[2]!.summary, 'May not send lineage: 1 warning in 1 file.');
    // dbt is found by its package alone; information notes are no verdict.
    assert.deepEqual(statuses[4]!.files, []);
    assert.deepEqual(statuses[1]!.problems, []);
  });

  it('writes Markdown with a link to each line at fault, the endpoint’s steps and fixes, and escapes what it quotes', () => {
    const text = reportMarkdown({
      setup: report(),
      now: new Date('2026-11-21T12:00:00Z'),
      endpoint: {
        url: 'http://127.0.0.1:5000',
        ok: false,
        steps: [
          { id: 'url', label: 'Endpoint URL', status: 'pass', detail: 'http://127.0.0.1:5000 (HTTP, port 5000)' },
          {
            id: 'tcp',
            label: 'TCP connection',
            status: 'fail',
            detail: 'cannot connect to 127.0.0.1:5000 (ECONNREFUSED).',
            fix: 'Nothing listens on 127.0.0.1:5000.',
          },
        ],
      },
    });
    assert.match(text, /^# Lineage Lens: Verify Setup\n\n_2026-11-21 12:00:00 UTC_/);
    assert.match(
      text,
      /\| TCP connection \| ✗ \*\*failed\*\* \| cannot connect to 127\.0\.0\.1:5000 \(ECONNREFUSED\)\.<br>\*\*Fix:\*\* Nothing listens on 127\.0\.0\.1:5000\. \|/,
    );
    assert.match(
      text,
      /### ✗ Airflow \(OpenLineage provider, or openlineage-airflow\)\n\nWould not send lineage as configured: 1 error in 1 file\.\n\n- ✗ error: \[\.env:3\]\(file:\/\/\/work\/project\/\.env#L3\) The transport JSON is quoted twice: nothing is sent\. `airflow\/transport-json`/,
    );
    assert.match(
      text,
      /\[spark\/spark-defaults\.conf:5\]\(file:\/\/\/work\/project\/spark\/spark-defaults\.conf#L5\) Unverified \\<key\\> \\\| \\`x\\`/,
    );
  });

  it('says what to do when the workspace uses no integration, or could not be checked', () => {
    const empty = reportMarkdown({
      setup: {
        ...report(),
        files: [],
        problems: [],
        project: { packages: [], gxContexts: 0, dbtProjects: 0, hasAirflowDags: false, settings: [] },
      },
      endpointMissing: 'No lineage endpoint is set.',
      now: new Date(0),
    });
    assert.match(empty, /No lineage endpoint is set\./);
    assert.match(empty, /No OpenLineage integration was found in the workspace\. Run \*\*Lineage Lens: Set Up Integration\*\*/);
    assert.match(
      reportMarkdown({ setupError: 'The language server is not running.', now: new Date(0) }),
      /The language server is not running\./,
    );
  });
});
