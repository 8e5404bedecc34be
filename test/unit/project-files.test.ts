/**
 * The project-file glob the extension watches (protocol/project-files.ts) against the service's file-kind
 * registry (projectFileKind) and the Airflow family's files: every file the project model reads is watched,
 * and every watched name is one the service reads.
 */
import assert from 'node:assert/strict';
import { PROJECT_FILE_NAMES, PROJECT_FILES } from '../../protocol/project-files';
import { airflowKind } from '../../server/src/service/airflow/document';
import { projectFileKind } from '../../server/src/service/project/index';
import { isPredictSource } from '../../server/src/service/predict/files';

/** A VS Code file-name pattern (`*` within one name, no braces) as a regular expression. */
function nameRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

const watched = (name: string) => PROJECT_FILE_NAMES.some((p) => nameRegex(p).test(name));

describe('project files (protocol/project-files.ts)', () => {
  it('watches every file the project model reads (Python files aside: the editor opens them)', () => {
    const names = [
      '.env',
      '.env.local',
      '.env.production',
      'prod.env',
      'Dockerfile',
      'Dockerfile.dev',
      'base.dockerfile',
      'docker-compose.yml',
      'docker-compose.override.yaml',
      'compose.yaml',
      'compose-dev.yml',
      'requirements.txt',
      'requirements-dev.txt',
      'constraints-3.11.txt',
      'pyproject.toml',
      'airflow.cfg',
      'great_expectations.yml',
      'dbt_project.yml',
      'openlineage.yml',
      'openlineage.yaml',
      '.airflowignore',
      'pom.xml',
      'build.sbt',
      'spark-defaults.conf',
      'run.sh',
      'main.tf',
      'start-airflow.sh',
      'values.yaml',
      'deployment.yml',
      'mwaa.tf',
    ];
    for (const name of names) {
      assert.ok(projectFileKind(`file:///ws/${name}`), `${name} is not a project file to the service`);
      assert.ok(watched(name), `${name} is read by the project model but not watched`);
    }
  });

  it('watches only files the service reads', () => {
    for (const pattern of PROJECT_FILE_NAMES) {
      const name = pattern.replace(/\*/g, 'x');
      const uri =
        name === 'config.yaml'
          ? 'file:///ws/.astro/config.yaml'
          : name === 'manifest.json'
            ? 'file:///ws/target/manifest.json'
            : `file:///ws/${name}`;
      assert.ok(
        projectFileKind(uri) ?? airflowKind(uri, 'apache-airflow openlineage') ?? (isPredictSource(uri) || undefined),
        `${pattern} is watched but the service does not read ${name}`,
      );
    }
  });

  it('watches the files lineage predictions read: SQL templates, dbt manifests, connection exports', () => {
    for (const name of ['load_orders.sql', 'manifest.json', 'connections.json', 'prod_connections.json'])
      assert.ok(watched(name), `${name} is read by predictions but not watched`);
    assert.ok(isPredictSource('file:///ws/dbt/target/manifest.json'));
    assert.ok(!isPredictSource('file:///ws/web/manifest.json'), 'only dbt’s target/manifest.json');
    assert.ok(!isPredictSource('file:///ws/package.json'));
  });

  it('is one level of alternatives (VS Code globs do not nest braces)', () => {
    assert.equal(PROJECT_FILES, `**/{${PROJECT_FILE_NAMES.join(',')}}`);
    assert.ok(PROJECT_FILE_NAMES.every((p) => !/[{},]/.test(p)));
  });
});
