/**
 * Every contributed snippet, expanded with its defaults (as VS Code inserts it when the user accepts every
 * placeholder), is put where users write it: a file the right family recognises (a fragment wrapped in the
 * smallest realistic file around it), in a workspace with the packages it is meant for. The family must
 * recognise the file, so a snippet cannot pass by being ignored, and our own rules must find no error or
 * warning in it. The contributions themselves are checked too: every file declared, with an existing language.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { loadPythonSpark } from '../../server/src/node/python';
import { createLanguageService, DEFAULT_SETTINGS, ProjectIndex, type LanguageService, type ProjectModel } from '../../server/src/service';
import { builtinFamilies } from '../../server/src/service/families';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Snippet {
  readonly prefix: string;
  readonly body: string[];
  readonly description: string;
}
interface Contribution {
  readonly language: string;
  readonly path: string;
}

/** Expands a snippet body the way VS Code does when the user accepts every default. */
export function expandSnippet(body: string[]): string {
  const text = body.join('\n');
  let out = text;
  // Nested placeholders resolve inside-out, so repeat until stable.
  for (let i = 0; i < 5; i++) {
    out = out
      .replace(/(?<!\\)\$\{\d+\|([^,|]*)(?:,[^|]*)?\|\}/g, '$1')
      .replace(/(?<!\\)\$\{\d+:([^{}$]*)\}/g, '$1')
      .replace(/(?<!\\)\$\{(?:TM_FILENAME_BASE|TM_FILENAME|RELATIVE_FILEPATH|CURRENT_YEAR)[^}]*\}/g, 'file');
  }
  return out
    .replace(/(?<!\\)\$\d+/g, '')
    .replace(/\\\$/g, '$')
    .replace(/\\\}/g, '}');
}

/**
 * `$NAME` / `${NAME}` that is neither a tab stop nor one of VS Code's variables: VS Code would insert the
 * name as a placeholder (`${OPENLINEAGE_URL}` becomes `OPENLINEAGE_URL`), so literal dollars must be `\$`.
 */
