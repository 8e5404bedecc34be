/**
 * Which project a file belongs to, and the evidence its verdicts rest on (issue 13, kind 1): several Airflow
 * images in one repository, compose services that build or mount, ARG defaults and build args, `${VAR:-…}`
 * with `.env`, course chapters, MWAA versions in infrastructure code, `_PIP_ADDITIONAL_REQUIREMENTS`,
 * openlineage-spark pinned outside the Spark conf, `.airflowignore`, and sources that disagree.
 */
import assert from 'node:assert/strict';
import { byRule, hover, msg, none, one, projectOfFile, validate, ws, type Files } from '../support/harness';

const ASSET_DAG =
  'from airflow.sdk import DAG, Asset\nfrom airflow.providers.standard.operators.bash import BashOperator\nwith DAG("d", schedule=None) as dag:\n    BashOperator(task_id="t", bash_command="true", outlets=[Asset("s3://b/k")])\n';
const dags = (path: string, files: Files) => validate(ws(path), ASSET_DAG, { project: files, family: 'dags' });

/** A repository with a stale Airflow 2 image and the Airflow 3 image its compose file builds. */
const TWO_IMAGES: Files = {
  Dockerfile: 'FROM apache/airflow:2.10.5\n',
  'images/airflow-3/Dockerfile': 'FROM apache/airflow:3.0.2-python3.12\nRUN pip install apache-airflow-providers-openlineage==2.3.0\n',
  'docker-compose.yaml':
    'x-airflow-common: &airflow-common\n  build:\n    context: ./images/airflow-3\n  volumes:\n    - ./dags:/opt/airflow/dags\nservices:\n  airflow-scheduler:\n    <<: *airflow-common\n    command: scheduler\n  postgres:\n    image: postgres:16\n',
};

