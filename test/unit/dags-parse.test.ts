/**
 * parseDagFile: every form users write (DAG forms, task forms, xlets through names, lists and default_args,
 * schedules, dependencies, task groups), the modules classes come from, PyString kinds, exact ranges, and
 * files broken mid-edit.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DagFile, Xlet } from '../../server/src/service/dags/model';
import type { OffsetRange } from '../../server/src/service/text/model';
import { mentionsAirflow, parseDagFile } from '../../server/src/service/dags/parse';
import { parseDag, pythonParser, ROOT, spanIn, spanOf } from '../support/harness';
import { corpusPath, needsSharedCorpus } from '../support/shared-corpus';

/** The text a range covers. */
const textOf = (text: string, r: OffsetRange) => text.slice(r.start, r.end);

/** Task ids in order, with the DAG id they belong to: `dag:task` (`?` for unknown). */
function taskIds(file: DagFile): string[] {
  return file.tasks.map((t) => {
    const dag = t.dag !== undefined ? (file.dags[t.dag]?.dagId?.value ?? '?') : '?';
    return `${dag}:${t.taskGroup ? `${t.taskGroup.value}.` : ''}${t.taskId?.value ?? '?'}`;
  });
}

/** Dependencies as `up>down` task ids. */
function deps(file: DagFile): string[] {
  const id = (i: number) => file.tasks[i]?.taskId?.value ?? `#${i}`;
  return file.dependencies.map((d) => `${id(d.upstream)}>${id(d.downstream)}`);
}

const kinds = (xs: readonly Xlet[]) =>
  xs.map((x) => `${x.kind}${x.kind === 'asset' || x.kind === 'entity' ? `:${x.className}` : ''}${x.boundName ? `@${x.boundName}` : ''}`);
const uriOf = (x: Xlet | undefined) =>
  x && (x.kind === 'asset' || x.kind === 'entity' || x.kind === 'ol-dataset')
    ? x.args.find((a) => a.name === 'uri' || a.name === '#0' || a.name === 'url')?.string?.value
    : undefined;

