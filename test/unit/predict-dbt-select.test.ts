/**
 * Linking a task to its dbt models (server/src/service/predict/dbt/select.ts): the dbt command of a
 * bash_command read properly (quotes, `=` forms, several commands), and `--select`/`--exclude` applied as dbt
 * applies them for the common forms; a selector not understood lists every model, marked.
 */
import assert from 'node:assert/strict';
import { sourceFiles } from '../../server/src/service/predict/types';
import { dbtLineage, type DbtProjectLineage } from '../../server/src/service/predict/dbt/lineage';
import { dbtCommandTarget, modelsFor, projectFor } from '../../server/src/service/predict/dbt/select';

const W = 'file:///repo/';

/** A chain raw.events (source) → stg_events → sessions → {weekly_sessions, churn}, plus a seed and a snapshot. */
function lab(): DbtProjectLineage {
  const files = new Map(
    Object.entries({
      'analytics/dbt_project.yml': 'name: lab\nprofile: lab\nmodels:\n  lab:\n    reporting:\n      +tags: [weekly]\n',
      'analytics/profiles.yml': `lab:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: h\n      port: 5432\n      dbname: db\n      schema: s\n`,
      'analytics/models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
      'analytics/models/staging/stg_events.sql': "select * from {{ source('raw', 'events') }}",
      'analytics/models/core/sessions.sql':
        "{{ config(tags=['core']) }} select * from {{ ref('stg_events') }} join {{ ref('countries') }} on 1=1",
      'analytics/models/reporting/weekly_sessions.sql': "select * from {{ ref('sessions') }}",
      'analytics/models/reporting/churn.sql': "select * from {{ ref('sessions') }}",
      'analytics/seeds/countries.csv': 'c\n',
      'analytics/snapshots/sessions_snap.sql':
        "{% snapshot sessions_snap %}{{ config(target_schema='snap') }} select * from {{ ref('sessions') }}{% endsnapshot %}",
    }).map(([k, v]) => [W + k, v]),
  );
  return dbtLineage(sourceFiles(files))[0]!;
}

const short = (names: readonly string[]) => names.map((n) => n.split('.').slice(2).join('.')).sort();

describe('predict/dbt: the dbt command of a task', () => {
  it('reads dbt-ol run with = and space forms among other commands', () => {
    const t = dbtCommandTarget(
      `source /venv/bin/activate && dbt deps && dbt-ol run --project-dir=/opt/dbt/analytics --profiles-dir /opt/dbt -t prod --select "tag:weekly" stg_events+ --exclude churn && deactivate`,
    );
    assert.deepEqual(t, {
      tool: 'dbt-ol',
      subcommand: 'run',
      projectDir: '/opt/dbt/analytics',
      profilesDir: '/opt/dbt',
      target: 'prod',
      select: ['tag:weekly', 'stg_events+'],
      exclude: ['churn'],
    });
  });

  it('reads plain dbt, -m and -s, and a quoted space-separated selection', () => {
    assert.deepEqual(dbtCommandTarget(`dbt build -s 'sessions churn' --profile other`), {
      tool: 'dbt',
      subcommand: 'build',
      profile: 'other',
      select: ['sessions', 'churn'],
    });
    assert.deepEqual(dbtCommandTarget('/usr/local/bin/dbt-ol --debug snapshot -m sessions_snap'), {
      tool: 'dbt-ol',
      subcommand: 'snapshot',
      select: ['sessions_snap'],
    });
  });

  it('is undefined for a command without dbt', () => {
    assert.equal(dbtCommandTarget('python run_models.py --select x'), undefined);
  });

  it('finds the project a --project-dir names by its trailing folders', () => {
    const p = lab();
    assert.equal(projectFor([p], '/usr/app/analytics/'), p);
    assert.equal(projectFor([p], '/usr/app/elsewhere'), undefined);
    assert.equal(projectFor([p], undefined), p);
  });
});