export function unknownVariables(body: string[]): string[] {
  const known =
    /^(TM_\w+|CLIPBOARD|RELATIVE_FILEPATH|WORKSPACE_\w+|CURRENT_\w+|RANDOM\w*|UUID|LINE_COMMENT|BLOCK_COMMENT_\w+|CURSOR_\w+|SELECTION)$/;
  const out: string[] = [];
  for (const line of body) {
    for (const m of line.matchAll(/(?<!\\)\$\{?([A-Za-z_]\w*)/g)) if (!known.test(m[1]!)) out.push(m[0]);
  }
  return out;
}

/** The VS Code language ids a stock VS Code (1.96+) has, of those snippets could target. */
const STOCK_LANGUAGES = new Set([
  'plaintext',
  'properties',
  'ini',
  'dockerfile',
  'dockercompose',
  'yaml',
  'json',
  'jsonc',
  'python',
  'shellscript',
  'toml',
  'sql',
  'xml',
  'java',
  'scala',
]);

// Workspaces the snippets are meant for: the files next to them that feed the project model.
const REQ = 'file:///w/requirements.txt';
const AIRFLOW2 = { [REQ]: 'apache-airflow==2.10.5\napache-airflow-providers-openlineage==2.1.0\napache-airflow-providers-amazon==9.2.0\n' };
const AIRFLOW3 = {
  [REQ]:
    'apache-airflow==3.0.2\napache-airflow-providers-openlineage==2.3.0\napache-airflow-providers-amazon==9.8.0\napache-airflow-providers-standard==1.2.0\n',
};
const AIRFLOW2_TRANSPORT = {
  ...AIRFLOW2,
  'file:///w/Dockerfile':
    'FROM quay.io/astronomer/astro-runtime:12.6.0\nENV AIRFLOW__OPENLINEAGE__TRANSPORT=\'{"type": "http", "url": "http://marquez:5000"}\'\n',
};
const LEGACY = { [REQ]: 'apache-airflow==2.7.3\nopenlineage-airflow==1.33.0\n' };
const OPENMETADATA = { [REQ]: 'apache-airflow==2.10.5\nopenmetadata-ingestion==1.6.2\n' };
const OPENMETADATA_CFG = {
  ...OPENMETADATA,
  'file:///w/airflow.cfg':
    '[lineage]\nbackend = airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend\nairflow_service_name = my_airflow\nopenmetadata_api_endpoint = http://localhost:8585/api\n',
};
const GX = { [REQ]: 'great_expectations==0.15.34\nopenlineage-integration-common[great_expectations]==1.39.0\n' };
const DBT = { [REQ]: 'dbt-postgres==1.9.0\nopenlineage-dbt==1.52.0\n' };
const PYTHON_CLIENT = { [REQ]: 'openlineage-python==1.52.0\n' };

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
const DAG_HEADER = `import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(dag_id="dbt_project", start_date=pendulum.datetime(2025, 1, 1, tz="UTC"), schedule=None, catchup=False):
`;
const GX_CHECKPOINT = `name: my_checkpoint
config_version: 1.0
class_name: Checkpoint
module_name: great_expectations.checkpoint
validations:
  - batch_request:
      datasource_name: my_datasource
      data_connector_name: default_inferred_data_connector_name
      data_asset_name: public.orders
    expectation_suite_name: orders.critical
action_list:
`;
const GX_CONFIG = `config_version: 3.0
datasources: {}
stores:
  validations_store:
    class_name: ValidationsStore
validations_store_name: validations_store
`;
const SPARK_HTTP_BASE = `spark.extraListeners io.openlineage.spark.agent.OpenLineageSparkListener
spark.jars.packages io.openlineage:openlineage-spark_2.12:1.52.0
spark.openlineage.transport.type http
spark.openlineage.transport.url http://localhost:5000
`;
const DATABRICKS_HTTP_BASE = `spark.extraListeners com.databricks.backend.daemon.driver.DBCEventLoggingListener,io.openlineage.spark.agent.OpenLineageSparkListener
spark.openlineage.transport.type http
spark.openlineage.transport.url https://lineage.example.com
`;

/** Where a snippet goes: the file, the family kind that must recognise it, its workspace and wrapping. */
interface Placement {
  readonly uri: string;
  /** The kind (of `LanguageService.fileKind`) one of the families must give the file. */
  readonly kind: string;
  readonly workspace?: Readonly<Record<string, string>>;
  readonly wrap?: (text: string) => string;
}

const ENV = 'file:///w/.env';
const CFG = 'file:///w/airflow.cfg';
const DOCKERFILE = 'file:///w/Dockerfile';
const COMPOSE = 'file:///w/docker-compose.override.yml';
const DAG = 'file:///w/dags/orders_etl.py';
const OL_YML = 'file:///w/openlineage.yml';
const OL_YML_JAVA = 'file:///w/spark/openlineage.yml';
const CHECKPOINT = 'file:///w/great_expectations/checkpoints/my_checkpoint.yml';
const astro = (t: string) => `FROM quay.io/astronomer/astro-runtime:12.6.0\n${t}`;
const airflowImage = (t: string) => `FROM apache/airflow:2.10.5\n${t}`;
const composeService = (t: string) => `services:\n  scheduler:\n${indent(t, '    ')}`;

/** Every snippet outside the Spark files, by prefix: a new snippet must say where it belongs. */
const PLACEMENTS: Record<string, Placement | Placement[]> = {
  'ol-airflow-env': { uri: ENV, kind: 'env-file', workspace: AIRFLOW2 },
  'ol-airflow-env-apikey': { uri: ENV, kind: 'env-file', workspace: AIRFLOW2 },
  'ol-airflow-env-options': { uri: ENV, kind: 'env-file', workspace: AIRFLOW2_TRANSPORT },
  'ol-airflow-legacy-env': { uri: ENV, kind: 'env-file', workspace: LEGACY },
  'ol-dbt-env': { uri: ENV, kind: 'dbt-settings', workspace: DBT },
  'ol-gx-env': { uri: ENV, kind: 'env-file', workspace: GX },
  'ol-openmetadata-env': { uri: ENV, kind: 'openmetadata-env', workspace: OPENMETADATA },
  'ol-airflow-cfg': { uri: CFG, kind: 'airflow-cfg', workspace: AIRFLOW2 },
  'ol-airflow-cfg-kafka': { uri: CFG, kind: 'airflow-cfg', workspace: { [REQ]: `${AIRFLOW2[REQ]}openlineage-python[kafka]==1.52.0\n` } },
  'ol-airflow-cfg-config-path': { uri: CFG, kind: 'airflow-cfg', workspace: AIRFLOW2 },
  'ol-openmetadata-cfg': { uri: CFG, kind: 'openmetadata-cfg', workspace: OPENMETADATA },
  'ol-airflow-dockerfile': { uri: DOCKERFILE, kind: 'dockerfile', workspace: AIRFLOW2, wrap: astro },
  'ol-airflow-legacy-dockerfile': {
    uri: DOCKERFILE,
    kind: 'dockerfile',
    workspace: LEGACY,
    wrap: (t) => `FROM apache/airflow:2.7.3\n${t}`,
  },
  'ol-dbt-dockerfile': { uri: DOCKERFILE, kind: 'dockerfile', workspace: AIRFLOW2_TRANSPORT, wrap: astro },
  'ol-openmetadata-dockerfile': { uri: DOCKERFILE, kind: 'openmetadata-env', workspace: OPENMETADATA, wrap: airflowImage },
  'ol-airflow-compose': { uri: COMPOSE, kind: 'compose', workspace: AIRFLOW2, wrap: composeService },
  'ol-airflow-compose-transport': { uri: COMPOSE, kind: 'compose', workspace: AIRFLOW2, wrap: composeService },
  'ol-openmetadata-compose': { uri: COMPOSE, kind: 'openmetadata-env', workspace: OPENMETADATA, wrap: composeService },
  'ol-airflow-requirements': {
    uri: REQ,
    kind: 'requirements',
    workspace: { [DOCKERFILE]: AIRFLOW2_TRANSPORT['file:///w/Dockerfile'] },
    wrap: (t) => `apache-airflow==2.10.5\n${t}`,
  },
  'ol-airflow-legacy-requirements': { uri: REQ, kind: 'requirements', wrap: (t) => `apache-airflow==2.4.3\n${t}` },
  'ol-python-requirements': { uri: REQ, kind: 'requirements' },
  'ol-dbt-requirements': { uri: REQ, kind: 'requirements' },
  'ol-gx-requirements': { uri: REQ, kind: 'requirements' },
  // openmetadata-ingestion alone is nothing to the Airflow family: it lives in an Airflow project's requirements.
  'ol-openmetadata-requirements': { uri: REQ, kind: 'requirements', wrap: (t) => `apache-airflow==2.10.5\n${t}` },
  'ol-yml-python-http': { uri: OL_YML, kind: 'openlineage-yml', workspace: PYTHON_CLIENT },
  'ol-yml-python-http-apikey': { uri: OL_YML, kind: 'openlineage-yml', workspace: PYTHON_CLIENT },
  'ol-yml-python-kafka': { uri: OL_YML, kind: 'openlineage-yml', workspace: { [REQ]: 'openlineage-python[kafka]==1.52.0\n' } },
  'ol-yml-python-file': { uri: OL_YML, kind: 'openlineage-yml', workspace: PYTHON_CLIENT },
  'ol-yml-console': [
    { uri: OL_YML, kind: 'openlineage-yml', workspace: PYTHON_CLIENT },
    { uri: OL_YML_JAVA, kind: 'openlineage-yml' },
  ],
  'ol-yml-java-http': { uri: OL_YML_JAVA, kind: 'openlineage-yml' },
  'ol-yml-java-http-apikey': { uri: OL_YML_JAVA, kind: 'openlineage-yml' },
  'ol-yml-java-kafka': { uri: OL_YML_JAVA, kind: 'openlineage-yml' },
  'ol-yml-java-file': { uri: OL_YML_JAVA, kind: 'openlineage-yml' },
  'ol-gx-action': [
    { uri: CHECKPOINT, kind: 'gx-checkpoint', workspace: GX, wrap: (t) => `${GX_CHECKPOINT}${indent(t, '  ')}\n` },
    {
      uri: 'file:///w/great_expectations/great_expectations.yml',
      kind: 'gx-config',
      workspace: GX,
      wrap: (t) =>
        `${GX_CONFIG}validation_operators:\n  action_list_operator:\n    class_name: ActionListValidationOperator\n    action_list:\n${indent(t, '      ')}\n`,
    },
  ],
  'ol-gx-checkpoint': { uri: CHECKPOINT, kind: 'gx-checkpoint', workspace: GX },
  'ol-gx-validation-operator': {
    uri: 'file:///w/great_expectations/great_expectations.yml',
    kind: 'gx-config',
    workspace: GX,
    wrap: (t) => `${GX_CONFIG}${t}`,
  },
  'ol-dbt-run': { uri: 'file:///w/scripts/run_dbt.sh', kind: 'dbt-shell', workspace: DBT },
  'ol-dbt-run-structured-logs': { uri: 'file:///w/scripts/run_dbt.sh', kind: 'dbt-shell', workspace: DBT },
  'ol-airflow-dag-datasets': { uri: DAG, kind: 'airflow-dag', workspace: AIRFLOW2 },
  'ol-airflow-dag-assets': { uri: DAG, kind: 'airflow-dag', workspace: AIRFLOW3 },
  'ol-airflow-dag-ol-datasets': { uri: DAG, kind: 'airflow-dag', workspace: AIRFLOW2 },
  'ol-dbt-airflow-bash': [
    {
      uri: DAG,
      kind: 'dbt-python',
      workspace: { [REQ]: `${AIRFLOW2[REQ]}openlineage-dbt==1.52.0\n` },
      wrap: (t) => DAG_HEADER + indent(t, '    '),
    },
    {
      uri: DAG,
      kind: 'airflow-dag',
      workspace: { [REQ]: `${AIRFLOW2[REQ]}openlineage-dbt==1.52.0\n` },
      wrap: (t) => DAG_HEADER + indent(t, '    '),
    },
  ],
  'ol-openmetadata-dag-xlets': { uri: DAG, kind: 'airflow-dag', workspace: OPENMETADATA_CFG },
  'ol-openmetadata-dag-callbacks': { uri: DAG, kind: 'openmetadata-dag', workspace: OPENMETADATA_CFG },
};

/** The Spark snippets (spark-conf, PySpark, spark-submit and init scripts) go by language, as before. */
function sparkPlacement(language: string, name: string, prefix: string, text: string): Placement | undefined {
  const uri = { 'spark-conf': 'file:///w/spark-defaults.conf', python: 'file:///w/job.py', shellscript: 'file:///w/submit.sh' }[language];
  if (!uri) return undefined;
  // Databricks snippets are judged in a Databricks context, as users would place them.
  const databricks = /databricks/i.test(name) || /databricks/i.test(prefix);
  // Add-on snippets (auth only) extend an HTTP transport configuration; judge them in one.
  const addOn = language === 'spark-conf' && !/transport\.type|extraListeners/.test(text);
  return {
    uri: databricks ? uri.replace('/w/', '/w/databricks/') : uri,
    kind: { 'spark-conf': 'spark-conf', python: 'spark-python', shellscript: 'spark-shell' }[language]!,
    ...(addOn ? { wrap: (t: string) => `${databricks ? DATABRICKS_HTTP_BASE : SPARK_HTTP_BASE}${t}` } : {}),
  };
}

const contributions = pkg.contributes.snippets as Contribution[];
const SPARK_FILES = new Set(['./snippets/spark-conf.json', './snippets/python-spark.json', './snippets/shell-spark.json']);

function snippetsOf(c: Contribution): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(root, c.path), 'utf8')) as Record<string, Snippet>;
}