describe('dags: parseDagFile', () => {
  describe('imports and Airflow files', () => {
    it('records every import binding with its module, alias and range', () => {
      const text = 'import airflow\nimport airflow.datasets as ad\nfrom airflow.sdk import Asset as A, dag\nfrom .local import helper\n';
      const f = parseDag(text);
      assert.equal(f.isAirflow, true);
      assert.deepEqual(
        f.imports.map((i) => `${i.local}=${i.module}:${i.imported}`),
        [
          'airflow=airflow:airflow',
          'ad=airflow.datasets:airflow.datasets',
          'A=airflow.sdk:Asset',
          'dag=airflow.sdk:dag',
          'helper=.local:helper',
        ],
      );
      assert.equal(textOf(text, f.imports[2]!.range), 'Asset as A');
    });

    it('is not an Airflow file without an airflow import', () => {
      const f = parseDag('from pyspark.sql import SparkSession\n# airflow is mentioned in a comment\nx = 1\n');
      assert.equal(f.isAirflow, false);
      assert.deepEqual(f.dags, []);
      assert.equal(mentionsAirflow('import os\n'), false);
    });
  });

  describe('DAGs', () => {
    it('reads the three DAG forms and their ids (positional, keyword, decorated function name)', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.decorators import dag',
        'with DAG("with_form") as d1:',
        '    pass',
        'd2 = DAG(dag_id="call_form")',
        '@dag(schedule=None)',
        'def decorated_form():',
        '    pass',
        '@dag("positional_decorator")',
        'def ignored_name():',
        '    pass',
        '',
      ].join('\n');
      const f = parseDag(text);
      assert.deepEqual(
        f.dags.map((d) => `${d.form}:${d.dagId?.value}`),
        ['with:with_form', 'call:call_form', 'decorator:decorated_form', 'decorator:positional_decorator'],
      );
      assert.deepEqual(f.dags[0]!.range, spanOf(text, 'DAG("with_form")'));
      assert.deepEqual(f.dags[0]!.dagId!.range, spanOf(text, 'with_form'));
      assert.deepEqual(f.dags[2]!.dagId!.range, spanOf(text, 'decorated_form'));
      assert.equal(f.dags[2]!.dagId!.kind, 'literal');
      assert.equal(textOf(text, f.dags[2]!.range).split('\n')[0], '@dag(schedule=None)');
    });

    it("knows a DAG class from its import, and ignores another module's DAG", () => {
      const text = 'from airflow.models.dag import DAG as AirflowDag\nfrom mylib import DAG\nAirflowDag("a")\nDAG("b")\n';
      assert.deepEqual(
        parseDag(text).dags.map((d) => d.dagId?.value),
        ['a'],
      );
    });
  });

  describe('tasks and membership', () => {
    it('places tasks by with block, dag= keyword and @dag function; reads task_id and @task names', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.decorators import dag, task',
        'from airflow.operators.bash import BashOperator',
        'with DAG("w") as w:',
        '    a = BashOperator(task_id="a", bash_command="x")',
        'other = DAG("c")',
        'b = BashOperator(task_id="b", dag=other)',
        'loose = BashOperator(task_id="loose")',
        '@dag',
        'def d():',
        '    @task',
        '    def extract():',
        '        BashOperator(task_id="runtime_only")',
        '    @task.bash(task_id="renamed")',
        '    def shell():',
        '        return "echo"',
        '    extract() >> shell()',
        'd()',
        '',
      ].join('\n');
      const f = parseDag(text);
      assert.deepEqual(taskIds(f), ['w:a', 'c:b', '?:loose', 'd:extract', 'd:renamed']);
      assert.deepEqual(
        f.tasks.map((t) => t.operator),
        ['BashOperator', 'BashOperator', 'BashOperator', 'task', 'task.bash'],
      );
      assert.deepEqual(
        f.tasks.map((t) => t.variable),
        ['a', 'b', 'loose', undefined, undefined],
      );
      assert.deepEqual(f.tasks[0]!.taskId!.range, { start: spanOf(text, 'a", bash').start, end: spanOf(text, 'a", bash').start + 1 });
      assert.deepEqual(f.tasks[0]!.range, spanOf(text, 'BashOperator(task_id="a", bash_command="x")'));
      assert.deepEqual(f.tasks[3]!.taskId!.range, spanOf(text, 'extract', 1));
      assert.deepEqual(deps(f), ['extract>renamed']);
    });

    it('places a module-level @task where it is called, and a task factory where it is called (its return value is not followed)', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.decorators import task',
        'from airflow.operators.empty import EmptyOperator',
        '@task',
        'def shared():',
        '    return 1',
        'def make(n):',
        '    return EmptyOperator(task_id=f"made_{n}")',
        'with DAG("x"):',
        '    s = shared()',
        '    m = make(1)',
        '    s >> m',
        '',
      ].join('\n');
      const f = parseDag(text);
      assert.deepEqual(taskIds(f), ['x:shared', 'x:made_{n}']);
      assert.equal(f.tasks[1]!.taskId!.kind, 'expression');
      assert.deepEqual(deps(f), []);
    });

    it('prefixes task ids with task groups (TaskGroup and @task_group), except with prefix_group_id=False', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.decorators import task, task_group',
        'from airflow.utils.task_group import TaskGroup',
        'from airflow.operators.empty import EmptyOperator',
        'with DAG("g"):',
        '    with TaskGroup("outer"):',
        '        with TaskGroup(group_id="inner"):',
        '            EmptyOperator(task_id="deep")',
        '    with TaskGroup("flat", prefix_group_id=False):',
        '        EmptyOperator(task_id="flat_task")',
        '    @task_group',
        '    def section():',
        '        @task',
        '        def step():',
        '            pass',
        '        step()',
        '    section()',
        '',
      ].join('\n');
      const f = parseDag(text);
      assert.deepEqual(taskIds(f), ['g:outer.inner.deep', 'g:flat_task', 'g:section.step']);
      assert.deepEqual(f.tasks[0]!.taskGroup!.range, spanOf(text, 'inner'));
    });

    it('counts Operator/Sensor calls without task_id as tasks (being typed), and other calls with task_id', () => {
      const text =
        'from airflow import DAG\nwith DAG("t"):\n    S3KeySensor(bucket_key="k")\n    custom_factory(task_id="f")\n    dict(task_id="no")\n';
      const f = parseDag(text);
      assert.deepEqual(taskIds(f), ['t:?', 't:f']);
    });
  });

  describe('inlets and outlets', () => {
    const HEADER = [
      'from airflow import DAG',
      'from airflow.datasets import Dataset',
      'from airflow.operators.bash import BashOperator',
      '',
    ].join('\n');

    it('resolves names bound to objects and to lists, with where each is written and constructed', () => {
      const text = `${HEADER}ORDERS = Dataset("s3://lake/orders")\nBOTH = [ORDERS, Dataset("s3://lake/customers")]\nwith DAG("d"):\n    t = BashOperator(task_id="t", inlets=[ORDERS], outlets=BOTH)\n`;
      const f = parseDag(text);
      const t = f.tasks[0]!;
      assert.deepEqual(kinds(t.inlets), ['asset:Dataset@ORDERS']);
      const [inlet] = t.inlets;
      assert.deepEqual(inlet!.range, spanIn(text, 'inlets=[ORDERS]', 'ORDERS'));
      assert.deepEqual(inlet!.definitionRange, spanOf(text, 'Dataset("s3://lake/orders")'));
      assert.equal(inlet!.origin, 'inlets');
      assert.deepEqual(t.inletsRange, spanOf(text, 'inlets=[ORDERS]'));
      assert.deepEqual(t.outletsRange, spanOf(text, 'outlets=BOTH'));
      // Through the list name: both appear where `BOTH` is written; the first came through `ORDERS`.
      assert.deepEqual(kinds(t.outlets), ['asset:Dataset@ORDERS', 'asset:Dataset@BOTH']);
      assert.deepEqual(
        t.outlets.map((x) => x.range),
        [spanIn(text, 'outlets=BOTH', 'BOTH'), spanIn(text, 'outlets=BOTH', 'BOTH')],
      );
      assert.deepEqual(t.outlets.map(uriOf), ['s3://lake/orders', 's3://lake/customers']);
    });

    it('follows tuples, `+`, `*splat`, and lists grown with append/extend/+=', () => {
      const text = `${HEADER}A = Dataset("s3://b/a")\nB = Dataset("s3://b/b")\nC = Dataset("s3://b/c")\nL = [A]\nL.append(B)\nL.extend([C])\nL += [Dataset("s3://b/d")]\nwith DAG("d"):\n    BashOperator(task_id="t", inlets=(A, B), outlets=L + [*[C]])\n`;
      const t = parseDag(text).tasks[0]!;
      assert.deepEqual(t.inlets.map(uriOf), ['s3://b/a', 's3://b/b']);
      assert.deepEqual(t.outlets.map(uriOf), ['s3://b/a', 's3://b/b', 's3://b/c', 's3://b/d', 's3://b/c']);
    });

    it('reads inlets/outlets from default_args (a dict literal, a name bound to one, dict(), **spread)', () => {
      const text = `${HEADER}BASE = {"outlets": [Dataset("s3://b/out")]}\nARGS = {**BASE, "owner": "me", "inlets": [Dataset("s3://b/in")]}\nwith DAG("a", default_args=ARGS):\n    BashOperator(task_id="t")\nwith DAG("b", default_args=dict(inlets=[Dataset("s3://b/in2")])):\n    BashOperator(task_id="u")\n`;
      const f = parseDag(text);
      assert.deepEqual(f.dags[0]!.defaultInlets.map(uriOf), ['s3://b/in']);
      assert.deepEqual(f.dags[0]!.defaultOutlets.map(uriOf), ['s3://b/out']);
      assert.equal(f.dags[0]!.defaultInlets[0]!.origin, 'default_args.inlets');
      assert.deepEqual(f.dags[1]!.defaultInlets.map(uriOf), ['s3://b/in2']);
      assert.equal(f.tasks[0]!.inletsRange, undefined);
    });

    it('reads @task(...) and @task.bash(...) decorator xlets', () => {
      const text = `${HEADER}from airflow.decorators import dag, task\n@dag\ndef d():\n    @task(inlets=[Dataset("s3://b/i")])\n    def a(): ...\n    @task.bash(outlets=[Dataset("s3://b/o")])\n    def b(): return "x"\n    a() >> b()\nd()\n`;
      const f = parseDag(text);
      assert.deepEqual(
        f.tasks.map((t) => [...t.inlets, ...t.outlets].map(uriOf)),
        [['s3://b/i'], ['s3://b/o']],
      );
      assert.deepEqual(f.tasks[1]!.outletsRange, spanOf(text, 'outlets=[Dataset("s3://b/o")]'));
    });

    it('tells the classes apart by module: Airflow Table/File, OpenMetadata Table, OpenLineage Dataset, OMEntity', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.lineage.entities import Table, File',
        'from openlineage.client.event_v2 import Dataset as OLDataset',
        'from metadata.generated.schema.entity.data.table import Table as OMTable',
        'from metadata.ingestion.source.pipeline.airflow.lineage_parser import OMEntity',
        'from airflow.operators.bash import BashOperator',
        'with DAG("d"):',
        '    BashOperator(task_id="t", inlets=[Table(database="db", cluster="c", name="t"), File(url="s3://b/k"), OLDataset(namespace="n", name="x")],',
        '                 outlets=[OMTable(name="x"), OMEntity(entity=OMTable, fqn="svc.db.s.t", key="k")])',
        '',
      ].join('\n');
      const t = parseDag(text).tasks[0]!;
      assert.deepEqual(kinds(t.inlets), ['entity:Table', 'entity:File', 'ol-dataset']);
      assert.deepEqual(
        t.inlets.map((x) => (x.kind === 'entity' || x.kind === 'ol-dataset' ? x.module : undefined)),
        ['airflow.lineage.entities', 'airflow.lineage.entities', 'openlineage.client.event_v2'],
      );
      assert.deepEqual(kinds(t.outlets), ['unknown', 'om-entity']);
      const om = t.outlets[1]!;
      assert.equal(om.kind === 'om-entity' && om.module, 'metadata.ingestion.source.pipeline.airflow.lineage_parser');
    });

    it('reads OpenMetadata dict forms and Airflow 1.10 dicts', () => {
      const text = [
        'from airflow.decorators import dag, task',
        '@dag',
        'def d():',
        '    @task(inlets={"tables": ["svc.db.s.a", "svc.db.s.b"]}, outlets=[{"entity": "table", "fqn": "svc.db.s.c", "key": "k"}])',
        '    def t(): ...',
        '    @task(inlets={"auto": True})',
        '    def u(): ...',
        '    t() >> u()',
        'd()',
        '',
      ].join('\n');
      const [t, u] = parseDag(text).tasks;
      const legacy = t!.inlets[0]!;
      assert.equal(legacy.kind, 'legacy-dict');
      assert.ok(legacy.kind === 'legacy-dict');
      assert.deepEqual(
        legacy.entries.map((e) => [e.key.value, e.items?.map((i) => i.value)]),
        [['tables', ['svc.db.s.a', 'svc.db.s.b']]],
      );
      assert.deepEqual(legacy.entries[0]!.items![0]!.range, spanOf(text, 'svc.db.s.a'));
      const om = t!.outlets[0]!;
      assert.ok(om.kind === 'om-dict');
      assert.deepEqual(
        om.entries.map((e) => `${e.key.value}=${e.value?.value}`),
        ['entity=table', 'fqn=svc.db.s.c', 'key=k'],
      );
      const auto = u!.inlets[0]!;
      assert.ok(auto.kind === 'legacy-dict');
      assert.deepEqual(
        auto.entries.map((e) => `${e.key.value}=${e.value?.value}:${e.value?.kind}`),
        ['auto=True:expression'],
      );
    });

    it('keeps what it cannot resolve as unknown xlets', () => {
      const text = `${HEADER}from include.datasets import SHARED\nwith DAG("d"):\n    BashOperator(task_id="t", inlets=[SHARED, make_dataset(), "s3://b/plain"])\n`;
      const t = parseDag(text).tasks[0]!;
      assert.deepEqual(
        t.inlets.map((x) => (x.kind === 'unknown' ? x.text : x.kind)),
        ['SHARED', 'make_dataset()', '"s3://b/plain"'],
      );
    });
  });

  describe('schedules', () => {
    it('collects schedule assets from lists, asset expressions, AssetAny/AssetAll and *OrTimeSchedule', () => {
      const text = [
        'from airflow.sdk import DAG, Asset, AssetAny',
        'from airflow.timetables.assets import AssetOrTimeSchedule',
        'a = Asset("s3://b/a")',
        'b = Asset("s3://b/b")',
        'c = Asset("s3://b/c")',
        'LIST = [a, b]',
        'with DAG("l", schedule=LIST): pass',
        'with DAG("e", schedule=(a | (b & c))): pass',
        'with DAG("any", schedule=AssetAny(a, c)): pass',
        'with DAG("t", schedule=AssetOrTimeSchedule(timetable=None, assets=(a & b))): pass',
        'with DAG("cron", schedule="@daily"): pass',
        'with DAG("one", schedule=a): pass',
        '',
      ].join('\n');
      const f = parseDag(text);
      assert.deepEqual(
        f.dags.map((d) => `${d.dagId?.value}:${d.schedule.map(uriOf).join(',')}`),
        ['l:s3://b/a,s3://b/b', 'e:s3://b/a,s3://b/b,s3://b/c', 'any:s3://b/a,s3://b/c', 't:s3://b/a,s3://b/b', 'cron:', 'one:s3://b/a'],
      );
      assert.deepEqual(
        f.dags[1]!.schedule.map((x) => x.origin),
        ['schedule', 'schedule', 'schedule'],
      );
      assert.deepEqual(f.dags[1]!.schedule[0]!.range, spanIn(text, '(a | (b & c))', 'a'));
    });
  });

  describe('dependencies', () => {
    const TASKS = [
      'from airflow import DAG',
      'from airflow.models.baseoperator import chain, cross_downstream',
      'from airflow.operators.empty import EmptyOperator',
      'with DAG("deps"):',
      '    a = EmptyOperator(task_id="a")',
      '    b = EmptyOperator(task_id="b")',
      '    c = EmptyOperator(task_id="c")',
      '    d = EmptyOperator(task_id="d")',
      '',
    ].join('\n');

    it('reads >> chains with lists, and << (with the range of each link)', () => {
      const text = `${TASKS}    a >> [b, c] >> d\n    a << d\n`;
      const f = parseDag(text);
      assert.deepEqual(deps(f), ['a>b', 'a>c', 'b>d', 'c>d', 'd>a']);
      assert.equal(textOf(text, f.dependencies[0]!.range), 'a >> [b, c]');
      assert.equal(textOf(text, f.dependencies[2]!.range), '[b, c] >> d');
      assert.equal(textOf(text, f.dependencies[4]!.range), 'a << d');
    });

    it('reads set_upstream/set_downstream, chain (pairwise lists), cross_downstream', () => {
      const text = `${TASKS}    a.set_downstream(b)\n    d.set_upstream([b, c])\n    chain(a, [b, c], [d, a])\n    cross_downstream([a, b], [c, d])\n`;
      const f = parseDag(text);
      assert.deepEqual(deps(f), ['a>b', 'b>d', 'c>d', 'a>c', 'c>a', 'a>d', 'b>c']);
    });

    it('reads dependencies set on an operator call directly (`Op(...).set_downstream(x)`)', () => {
      const text = `${TASKS}    EmptyOperator(task_id="e").set_downstream(a)\n    [a, b] >> EmptyOperator(task_id="f")\n`;
      assert.deepEqual(deps(parseDag(text)), ['e>a', 'a>f', 'b>f']);
    });

    it('connects a task group by its roots and leaves', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.utils.task_group import TaskGroup',
        'from airflow.operators.empty import EmptyOperator',
        'with DAG("g"):',
        '    start = EmptyOperator(task_id="start")',
        '    with TaskGroup("tg") as tg:',
        '        x = EmptyOperator(task_id="x")',
        '        y = EmptyOperator(task_id="y")',
        '        x >> y',
        '    end = EmptyOperator(task_id="end")',
        '    start >> tg >> end',
        '',
      ].join('\n');
      assert.deepEqual(deps(parseDag(text)), ['x>y', 'start>x', 'y>end']);
    });

    it('follows .output, .expand() and .partial().expand()', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.decorators import task',
        'from airflow.operators.bash import BashOperator',
        'with DAG("m"):',
        '    @task',
        '    def numbers(): return [1, 2]',
        '    mapped = BashOperator.partial(task_id="mapped").expand(bash_command=["a"])',
        '    n = numbers()',
        '    n.output >> mapped',
        '',
      ].join('\n');
      const f = parseDag(text);
      assert.deepEqual(taskIds(f), ['m:numbers', 'm:mapped']);
      assert.equal(f.tasks[1]!.variable, 'mapped');
      assert.deepEqual(deps(f), ['numbers>mapped']);
    });
  });

  describe('strings', () => {
    it('keeps PyString kinds: literal, template, expression (f-strings, names, calls), and exactness', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.datasets import Dataset',
        'from airflow.operators.bash import BashOperator',
        'BUCKET = "s3://lake"',
        'with DAG("k"):',
        '    BashOperator(task_id="lit", inlets=[Dataset("s3://b/\\x6b"), Dataset("s3://b/{{ ds }}"), Dataset(f"{BUCKET}/x"), Dataset(BUCKET), Dataset(get_uri()), Dataset("s3://b/" "y"), Dataset(f"{BUCKET}/{run_id}")])',
        '    BashOperator(task_id=name_var)',
        '',
      ].join('\n');
      const f = parseDag(text);
      const args = f.tasks[0]!.inlets.map((x) => (x.kind === 'asset' ? x.args[0] : undefined));
      assert.deepEqual(
        args.map((a) => a?.string && `${a.string.kind}:${a.string.value}:${a.string.exact}`),
        [
          'literal:s3://b/k:false',
          'template:s3://b/{{ ds }}:true',
          // An f-string whose fields are names bound once to strings is computed as Python does when parsing the DAG.
          'literal:s3://lake/x:false',
          'literal:s3://lake:true',
          undefined,
          'literal:s3://b/y:false',
          // A field bound at run time keeps the whole f-string an expression.
          'expression:{BUCKET}/{run_id}:true',
        ],
      );
      // A name bound to a string resolves to the literal, whose range is where it is written.
      assert.deepEqual(args[3]!.string!.range, spanOf(text, 's3://lake'));
      assert.deepEqual(args[3]!.valueRange, spanIn(text, 'Dataset(BUCKET)', 'BUCKET'));
      assert.equal(args[4]!.valueText, 'get_uri()');
      assert.deepEqual(f.tasks[1]!.taskId, { value: 'name_var', range: spanOf(text, 'name_var'), kind: 'expression', exact: true });
    });
  });

  describe('files being edited', () => {
    it('keeps the intact statements around an unclosed call', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.datasets import Dataset',
        'from airflow.operators.bash import BashOperator',
        'A = Dataset("s3://b/a")',
        'with DAG("d") as dag:',
        '    a = BashOperator(task_id="a", outlets=[A]',
        '    b = BashOperator(task_id="b", inlets=[A])',
        '    c = BashOperator(task_id="c")',
        '    b >> c',
        'late = BashOperator(task_id="late", dag=dag)',
        '',
      ].join('\n');
      const f = parseDag(text);
      assert.deepEqual(taskIds(f), ['d:b', 'd:c', 'd:late']);
      assert.deepEqual(deps(f), ['b>c']);
      // Ranges still point into the real text.
      assert.deepEqual(f.tasks[0]!.inlets[0]!.range, spanIn(text, 'inlets=[A])', 'A'));
      assert.deepEqual(f.tasks[0]!.taskId!.range, spanIn(text, 'task_id="b"', 'b'));
    });

    it('keeps earlier tasks while the last statement is being typed', () => {
      const text =
        'from airflow import DAG\nfrom airflow.datasets import Dataset\nfrom airflow.operators.bash import BashOperator\nwith DAG("d"):\n    a = BashOperator(task_id="a", outlets=[Dataset("s3://b/a")])\n    b = BashOperator(task_id="b", inlets=[Dat';
      const f = parseDag(text);
      assert.deepEqual(taskIds(f).slice(0, 1), ['d:a']);
      assert.deepEqual(f.tasks[0]!.outlets.map(uriOf), ['s3://b/a']);
    });

    it('keeps the tasks after a DAG whose header is broken', () => {
      const text =
        'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nwith DAG("broken"\n    x = BashOperator(task_id="x")\n\nwith DAG("ok"):\n    y = BashOperator(task_id="y")\n';
      const f = parseDag(text);
      assert.deepEqual(taskIds(f), ['ok:y']);
    });

    it('without repair, still reads what tree-sitter recovered', () => {
      const text =
        'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nwith DAG("d"):\n    a = BashOperator(task_id="a")\n    b = BashOperator(task_id="b"\n';
      const f = parseDag(text, false);
      assert.ok(taskIds(f).includes('d:a'), taskIds(f).join(', '));
    });

    it('never throws on garbage, and returns a usable model', () => {
      const samples = [
        '',
        'from airflow import',
        'with DAG(:\n',
        '@task(\n@dag\ndef',
        'a >> >> b',
        'Dataset(("s3://',
        'x = [[[[[',
        '\u0000\u0001',
        'from airflow import DAG\n' + 'with DAG("x"):\n'.repeat(50),
      ];
      for (const s of samples) {
        const f = parseDagFile(pythonParser().parse(s), s, { reparse: (t) => pythonParser().parse(t) });
        assert.ok(Array.isArray(f.tasks) && Array.isArray(f.dags), JSON.stringify(s));
      }
    });
  });

  describe('real DAG files', () => {
    /** The text of a corpus DAG, failing (or skipping, with LINEAGE_LENS_SKIP_SHARED=1) when the corpus is missing. */
    const corpusDag = (ctx: Mocha.Context, path: string) => {
      needsSharedCorpus(ctx, corpusPath(path));
      return readFileSync(corpusPath(path), 'utf8');
    };

    it("reads Airflow 2's dataset example", function () {
      const f = parseDag(corpusDag(this, 'airflow-dags/airflow2_example_datasets.py'));
      assert.equal(f.dags.length, 6);
      assert.deepEqual(taskIds(f)[0], 'dataset_produces_1:producing_task_1');
      assert.deepEqual(
        f.dags.map((d) => d.schedule.length),
        [0, 0, 1, 2, 2, 2],
      );
      assert.deepEqual(kinds(f.tasks[0]!.outlets), ['asset:Dataset@dag1_dataset']);
    });

    it("reads Airflow 3's asset example (asset expressions, AssetOrTimeSchedule)", function () {
      const f = parseDag(corpusDag(this, 'airflow-dags/airflow3_example_assets.py'));
      assert.equal(f.dags.length, 10);
      assert.equal(f.tasks.length, 10);
      assert.deepEqual(
        f.dags.slice(6).map((d) => d.schedule.length),
        [2, 2, 3, 2],
      );
    });

    it('reads the Airflow 1.10 lineage example (set_downstream, dict xlets)', function () {
      const f = parseDag(corpusDag(this, 'airflow-dags/airflow1_10_example_lineage.py'));
      assert.deepEqual(taskIds(f), ['example_lineage:run_this_last', 'example_lineage:run_me_first']);
      assert.deepEqual(deps(f), ['run_me_first>run_this_last']);
      assert.deepEqual(kinds(f.tasks[1]!.outlets), ['legacy-dict']);
    });

    it("reads OpenMetadata's lineage example", function () {
      const f = parseDag(corpusDag(this, 'openmetadata/om_ingestion_examples_airflow_dags_airflow_lineage_example.py'));
      assert.deepEqual(taskIds(f), ['sample_lineage:generate_data', 'sample_lineage:generate_data2', 'sample_lineage:generate_data3']);
      assert.deepEqual(
        f.tasks.map((t) => kinds([...t.inlets, ...t.outlets]).join(',')),
        ['legacy-dict,legacy-dict', 'om-entity,om-entity', 'om-dict,om-dict'],
      );
    });

    it("reads the example Astro project's DAGs", () => {
      const f = parseDag(readFileSync(join(ROOT, 'examples', 'astro-project', 'dags', 'orders_etl.py'), 'utf8'));
      assert.deepEqual(taskIds(f), [
        'orders_etl:wait_for_orders_export',
        'orders_etl:load_orders',
        'orders_etl:load_customers',
        'orders_etl:merge_orders',
        'orders_etl:merge_customers',
      ]);
      assert.deepEqual(deps(f), ['wait_for_orders_export>load_orders', 'load_orders>merge_orders', 'load_customers>merge_customers']);
    });
  });
});