describe('predict/dbt: --select applied to the models', () => {
  const p = lab();
  const sel = (cmd: string) => {
    const r = modelsFor(p, dbtCommandTarget(cmd)!);
    return { jobs: short(r.jobs), understood: r.understood, unknown: r.unknown, note: r.note };
  };

  it('every model for a plain run; snapshots only for dbt snapshot', () => {
    assert.deepEqual(sel('dbt-ol run').jobs, ['lab.churn', 'lab.sessions', 'lab.stg_events', 'lab.weekly_sessions']);
    assert.deepEqual(sel('dbt-ol snapshot').jobs, ['lab.sessions_snap.snapshot']);
  });

  it('a model name, and the graph operators +x, x+, n+x, @x', () => {
    assert.deepEqual(sel('dbt-ol run -s sessions').jobs, ['lab.sessions']);
    assert.deepEqual(sel('dbt-ol run -s +sessions').jobs, ['lab.sessions', 'lab.stg_events']);
    assert.deepEqual(sel('dbt-ol run -s sessions+').jobs, ['lab.churn', 'lab.sessions', 'lab.weekly_sessions']);
    assert.deepEqual(sel('dbt-ol run -s 1+churn').jobs, ['lab.churn', 'lab.sessions']);
    assert.deepEqual(sel('dbt-ol run -s @stg_events').jobs, ['lab.churn', 'lab.sessions', 'lab.stg_events', 'lab.weekly_sessions']);
  });

  it('tag:, path:, a folder name (fqn), globs, source:, intersections and --exclude', () => {
    assert.deepEqual(sel('dbt-ol run -s tag:weekly').jobs, ['lab.churn', 'lab.weekly_sessions']);
    assert.deepEqual(sel('dbt-ol run -s tag:core').jobs, ['lab.sessions']);
    assert.deepEqual(sel('dbt-ol run -s path:models/staging').jobs, ['lab.stg_events']);
    assert.deepEqual(sel('dbt-ol run -s models/reporting/churn.sql').jobs, ['lab.churn']);
    assert.deepEqual(sel('dbt-ol run -s reporting').jobs, ['lab.churn', 'lab.weekly_sessions']);
    assert.deepEqual(sel("dbt-ol run -s 'lab.core.*'").jobs, ['lab.sessions']);
    assert.deepEqual(sel("dbt-ol run -s '*'").jobs, ['lab.churn', 'lab.sessions', 'lab.stg_events', 'lab.weekly_sessions']);
    assert.deepEqual(sel('dbt-ol run -s source:raw+').jobs, ['lab.churn', 'lab.sessions', 'lab.stg_events', 'lab.weekly_sessions']);
    assert.deepEqual(sel('dbt-ol run -s sessions+,tag:weekly').jobs, ['lab.churn', 'lab.weekly_sessions']);
    assert.deepEqual(sel('dbt-ol run -s sessions+ --exclude churn').jobs, ['lab.sessions', 'lab.weekly_sessions']);
  });

  it('names jobs for the command: build adds .build.run / .build.snapshot, seed emits none', () => {
    assert.deepEqual(sel('dbt-ol build -s sessions+').jobs, [
      'lab.churn.build.run',
      'lab.sessions.build.run',
      'lab.sessions_snap.build.snapshot',
      'lab.weekly_sessions.build.run',
    ]);
    assert.deepEqual(sel('dbt-ol seed'), { jobs: [], understood: true, unknown: [], note: 'dbt-ol emits no jobs for seeds' });
    assert.equal(modelsFor(p, dbtCommandTarget('dbt-ol run -s churn')!).jobs[0], 'db.s.lab.churn');
  });

  it('a selector it does not understand: every model, marked', () => {
    assert.deepEqual(sel('dbt-ol run -s state:modified+ sessions'), {
      jobs: ['lab.churn', 'lab.sessions', 'lab.stg_events', 'lab.weekly_sessions'],
      understood: false,
      unknown: ['state:modified+'],
      note: 'selector `state:modified+` not understood: every model is listed',
    });
    assert.equal(sel('dbt-ol run --selector nightly').understood, false);
  });
});