describe('project scopes', () => {
  it('judges DAGs by the image the compose service that mounts them builds, and names that evidence', () => {
    none(dags('dags/etl.py', TWO_IMAGES), 'dags/asset-import');
    const m = projectOfFile(TWO_IMAGES, 'dags/etl.py');
    assert.equal(m.airflow?.text, '3.0.2');
    assert.equal(
      m.airflow?.how,
      'the apache/airflow:3.0.2-python3.12 image in images/airflow-3/Dockerfile, built by docker-compose.yaml (service airflow-scheduler)',
    );
    assert.ok(m.packages.has('apache-airflow-providers-openlineage'), 'the built image installs the provider');
  });

  it('says the sources disagree, and raises no error, when nothing tells which image runs a DAG', () => {
    const files: Files = { Dockerfile: 'FROM apache/airflow:2.10.5\n', 'requirements.txt': 'apache-airflow==3.0.2\n' };
    none(dags('dags/etl.py', files), 'dags/asset-import');
    const entities = 'from airflow import DAG\nfrom airflow.lineage.entities import File\n';
    const d = one(
      validate(ws('dags/old.py'), entities, { project: files, family: 'dags' }),
      'dags/lineage-entities-airflow3',
      'File',
      'information',
    );
    assert.match(
      msg(d),
      /Airflow version sources disagree: 2\.10\.5 \(from the apache\/airflow:2\.10\.5 image in Dockerfile\) and 3\.0\.2 \(from apache-airflow==3\.0\.2 in requirements\.txt\)/,
    );
  });

  it('takes FROM $ARG from its default, and the build args compose passes', () => {
    const dockerfile = 'ARG AIRFLOW_IMAGE=apache/airflow:2.9.3\nFROM ${AIRFLOW_IMAGE} AS base\nFROM base\nUSER airflow\n';
    assert.equal(projectOfFile({ Dockerfile: dockerfile }, 'dags/a.py').airflow?.text, '2.9.3');
    const compose =
      'services:\n  webserver:\n    build:\n      context: .\n      args:\n        AIRFLOW_IMAGE: apache/airflow:3.0.1\n    command: airflow webserver\n    volumes: ["./dags:/opt/airflow/dags"]\n';
    assert.equal(projectOfFile({ Dockerfile: dockerfile, 'compose.yaml': compose }, 'dags/a.py').airflow?.text, '3.0.1');
  });

  it('reads compose image: with ${VAR:-default}, the .env beside it, and merge keys', () => {
    const compose =
      'x-airflow-common:\n  &airflow-common\n  image: ${AIRFLOW_IMAGE_NAME:-apache/airflow:2.8.4}\n  environment:\n    _PIP_ADDITIONAL_REQUIREMENTS: ${_PIP_ADDITIONAL_REQUIREMENTS:-} apache-airflow-providers-openlineage==1.14.0\n  volumes:\n    - ${AIRFLOW_PROJ_DIR:-.}/dags:/opt/airflow/dags\nservices:\n  airflow-worker:\n    <<: *airflow-common\n    command: celery worker\n';
    const m = projectOfFile({ 'docker-compose.yaml': compose }, 'dags/x.py');
    assert.equal(m.airflow?.text, '2.8.4');
    assert.match(m.airflow!.how, /apache\/airflow:2\.8\.4 image in docker-compose\.yaml \(service airflow-worker\)/);
    assert.equal(m.packages.get('apache-airflow-providers-openlineage')?.pinnedText, '1.14.0', '_PIP_ADDITIONAL_REQUIREMENTS installs it');
    const withEnv = projectOfFile({ 'docker-compose.yaml': compose, '.env': 'AIRFLOW_IMAGE_NAME=apache/airflow:3.0.0\n' }, 'dags/x.py');
    assert.equal(withEnv.airflow?.text, '3.0.0');
  });

  it('keeps the chapters of a course apart: each folder is its own project', () => {
    const files: Files = {
      'chapter-1/docker-compose.yml': 'services:\n  airflow:\n    image: apache/airflow:2.7.3\n',
      'chapter-2/docker-compose.yml': 'services:\n  airflow:\n    image: apache/airflow:3.0.2\n',
    };
    one(dags('chapter-1/dags/etl.py', files), 'dags/asset-import', 'Asset', 'error');
    none(dags('chapter-2/dags/etl.py', files), 'dags/asset-import');
    assert.equal(projectOfFile(files, 'chapter-1/dags/etl.py').root, ws('chapter-1/'));
  });

  it('inherits the version of the enclosing project when a nested folder only adds requirements', () => {
    const files: Files = { Dockerfile: 'FROM apache/airflow:2.10.2\n', 'dags/team/requirements.txt': 'pandas==2.2.0\n' };
    assert.equal(projectOfFile(files, 'dags/team/job.py').airflow?.text, '2.10.2');
  });

  it('reads the MWAA environment version from infrastructure code, through a constant', () => {
    const files: Files = {
      'constants.py': 'MWAA_VERSION = "2.6.3"\n',
      'stacks/mwaa.py':
        'from aws_cdk import aws_mwaa as mwaa\nimport constants\nmwaa.CfnEnvironment(self, "env", airflow_version=constants.MWAA_VERSION)\n',
      'mwaa/requirements.txt': 'openlineage-airflow==1.4.1\n',
      'requirements.txt': 'aws-cdk-lib==2.100.0\n',
    };
    const m = projectOfFile(files, 'mwaa/requirements.txt');
    assert.equal(m.airflow?.text, '2.6.3');
    assert.match(m.airflow!.how, /MWAA environment's airflow_version in stacks\/mwaa\.py \(MWAA_VERSION in constants\.py\)/);
    const tf = projectOfFile({ 'main.tf': 'resource "aws_mwaa_environment" "e" {\n  airflow_version = "2.8.1"\n}\n' }, 'dags/a.py');
    assert.equal(tf.airflow?.text, '2.8.1');
  });

  it('reads the Airflow version an MWAA requirements file installs against, from its constraints URL', () => {
    const files: Files = {
      'mwaa/requirements.txt':
        '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.7.2/constraints-3.11.txt"\napache-airflow-providers-openlineage==1.1.0\n',
    };
    const m = projectOfFile(files, 'mwaa/dags/etl.py');
    assert.equal(m.airflow?.text, '2.7.2');
    assert.equal(m.airflow?.how, 'the Airflow 2.7.2 constraints in requirements.txt');
    one(dags('mwaa/dags/etl.py', files), 'dags/asset-import', 'Asset', 'error');
  });

  it('stays quiet on a DAG file that .airflowignore excludes', () => {
    const files: Files = {
      'requirements.txt': 'apache-airflow==2.10.4\n',
      'dags/.airflowignore': '# scratch\n\\.exampledag\\.py\nold/*\n',
    };
    none(dags('dags/.exampledag.py', files), 'dags/asset-import');
    none(dags('dags/old/a.py', files), 'dags/asset-import');
    one(dags('dags/etl.py', files), 'dags/asset-import', 'Asset', 'error');
  });

  it('counts lineage settings wherever they are written: "nothing configured" means nothing anywhere', () => {
    const files: Files = {
      'workflows/airflow/requirements.txt': 'apache-airflow-providers-openlineage==1.4.0\n',
      'docker/airflow/docker-compose.yml':
        'services:\n  airflow-webserver:\n    image: apache/airflow:2.8.1\n    environment:\n      OPENLINEAGE_URL: http://marquez:5000\n',
    };
    const check = (f: Files) =>
      validate(ws('workflows/airflow/requirements.txt'), f['workflows/airflow/requirements.txt']!, { project: f, family: 'airflow' });
    none(check(files), 'airflow/nothing-configured');
    one(
      check({ 'workflows/airflow/requirements.txt': files['workflows/airflow/requirements.txt']! }),
      'airflow/nothing-configured',
      'apache-airflow-providers-openlineage==1.4.0',
      'warning',
    );
  });

  it('shows the project model on a DAG file’s first line', () => {
    const h = hover(ws('dags/etl.py'), `|${ASSET_DAG}`, { project: TWO_IMAGES }).markdown;
    assert.ok(h, 'a hover on line 1');
    assert.match(h, /this file’s project/);
    assert.match(h, /Airflow 3\.0\.2 \(from the apache\/airflow:3\.0\.2-python3\.12 image in images\/airflow-3\/Dockerfile/);
    assert.match(h, /apache-airflow-providers-openlineage==2\.3\.0 in Dockerfile/);
  });
});

describe('openlineage-spark pinned elsewhere in the project', () => {
  const JOB =
    'from pyspark.sql import SparkSession\nspark = (SparkSession.builder\n    .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")\n    .config("spark.openlineage.host", "http://marquez:5000")\n    .getOrCreate())\n';
  const spark = (path: string, files: Files) => validate(ws(path), JOB, { project: files, family: 'spark' });

  it('is a warning, naming the pin, when a DAG submits the job with an old listener', () => {
    const files: Files = {
      'requirements.txt': 'apache-airflow==2.2.5\n',
      'dags/etl.py': 'PACKAGES = "io.openlineage:openlineage-spark:0.3.0,org.apache.hadoop:hadoop-aws:3.2.0"\n',
    };
    const d = one(spark('dags/spark/job.py', files), 'spark/legacy-key', 'spark.openlineage.host', 'warning');
    assert.match(msg(d), /later versions silently ignore it/);
    assert.match(
      msg(d),
      /openlineage-spark 0\.3\.0 \(`io\.openlineage:openlineage-spark:0\.3\.0` in dags\/etl\.py line 1\) still reads it/,
    );
  });

  it('reads jar names in Dockerfiles and Maven/sbt build files', () => {
    const docker = {
      'spark/Dockerfile': 'FROM bitnami/spark:3.1\nRUN curl -o /opt/jars/openlineage-spark-0.3.1.jar https://repo1.maven.org/x\n',
      'requirements.txt': 'pyspark\n',
    };
    one(spark('jobs/job.py', docker), 'spark/legacy-key', 'spark.openlineage.host', 'warning');
    const sbt = { 'build.sbt': 'libraryDependencies += "io.openlineage" %% "openlineage-spark" % "0.21.1"\n' };
    one(spark('src/job.py', sbt), 'spark/legacy-key', 'spark.openlineage.host', 'warning');
  });

  it('is information when the project pins versions on both sides of the removal', () => {
    const files: Files = {
      'run.sh':
        'spark-submit --packages io.openlineage:openlineage-spark:0.3.0 a.py\nspark-submit --packages io.openlineage:openlineage-spark_2.12:1.20.0 b.py\n',
      'requirements.txt': 'pyspark\n',
    };
    const d = one(spark('job.py', files), 'spark/legacy-key', 'spark.openlineage.host', 'information');
    assert.match(msg(d), /several versions: openlineage-spark 0\.3\.0 .* still reads it, openlineage-spark 1\.20\.0 .* does not/);
  });

  it('is an error when no pin is found, or only in a sibling project', () => {
    one(spark('job.py', {}), 'spark/legacy-key', 'spark.openlineage.host', 'error');
    const sibling: Files = {
      'a/requirements.txt': 'pyspark\n',
      'a/run.sh': 'spark-submit --packages io.openlineage:openlineage-spark:0.3.0 x.py\n',
      'b/requirements.txt': 'pyspark\n',
    };
    assert.equal(byRule(spark('b/job.py', sibling), 'spark/legacy-key')[0]?.severity, 1);
  });

  it('outside every project, takes only pins in the file’s folder or above it', () => {
    const loose: Files = { 'x/run.sh': 'spark-submit --packages io.openlineage:openlineage-spark:0.3.0 job.py\n' };
    one(spark('x/sub/job.py', loose), 'spark/legacy-key', 'spark.openlineage.host', 'warning');
    one(spark('y/job.py', loose), 'spark/legacy-key', 'spark.openlineage.host', 'error');
  });
});