function projectOf(workspace: Readonly<Record<string, string>> | undefined, uri: string, text: string): ProjectModel {
  const index = new ProjectIndex();
  for (const [u, t] of Object.entries(workspace ?? {})) index.update(u, t);
  // The server indexes the open document too.
  index.update(uri, text);
  return index.model;
}

describe('snippets', () => {
  let service: LanguageService;
  /** One service per family, to ask each family what it makes of a document. */
  let perFamily: LanguageService[];
  before(async () => {
    const python = await loadPythonSpark(join(root, 'dist'));
    const deps = { python: python.parse, pythonTree: python.tree };
    service = createLanguageService(deps);
    perFamily = builtinFamilies(deps).map((f) => createLanguageService({ families: [f] }));
  });

  let version = 0;
  for (const contribution of contributions) {
    for (const [name, snippet] of Object.entries(snippetsOf(contribution))) {
      it(`${contribution.path} "${name}" (${snippet.prefix}) expands to configuration our rules accept`, () => {
        const expanded = expandSnippet(snippet.body);
        const given = PLACEMENTS[snippet.prefix];
        const placements = given
          ? [given].flat()
          : SPARK_FILES.has(contribution.path)
            ? [sparkPlacement(contribution.language, name, snippet.prefix, expanded)]
            : [];
        assert.ok(placements.length && placements.every(Boolean), `no placement for ${snippet.prefix}: add it to PLACEMENTS`);
        for (const placement of placements as Placement[]) {
          const text = placement.wrap ? placement.wrap(expanded) : expanded;
          const doc = TextDocument.create(placement.uri, contribution.language, ++version, text);
          const project = projectOf(placement.workspace, placement.uri, text);
          const kinds = perFamily.map((s) => s.fileKind(doc, { project })).filter(Boolean);
          assert.ok(service.fileKind(doc, { project }), `the expanded snippet is not recognised at ${placement.uri}:\n${text}`);
          assert.ok(
            kinds.includes(placement.kind),
            `expected ${placement.kind} at ${placement.uri}, the families say ${JSON.stringify(kinds)}:\n${text}`,
          );
          const bad = service
            .validate(doc, DEFAULT_SETTINGS, { project })
            .filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
          assert.deepEqual(
            bad.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`),
            [],
            `at ${placement.uri}, expanded text:\n${text}`,
          );
        }
      });
    }
  }

  it('expands choices, defaults and escapes like VS Code', () => {
    assert.equal(expandSnippet(['a ${1|http,kafka|} ${2:x} $3 \\$HOME']), 'a http x  $HOME');
    assert.equal(expandSnippet(['${2:${1:name}} \\${VAR} ${1:name}']), 'name ${VAR} name');
    assert.deepEqual(unknownVariables(['${1:a} \\${OK} $0 ${OPENLINEAGE_URL} $HOME ${TM_FILENAME}']), ['${OPENLINEAGE_URL', '$HOME']);
  });

  it('declares every snippet file and only existing ones, each for a language VS Code has', () => {
    const files = readdirSync(join(root, 'snippets'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `./snippets/${f}`)
      .sort();
    assert.deepEqual(contributions.map((c) => c.path).sort(), files, 'every file in snippets/ is declared under contributes.snippets');
    const own = new Set((pkg.contributes.languages as { id: string }[]).map((l) => l.id));
    for (const c of contributions) {
      assert.ok(existsSync(join(root, c.path)), `${c.path} is declared but does not exist`);
      assert.ok(
        STOCK_LANGUAGES.has(c.language) || own.has(c.language),
        `${c.path}: language "${c.language}" is neither built into VS Code nor contributed by the extension`,
      );
    }
  });

  it('gives every snippet an ol- prefix (unique), a description and a body without unknown variables', () => {
    const seen = new Map<string, string>();
    for (const c of contributions) {
      for (const [name, s] of Object.entries(snippetsOf(c))) {
        assert.match(s.prefix, /^ol-[a-z0-9]+(-[a-z0-9]+)+$/, `${c.path} "${name}": prefix ol-<integration>-<what>`);
        assert.ok(!seen.has(s.prefix), `${s.prefix} is used by "${seen.get(s.prefix)}" and "${name}"`);
        seen.set(s.prefix, name);
        assert.ok(
          s.description.length > 30 && Array.isArray(s.body) && s.body.length,
          `${c.path} "${name}" needs a description and a body`,
        );
        assert.deepEqual(unknownVariables(s.body), [], `${c.path} "${name}": escape literal dollars as \\$`);
      }
    }
    // Every placement names a snippet that exists (no stale entries).
    for (const prefix of Object.keys(PLACEMENTS)) assert.ok(seen.has(prefix), `PLACEMENTS names ${prefix}, which no snippet has`);
  });
});
